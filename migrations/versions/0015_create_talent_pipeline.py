"""The regional talent pipeline: readiness levels (seeded with the default list), talent
conversations with their mobility regions and planned programmes, talent pools and their
members, and calibration reviews with their positions and moves.

Revision ID: 0015_create_talent_pipeline
Revises: 0014_add_people_name_index
Create Date: 2026-12-03 10:10:03.893751
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_create_talent_pipeline"
down_revision = "0014_add_people_name_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "readiness_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ready_now", sa.Boolean(), nullable=False),
        sa.Column("in_use", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_levels")),
        sa.UniqueConstraint("code", name=op.f("uq_readiness_levels_code")),
        sa.UniqueConstraint("position", name=op.f("uq_readiness_levels_position")),
    )
    # The default list; Scope for Growth names no readiness levels, so teams may change it.
    op.bulk_insert(
        sa.table(
            "readiness_levels",
            sa.column("code", sa.String),
            sa.column("label", sa.String),
            sa.column("position", sa.Integer),
            sa.column("ready_now", sa.Boolean),
            sa.column("in_use", sa.Boolean),
        ),
        [
            {"code": "ready_now", "label": "Ready now", "position": 1, "ready_now": True, "in_use": True},
            {
                "code": "ready_12_months",
                "label": "Ready in 12 months",
                "position": 2,
                "ready_now": False,
                "in_use": True,
            },
            {
                "code": "ready_12_24_months",
                "label": "Ready in 12 to 24 months",
                "position": 3,
                "ready_now": False,
                "in_use": True,
            },
            {
                "code": "develop_in_role",
                "label": "Develop in current role",
                "position": 4,
                "ready_now": False,
                "in_use": True,
            },
        ],
    )
    op.create_table(
        "talent_pools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column(
            "level",
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
                name="level",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "min_band",
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
                name="min_band",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "max_band",
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
                name="max_band",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("readiness_id", sa.Integer(), nullable=True),
        sa.Column("conversation_within_months", sa.Integer(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "conversation_within_months IS NULL OR conversation_within_months >= 1",
            name=op.f("ck_talent_pools_months_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["readiness_id"], ["readiness_levels.id"], name=op.f("fk_talent_pools_readiness_id_readiness_levels")
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_talent_pools_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_pools")),
    )
    with op.batch_alter_table("talent_pools", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talent_pools_region_id"), ["region_id"], unique=False)

    op.create_table(
        "talent_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column(
            "impact",
            sa.Enum("low", "medium", "high", name="impact", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "growth",
            sa.Enum("low", "medium", "high", name="growth", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "direction",
            sa.Enum(
                "depth",
                "breadth",
                "stretch",
                name="growth_direction",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("readiness_id", sa.Integer(), nullable=False),
        sa.Column(
            "target_band",
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
                name="target_band",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "target_role",
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
                name="target_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "target_professional_group",
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
        sa.Column("aspirations", sa.Text(), nullable=False),
        sa.Column("willing_challenged", sa.Boolean(), nullable=False),
        sa.Column("max_travel_km", sa.Integer(), nullable=True),
        sa.Column(
            "travel_from",
            sa.Enum("home", "workplace", name="travel_from", native_enum=False, create_constraint=True, length=32),
            nullable=True,
        ),
        sa.Column("home_postcode_district", sa.String(length=4), nullable=True),
        sa.Column("development_plan", sa.Text(), nullable=False),
        sa.Column(
            "response",
            sa.Enum(
                "awaiting",
                "agreed",
                "differs",
                name="talent_response",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("response_comment", sa.Text(), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("facilitator_id <> person_id", name=op.f("ck_talent_conversations_not_own_facilitator")),
        sa.CheckConstraint(
            "max_travel_km IS NULL OR max_travel_km BETWEEN 1 AND 1000",
            name=op.f("ck_talent_conversations_travel_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_id"], ["people.id"], name=op.f("fk_talent_conversations_facilitator_id_people")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_talent_conversations_person_id_people")),
        sa.ForeignKeyConstraint(
            ["readiness_id"],
            ["readiness_levels.id"],
            name=op.f("fk_talent_conversations_readiness_id_readiness_levels"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_conversations")),
    )
    with op.batch_alter_table("talent_conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talent_conversations_facilitator_id"), ["facilitator_id"], unique=False)
        batch_op.create_index("ix_talent_conversations_held", ["person_id", "held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_talent_conversations_readiness_id"), ["readiness_id"], unique=False)
        batch_op.create_index(
            "uq_talent_conversations_current",
            ["person_id"],
            unique=True,
            sqlite_where=sa.text("replaced_at IS NULL"),
            postgresql_where=sa.text("replaced_at IS NULL"),
        )

    op.create_table(
        "calibration_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(pool_id IS NULL) <> (organisation_id IS NULL)", name=op.f("ck_calibration_reviews_pool_or_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["accounts.id"], name=op.f("fk_calibration_reviews_opened_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_calibration_reviews_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["talent_pools.id"], name=op.f("fk_calibration_reviews_pool_id_talent_pools")
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_calibration_reviews_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibration_reviews")),
    )
    with op.batch_alter_table("calibration_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calibration_reviews_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calibration_reviews_pool_id"), ["pool_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calibration_reviews_region_id"), ["region_id"], unique=False)

    op.create_table(
        "pool_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "route",
            sa.Enum(
                "self",
                "line_manager",
                "hr",
                "talent_lead",
                name="nomination_route",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("nominated_by_id", sa.Integer(), nullable=True),
        sa.Column("nominated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "nominated",
                "member",
                "declined",
                "left",
                name="membership_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column(
            "left_reason",
            sa.Enum(
                "placed",
                "withdrew",
                "no_longer_meets",
                name="leaving_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("left_comment", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'left' OR left_reason IS NOT NULL", name=op.f("ck_pool_memberships_leaving_has_reason")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["accounts.id"], name=op.f("fk_pool_memberships_decided_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["nominated_by_id"], ["accounts.id"], name=op.f("fk_pool_memberships_nominated_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_pool_memberships_person_id_people")),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["talent_pools.id"], name=op.f("fk_pool_memberships_pool_id_talent_pools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pool_memberships")),
    )
    with op.batch_alter_table("pool_memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pool_memberships_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_pool_memberships_pool_status", ["pool_id", "status"], unique=False)
        batch_op.create_index(
            "uq_pool_memberships_open",
            ["pool_id", "person_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('nominated', 'member')"),
            postgresql_where=sa.text("status IN ('nominated', 'member')"),
        )

    op.create_table(
        "talent_conversation_programmes",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["talent_conversations.id"],
            name=op.f("fk_talent_conversation_programmes_conversation_id_talent_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_talent_conversation_programmes_programme_id_programmes")
        ),
        sa.PrimaryKeyConstraint("conversation_id", "programme_id", name=op.f("pk_talent_conversation_programmes")),
    )
    op.create_table(
        "talent_conversation_regions",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["talent_conversations.id"],
            name=op.f("fk_talent_conversation_regions_conversation_id_talent_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_talent_conversation_regions_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("conversation_id", "region_id", name=op.f("pk_talent_conversation_regions")),
    )
    op.create_table(
        "calibration_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("moved_by_id", sa.Integer(), nullable=False),
        sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_readiness_id", sa.Integer(), nullable=False),
        sa.Column("to_readiness_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_impact",
            sa.Enum("low", "medium", "high", name="from_impact", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "to_impact",
            sa.Enum("low", "medium", "high", name="to_impact", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "from_growth",
            sa.Enum("low", "medium", "high", name="from_growth", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "to_growth",
            sa.Enum("low", "medium", "high", name="to_growth", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_readiness_id"],
            ["readiness_levels.id"],
            name=op.f("fk_calibration_moves_from_readiness_id_readiness_levels"),
        ),
        sa.ForeignKeyConstraint(
            ["moved_by_id"], ["accounts.id"], name=op.f("fk_calibration_moves_moved_by_id_accounts")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_calibration_moves_person_id_people")),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["calibration_reviews.id"],
            name=op.f("fk_calibration_moves_review_id_calibration_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_readiness_id"],
            ["readiness_levels.id"],
            name=op.f("fk_calibration_moves_to_readiness_id_readiness_levels"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibration_moves")),
    )
    with op.batch_alter_table("calibration_moves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calibration_moves_review_id"), ["review_id"], unique=False)

    op.create_table(
        "calibration_positions",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("readiness_id", sa.Integer(), nullable=False),
        sa.Column(
            "impact",
            sa.Enum("low", "medium", "high", name="impact", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "growth",
            sa.Enum("low", "medium", "high", name="growth", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_calibration_positions_person_id_people")),
        sa.ForeignKeyConstraint(
            ["readiness_id"],
            ["readiness_levels.id"],
            name=op.f("fk_calibration_positions_readiness_id_readiness_levels"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["calibration_reviews.id"],
            name=op.f("fk_calibration_positions_review_id_calibration_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("review_id", "person_id", name=op.f("pk_calibration_positions")),
    )


def downgrade():
    op.drop_table("calibration_positions")
    with op.batch_alter_table("calibration_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calibration_moves_review_id"))

    op.drop_table("calibration_moves")
    op.drop_table("talent_conversation_regions")
    op.drop_table("talent_conversation_programmes")
    with op.batch_alter_table("pool_memberships", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_pool_memberships_open",
            sqlite_where=sa.text("status IN ('nominated', 'member')"),
            postgresql_where=sa.text("status IN ('nominated', 'member')"),
        )
        batch_op.drop_index("ix_pool_memberships_pool_status")
        batch_op.drop_index(batch_op.f("ix_pool_memberships_person_id"))

    op.drop_table("pool_memberships")
    with op.batch_alter_table("calibration_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calibration_reviews_region_id"))
        batch_op.drop_index(batch_op.f("ix_calibration_reviews_pool_id"))
        batch_op.drop_index(batch_op.f("ix_calibration_reviews_organisation_id"))

    op.drop_table("calibration_reviews")
    with op.batch_alter_table("talent_conversations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_talent_conversations_current",
            sqlite_where=sa.text("replaced_at IS NULL"),
            postgresql_where=sa.text("replaced_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_talent_conversations_readiness_id"))
        batch_op.drop_index("ix_talent_conversations_held")
        batch_op.drop_index(batch_op.f("ix_talent_conversations_facilitator_id"))

    op.drop_table("talent_conversations")
    with op.batch_alter_table("talent_pools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talent_pools_region_id"))

    op.drop_table("talent_pools")
    op.drop_table("readiness_levels")
