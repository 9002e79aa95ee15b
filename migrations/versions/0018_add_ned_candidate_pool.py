"""Moderation changes to submitted panel scores (from, to, who, why), and the national NED
candidate pool.

Revision ID: 0018_add_ned_candidate_pool
Revises: 0017_create_board_appointments
Create Date: 2026-12-03 13:51:46.939076
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_add_ned_candidate_pool"
down_revision = "0017_create_board_appointments"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ned_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "scheme",
            sa.Enum(
                "none",
                "next_director",
                "aspirant_chair",
                name="pool_candidate_scheme",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("skills", sa.String(length=400), nullable=False),
        sa.Column("interested_in_chair", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_ned_candidates_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_candidates")),
        sa.UniqueConstraint("person_id", name=op.f("uq_ned_candidates_person_id")),
    )
    op.create_table(
        "ned_score_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_id", sa.Integer(), nullable=False),
        sa.Column("from_score", sa.Integer(), nullable=False),
        sa.Column("to_score", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("to_score BETWEEN 0 AND 4", name=op.f("ck_ned_score_changes_to_score_in_range")),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["accounts.id"], name=op.f("fk_ned_score_changes_changed_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["score_id"],
            ["ned_panel_scores.id"],
            name=op.f("fk_ned_score_changes_score_id_ned_panel_scores"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_score_changes")),
    )
    with op.batch_alter_table("ned_score_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ned_score_changes_score_id"), ["score_id"], unique=False)


def downgrade():
    with op.batch_alter_table("ned_score_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ned_score_changes_score_id"))

    op.drop_table("ned_score_changes")
    op.drop_table("ned_candidates")
