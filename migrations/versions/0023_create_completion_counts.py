"""The appraisal completion report's summary for regions and England: people in post per
organisation, cycle year and appraisal state.

Revision ID: 0023_create_completion_counts
Revises: 0022_create_workforce_counts
Create Date: 2026-12-03 17:28:10.329590
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_create_completion_counts"
down_revision = "0022_create_workforce_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "appraisal_completion_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_appraisal_completion_counts_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_completion_counts")),
        sa.UniqueConstraint("year", "organisation_id", "state", name="uq_appraisal_completion_counts_cell"),
    )


def downgrade():
    op.drop_table("appraisal_completion_counts")
