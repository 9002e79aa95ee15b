"""Challenged posts, incentive packages (templates and copies, with national approval), matching
weights per region, and match runs with their results; experience tags on talent conversations.

Revision ID: 0019_create_challenged_posts
Revises: 0018_add_ned_candidate_pool
Create Date: 2026-12-03 13:59:07.202949
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_create_challenged_posts"
down_revision = "0018_add_ned_candidate_pool"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_weights",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("weights", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_match_weights_region_id_regions")),
        sa.PrimaryKeyConstraint("region_id", name=op.f("pk_match_weights")),
    )
    op.create_table(
        "incentive_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_template", sa.Boolean(), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("base_salary_pounds", sa.Integer(), nullable=False),
        sa.Column("uplift_percent", sa.Integer(), nullable=False),
        sa.Column("uplift_months", sa.Integer(), nullable=False),
        sa.Column("relocation_pounds", sa.Integer(), nullable=False),
        sa.Column("ceo_mentoring", sa.Boolean(), nullable=False),
        sa.Column("protected_development_days", sa.Integer(), nullable=False),
        sa.Column("return_guarantee", sa.Boolean(), nullable=False),
        sa.Column("bonus_percent", sa.Integer(), nullable=False),
        sa.Column(
            "approval",
            sa.Enum(
                "not_needed",
                "awaiting",
                "approved",
                "refused",
                name="package_approval",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("approval_note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("bonus_percent BETWEEN 0 AND 10", name=op.f("ck_incentive_packages_bonus_in_range")),
        sa.CheckConstraint("uplift_months BETWEEN 0 AND 60", name=op.f("ck_incentive_packages_uplift_months_in_range")),
        sa.CheckConstraint("uplift_percent BETWEEN 0 AND 50", name=op.f("ck_incentive_packages_uplift_in_range")),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["incentive_packages.id"],
            name=op.f("fk_incentive_packages_based_on_id_incentive_packages"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["accounts.id"], name=op.f("fk_incentive_packages_decided_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_incentive_packages_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incentive_packages")),
    )
    with op.batch_alter_table("incentive_packages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incentive_packages_region_id"), ["region_id"], unique=False)

    op.create_table(
        "challenged_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "band",
            sa.Enum(
                "2",
                "3",
                "4",
                "5",
                "6",
                "7",
                "8a",
                "8b",
                "8c",
                "8d",
                "9",
                "vsm",
                "ned",
                "chair",
                name="challenged_post_band",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "role_type",
            sa.Enum(
                "chief_executive",
                "chief_operating_officer",
                "director_of_finance",
                "director_of_nursing",
                "medical_director",
                "director_of_workforce",
                "director_of_strategy",
                "other_director",
                "senior_manager",
                "service_manager",
                "clinical_leader",
                name="challenged_post_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("min_behaviours_rating", sa.Integer(), nullable=True),
        sa.Column("experience", sa.String(length=200), nullable=False),
        sa.Column("interim", sa.Boolean(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("closing_on", sa.Date(), nullable=False),
        sa.Column("challenged_because", sa.String(length=300), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "shortlisting",
                "offered",
                "filled",
                "withdrawn",
                name="challenged_post_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "min_behaviours_rating IS NULL OR min_behaviours_rating BETWEEN 1 AND 5",
            name=op.f("ck_challenged_posts_rating_range"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["accounts.id"], name=op.f("fk_challenged_posts_created_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_challenged_posts_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["package_id"], ["incentive_packages.id"], name=op.f("fk_challenged_posts_package_id_incentive_packages")
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_challenged_posts_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenged_posts")),
    )
    with op.batch_alter_table("challenged_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenged_posts_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index("ix_challenged_posts_region_status", ["region_id", "status"], unique=False)

    op.create_table(
        "match_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("post", "region", name="match_kind", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("weights", sa.Text(), nullable=False),
        sa.Column("include_other_regions", sa.Boolean(), nullable=False),
        sa.Column("include_national", sa.Boolean(), nullable=False),
        sa.Column("candidates_considered", sa.Integer(), nullable=False),
        sa.Column("unfilled", sa.Text(), nullable=False),
        sa.Column("run_by_id", sa.Integer(), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["challenged_posts.id"], name=op.f("fk_match_runs_post_id_challenged_posts")
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_match_runs_region_id_regions")),
        sa.ForeignKeyConstraint(["run_by_id"], ["accounts.id"], name=op.f("fk_match_runs_run_by_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_runs")),
    )
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_runs_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_runs_region_id"), ["region_id"], unique=False)

    op.create_table(
        "match_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("contributions", sa.Text(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("filtered_because", sa.Text(), nullable=True),
        sa.Column("proposed", sa.Boolean(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_match_results_person_id_people")),
        sa.ForeignKeyConstraint(
            ["post_id"], ["challenged_posts.id"], name=op.f("fk_match_results_post_id_challenged_posts")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["match_runs.id"], name=op.f("fk_match_results_run_id_match_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_results")),
    )
    with op.batch_alter_table("match_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_results_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_match_results_run_post", ["run_id", "post_id", "rank"], unique=False)

    with op.batch_alter_table("talent_conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("experience", sa.String(length=200), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("talent_conversations", schema=None) as batch_op:
        batch_op.drop_column("experience")

    with op.batch_alter_table("match_results", schema=None) as batch_op:
        batch_op.drop_index("ix_match_results_run_post")
        batch_op.drop_index(batch_op.f("ix_match_results_person_id"))

    op.drop_table("match_results")
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_runs_region_id"))
        batch_op.drop_index(batch_op.f("ix_match_runs_post_id"))

    op.drop_table("match_runs")
    with op.batch_alter_table("challenged_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_challenged_posts_region_status")
        batch_op.drop_index(batch_op.f("ix_challenged_posts_organisation_id"))

    op.drop_table("challenged_posts")
    with op.batch_alter_table("incentive_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incentive_packages_region_id"))

    op.drop_table("incentive_packages")
    op.drop_table("match_weights")
