"""Audit entries found by the record they are about, for the history shown on a record's page.

Revision ID: 0013_add_audit_subject_index
Revises: 0012_add_feedback_release
Create Date: 2026-12-03 08:00:00
"""

from alembic import op

revision = "0013_add_audit_subject_index"
down_revision = "0012_add_feedback_release"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_audit_events_subject", "audit_events", ["subject_type", "subject_id", "id"])


def downgrade():
    op.drop_index("ix_audit_events_subject", table_name="audit_events")
