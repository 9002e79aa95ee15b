"""The talent pipeline dashboard's summary: people by home organisation in each cell of the
dashboard's conversation, senior staff and diversity tables, so that no view joins every
current conversation to the equality answers.

Revision ID: 0024_create_pipeline_counts
Revises: 0023_create_completion_counts
Create Date: 2026-12-03 19:19:07.739586
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_create_pipeline_counts"
down_revision = "0023_create_completion_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pipeline_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("breakdown", sa.String(length=20), nullable=False),
        sa.Column("row_key", sa.String(length=60), nullable=False),
        sa.Column("column_key", sa.String(length=60), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_pipeline_counts_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_counts")),
        sa.UniqueConstraint("breakdown", "organisation_id", "row_key", "column_key", name="uq_pipeline_counts_cell"),
    )


def downgrade():
    op.drop_table("pipeline_counts")
