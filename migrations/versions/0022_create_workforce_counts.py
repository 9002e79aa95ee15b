"""The workforce profile's summary: filled current posts per organisation by band group and one
answer to one equality question, so that no page counts the national workforce.

Revision ID: 0022_create_workforce_counts
Revises: 0021_add_candidate_conflicts
Create Date: 2026-12-03 16:54:08.072481
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_create_workforce_counts"
down_revision = "0021_add_candidate_conflicts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "workforce_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("characteristic", sa.String(length=20), nullable=False),
        sa.Column("band_group", sa.String(length=60), nullable=False),
        sa.Column("answer", sa.String(length=40), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_workforce_counts_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workforce_counts")),
        sa.UniqueConstraint(
            "characteristic", "organisation_id", "band_group", "answer", name="uq_workforce_counts_cell"
        ),
    )


def downgrade():
    op.drop_table("workforce_counts")
