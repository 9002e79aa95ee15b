"""Shortlists for challenged posts (from a match run or by hand, with the reason) and placements
with their outcomes.

Revision ID: 0020_create_placements
Revises: 0019_create_challenged_posts
Create Date: 2026-12-03 14:18:44.191769
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_create_placements"
down_revision = "0019_create_challenged_posts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenged_post_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("previous_organisation_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("segment_at_placement", sa.Integer(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenged_post_id"],
            ["challenged_posts.id"],
            name=op.f("fk_placements_challenged_post_id_challenged_posts"),
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_placements_person_id_people")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_placements_post_id_posts")),
        sa.ForeignKeyConstraint(
            ["previous_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_placements_previous_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_placements_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
        sa.UniqueConstraint("challenged_post_id", name="uq_placements_challenged_post"),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placements_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_region_id"), ["region_id"], unique=False)

    op.create_table(
        "shortlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("run_rank", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "shortlisted",
                "removed",
                "interviewed",
                "selected",
                "not_selected",
                "offered",
                "declined",
                "placed",
                name="shortlist_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["accounts.id"], name=op.f("fk_shortlist_entries_added_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_shortlist_entries_person_id_people")),
        sa.ForeignKeyConstraint(
            ["post_id"], ["challenged_posts.id"], name=op.f("fk_shortlist_entries_post_id_challenged_posts")
        ),
        sa.ForeignKeyConstraint(["run_id"], ["match_runs.id"], name=op.f("fk_shortlist_entries_run_id_match_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shortlist_entries")),
        sa.UniqueConstraint("post_id", "person_id", name="uq_shortlist_entries_post_person"),
    )
    with op.batch_alter_table("shortlist_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shortlist_entries_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shortlist_entries_post_id"), ["post_id"], unique=False)


def downgrade():
    with op.batch_alter_table("shortlist_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortlist_entries_post_id"))
        batch_op.drop_index(batch_op.f("ix_shortlist_entries_person_id"))

    op.drop_table("shortlist_entries")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placements_region_id"))
        batch_op.drop_index(batch_op.f("ix_placements_person_id"))

    op.drop_table("placements")
