"""Candidates' declared conflicts of interest with organisations, which keep them out of those
organisations' challenged posts.

Revision ID: 0021_add_candidate_conflicts
Revises: 0020_create_placements
Create Date: 2026-12-03 14:28:43.897380
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_add_candidate_conflicts"
down_revision = "0020_create_placements"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "candidate_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_by_id", sa.Integer(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declared_by_id"], ["accounts.id"], name=op.f("fk_candidate_conflicts_declared_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_candidate_conflicts_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_candidate_conflicts_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_conflicts")),
        sa.UniqueConstraint("person_id", "organisation_id", name="uq_candidate_conflicts_person_org"),
    )
    with op.batch_alter_table("candidate_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_conflicts_person_id"), ["person_id"], unique=False)


def downgrade():
    with op.batch_alter_table("candidate_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_conflicts_person_id"))

    op.drop_table("candidate_conflicts")
