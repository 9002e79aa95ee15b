"""People listed in surname order a page at a time: an index matching the order, so any page
(the first or the last of 1.3 million) is read from the index, not by sorting everyone.

Revision ID: 0014_add_people_name_index
Revises: 0013_add_audit_subject_index
Create Date: 2026-12-03 09:05:00
"""

from alembic import op

revision = "0014_add_people_name_index"
down_revision = "0013_add_audit_subject_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_people_name_order", "people", ["family_name", "given_name", "id"])


def downgrade():
    op.drop_index("ix_people_name_order", table_name="people")
