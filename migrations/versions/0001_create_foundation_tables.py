"""Create the foundation tables: regions, organisations, segments, people, posts, accounts, roles.

Seeds NHS England's seven regions, keyed by their ODS national grouping codes.

Revision ID: 0001_create_foundation_tables
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_create_foundation_tables"
down_revision = None
branch_labels = None
depends_on = None

REGIONS = [
    ("Y56", "London"),
    ("Y58", "South West"),
    ("Y59", "South East"),
    ("Y60", "Midlands"),
    ("Y61", "East of England"),
    ("Y62", "North West"),
    ("Y63", "North East and Yorkshire"),
]


def upgrade():
    op.create_table(
        "demo_datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.String(length=20), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demo_datasets")),
        sa.UniqueConstraint("size", name=op.f("uq_demo_datasets_size")),
    )
    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("code", name=op.f("uq_regions_code")),
        sa.UniqueConstraint("name", name=op.f("uq_regions_name")),
    )
    op.bulk_insert(
        sa.table("regions", sa.column("code", sa.String), sa.column("name", sa.String)),
        [{"code": code, "name": name} for code, name in REGIONS],
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ods_code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "org_type",
            sa.Enum(
                "nhs_trust",
                "foundation_trust",
                "icb",
                "other",
                name="org_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("icb_code", sa.String(length=10), nullable=True),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("easting", sa.Integer(), nullable=True),
        sa.Column("northing", sa.Integer(), nullable=True),
        sa.Column("in_recovery_support", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "easting IS NULL OR easting >= 0",
            name=op.f("ck_organisations_easting_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_organisations_region_id_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("ods_code", name=op.f("uq_organisations_ods_code")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_is_active"), ["is_active"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_region_id"), ["region_id"], unique=False)

    op.create_table(
        "oversight_segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("segment", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("framework_version", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("segment BETWEEN 1 AND 5", name=op.f("ck_oversight_segments_segment_range")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_oversight_segments_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oversight_segments")),
        sa.UniqueConstraint(
            "organisation_id",
            "effective_from",
            "framework_version",
            name="uq_oversight_segments_org_date",
        ),
    )
    with op.batch_alter_table("oversight_segments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oversight_segments_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("work_email", sa.String(length=254), nullable=False),
        sa.Column(
            "professional_group",
            sa.Enum(
                "add_prof_scientific_technical",
                "additional_clinical_services",
                "administrative_clerical",
                "allied_health_professionals",
                "estates_ancillary",
                "healthcare_scientists",
                "medical_dental",
                "nursing_midwifery_registered",
                "students",
                name="professional_group",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("employee_number", sa.String(length=20), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_people_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("employee_number", name=op.f("uq_people_employee_number")),
        sa.UniqueConstraint("work_email", name=op.f("uq_people_work_email")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_signed_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_accounts_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
        sa.UniqueConstraint("person_id", name=op.f("uq_accounts_person_id")),
        sa.UniqueConstraint("session_token", name=op.f("uq_accounts_session_token")),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
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
                name="band",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("reports_to_post_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_posts_dates_in_order"),
        ),
        sa.CheckConstraint(
            "reports_to_post_id IS NULL OR reports_to_post_id <> id",
            name=op.f("ck_posts_not_own_manager"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_posts_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_posts_person_id_people")),
        sa.ForeignKeyConstraint(
            ["reports_to_post_id"],
            ["posts.id"],
            name=op.f("fk_posts_reports_to_post_id_posts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_band"), ["band"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index("ix_posts_person_current", ["person_id", "end_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_posts_reports_to_post_id"),
            ["reports_to_post_id"],
            unique=False,
        )

    op.create_table(
        "role_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "staff",
                "line_manager",
                "hr_admin",
                "programme_admin",
                "talent_lead",
                "ned_team",
                "ned_panel",
                "board_secretary",
                "system_admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(role IN ('hr_admin', 'board_secretary') AND organisation_id IS NOT NULL AND region_id IS NULL) OR (role = 'talent_lead' AND region_id IS NOT NULL AND organisation_id IS NULL) OR (role IN ('programme_admin', 'ned_team', 'ned_panel', 'system_admin') AND organisation_id IS NULL AND region_id IS NULL)",
            name=op.f("ck_role_assignments_scope_matches_role"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_role_assignments_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_role_assignments_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_role_assignments_region_id_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_assignments")),
        sa.UniqueConstraint(
            "account_id",
            "role",
            "organisation_id",
            "region_id",
            name="uq_role_assignments_scope",
        ),
    )
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_assignments_account_id"), ["account_id"], unique=False)


def downgrade():
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_assignments_account_id"))

    op.drop_table("role_assignments")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_reports_to_post_id"))
        batch_op.drop_index("ix_posts_person_current")
        batch_op.drop_index(batch_op.f("ix_posts_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_posts_band"))

    op.drop_table("posts")
    op.drop_table("accounts")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_organisation_id"))

    op.drop_table("people")
    with op.batch_alter_table("oversight_segments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oversight_segments_organisation_id"))

    op.drop_table("oversight_segments")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_region_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_is_active"))

    op.drop_table("organisations")
    op.drop_table("regions")
    op.drop_table("demo_datasets")
