"""NED appointments: vacancies, applications, candidates' monitoring (apart), panels, conflicts
of interest, scoring criteria, scores and their submissions.

Revision ID: 0016_create_ned_appointments
Revises: 0015_create_talent_pipeline
Create Date: 2026-12-03 11:03:47.248016
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_create_ned_appointments"
down_revision = "0015_create_talent_pipeline"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ned_vacancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "chair",
                "ned",
                "senior_independent_director",
                "deputy_chair",
                "icb_non_executive_member",
                name="board_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "appointing_body",
            sa.Enum(
                "nhs_england",
                "council_of_governors",
                name="appointing_body",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("role_description", sa.Text(), nullable=False),
        sa.Column("lcf_domains", sa.String(length=200), nullable=False),
        sa.Column("required_skills", sa.String(length=400), nullable=False),
        sa.Column("remuneration_pounds", sa.Integer(), nullable=False),
        sa.Column("time_commitment", sa.String(length=100), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("closing_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "closed",
                "shortlisting",
                "interviewing",
                "decided",
                "appointed",
                "withdrawn",
                name="vacancy_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("term_months BETWEEN 12 AND 48", name=op.f("ck_ned_vacancies_term_in_range")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_ned_vacancies_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_ned_vacancies_post_id_posts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_vacancies")),
    )
    with op.batch_alter_table("ned_vacancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ned_vacancies_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "ned_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "scheme",
            sa.Enum(
                "none",
                "next_director",
                "aspirant_chair",
                name="candidate_scheme",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("experience", sa.Text(), nullable=False),
        sa.Column("skills_claimed", sa.String(length=400), nullable=False),
        sa.Column("interests_declared", sa.Text(), nullable=False),
        sa.Column("not_an_employee", sa.Boolean(), nullable=False),
        sa.Column("not_disqualified", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "shortlisted",
                "not_shortlisted",
                "preferred",
                "reserve",
                "unsuccessful",
                "withdrawn",
                name="application_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_ned_applications_person_id_people")),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["ned_vacancies.id"], name=op.f("fk_ned_applications_vacancy_id_ned_vacancies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_applications")),
        sa.UniqueConstraint("vacancy_id", "person_id", name=op.f("uq_ned_applications_vacancy_id_person_id")),
    )
    with op.batch_alter_table("ned_applications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ned_applications_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ned_applications_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "ned_panel_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "panel_role",
            sa.Enum(
                "chair",
                "member",
                "independent",
                name="panel_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("interests_declared", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_ned_panel_members_person_id_people")),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["ned_vacancies.id"], name=op.f("fk_ned_panel_members_vacancy_id_ned_vacancies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_panel_members")),
        sa.UniqueConstraint("vacancy_id", "person_id", name=op.f("uq_ned_panel_members_vacancy_id_person_id")),
    )
    with op.batch_alter_table("ned_panel_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ned_panel_members_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ned_panel_members_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "ned_scoring_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("weight BETWEEN 1 AND 10", name=op.f("ck_ned_scoring_criteria_weight_in_range")),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["ned_vacancies.id"],
            name=op.f("fk_ned_scoring_criteria_vacancy_id_ned_vacancies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_scoring_criteria")),
    )
    with op.batch_alter_table("ned_scoring_criteria", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ned_scoring_criteria_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "ned_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_member_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["ned_applications.id"], name=op.f("fk_ned_conflicts_application_id_ned_applications")
        ),
        sa.ForeignKeyConstraint(
            ["panel_member_id"],
            ["ned_panel_members.id"],
            name=op.f("fk_ned_conflicts_panel_member_id_ned_panel_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_conflicts")),
        sa.UniqueConstraint(
            "panel_member_id", "application_id", name=op.f("uq_ned_conflicts_panel_member_id_application_id")
        ),
    )
    with op.batch_alter_table("ned_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ned_conflicts_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ned_conflicts_panel_member_id"), ["panel_member_id"], unique=False)

    op.create_table(
        "ned_monitoring",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("wres_group", sa.String(length=20), nullable=False),
        sa.Column("disability", sa.String(length=20), nullable=False),
        sa.Column("sex", sa.String(length=20), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["ned_applications.id"],
            name=op.f("fk_ned_monitoring_application_id_ned_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_ned_monitoring")),
    )
    op.create_table(
        "ned_panel_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_member_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "shortlisting", "interview", name="scoring_stage", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 4", name=op.f("ck_ned_panel_scores_score_in_range")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["ned_applications.id"],
            name=op.f("fk_ned_panel_scores_application_id_ned_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["ned_scoring_criteria.id"],
            name=op.f("fk_ned_panel_scores_criterion_id_ned_scoring_criteria"),
        ),
        sa.ForeignKeyConstraint(
            ["panel_member_id"],
            ["ned_panel_members.id"],
            name=op.f("fk_ned_panel_scores_panel_member_id_ned_panel_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_panel_scores")),
        sa.UniqueConstraint(
            "panel_member_id",
            "application_id",
            "criterion_id",
            "stage",
            name=op.f("uq_ned_panel_scores_panel_member_id_application_id_criterion_id_stage"),
        ),
    )
    with op.batch_alter_table("ned_panel_scores", schema=None) as batch_op:
        batch_op.create_index("ix_ned_panel_scores_application", ["application_id", "stage"], unique=False)

    op.create_table(
        "ned_score_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_member_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "shortlisting", "interview", name="scoring_stage", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_member_id"],
            ["ned_panel_members.id"],
            name=op.f("fk_ned_score_submissions_panel_member_id_ned_panel_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_score_submissions")),
        sa.UniqueConstraint("panel_member_id", "stage", name=op.f("uq_ned_score_submissions_panel_member_id_stage")),
    )


def downgrade():
    op.drop_table("ned_score_submissions")
    with op.batch_alter_table("ned_panel_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_ned_panel_scores_application")

    op.drop_table("ned_panel_scores")
    op.drop_table("ned_monitoring")
    with op.batch_alter_table("ned_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ned_conflicts_panel_member_id"))
        batch_op.drop_index(batch_op.f("ix_ned_conflicts_application_id"))

    op.drop_table("ned_conflicts")
    with op.batch_alter_table("ned_scoring_criteria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ned_scoring_criteria_vacancy_id"))

    op.drop_table("ned_scoring_criteria")
    with op.batch_alter_table("ned_panel_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ned_panel_members_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_ned_panel_members_person_id"))

    op.drop_table("ned_panel_members")
    with op.batch_alter_table("ned_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ned_applications_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_ned_applications_person_id"))

    op.drop_table("ned_applications")
    with op.batch_alter_table("ned_vacancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ned_vacancies_organisation_id"))

    op.drop_table("ned_vacancies")
