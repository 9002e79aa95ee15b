"""The appraisal fairness report's summary for regions and England: rated appraisals per
organisation, cycle year, measure, rating and answer to one equality question.

Revision ID: 0025_create_fairness_counts
Revises: 0024_create_pipeline_counts
Create Date: 2026-12-03 19:57:46.517116
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_create_fairness_counts"
down_revision = "0024_create_pipeline_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "appraisal_fairness_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=20), nullable=False),
        sa.Column("characteristic", sa.String(length=20), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=40), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_appraisal_fairness_counts_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_fairness_counts")),
        sa.UniqueConstraint(
            "year",
            "measure",
            "characteristic",
            "organisation_id",
            "rating",
            "answer",
            name="uq_appraisal_fairness_counts_cell",
        ),
    )


def downgrade():
    op.drop_table("appraisal_fairness_counts")
