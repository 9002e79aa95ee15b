"""Board appointments: terms of office on a board, with the tenure review and extension a term
past six or nine years needs, and how each term ended.

Revision ID: 0017_create_board_appointments
Revises: 0016_create_ned_appointments
Create Date: 2026-12-03 13:28:06.199372
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_create_board_appointments"
down_revision = "0016_create_ned_appointments"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ned_appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "chair",
                "ned",
                "senior_independent_director",
                "deputy_chair",
                "icb_non_executive_member",
                name="appointment_board_role",
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
                name="appointment_appointing_body",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("first_appointed_on", sa.Date(), nullable=False),
        sa.Column("role_since", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("term_number", sa.Integer(), nullable=False),
        sa.Column("remuneration_pounds", sa.Integer(), nullable=False),
        sa.Column("supplement_pounds", sa.Integer(), nullable=False),
        sa.Column("supplement_for", sa.String(length=200), nullable=False),
        sa.Column("tenure_review", sa.Text(), nullable=False),
        sa.Column("extension_approval", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "current", "ended", name="appointment_status", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "end_reason",
            sa.Enum(
                "end_of_term",
                "reappointed",
                "became_chair",
                "resigned",
                "removed",
                name="term_end",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("end_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("ends_on > starts_on", name=op.f("ck_ned_appointments_term_dates_in_order")),
        sa.CheckConstraint("supplement_pounds >= 0", name=op.f("ck_ned_appointments_supplement_not_negative")),
        sa.CheckConstraint("term_number >= 1", name=op.f("ck_ned_appointments_term_number_positive")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_ned_appointments_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_ned_appointments_person_id_people")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_ned_appointments_post_id_posts")),
        sa.ForeignKeyConstraint(
            ["previous_id"], ["ned_appointments.id"], name=op.f("fk_ned_appointments_previous_id_ned_appointments")
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["ned_vacancies.id"], name=op.f("fk_ned_appointments_vacancy_id_ned_vacancies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ned_appointments")),
        sa.UniqueConstraint("vacancy_id", name="uq_ned_appointments_vacancy"),
    )
    with op.batch_alter_table("ned_appointments", schema=None) as batch_op:
        batch_op.create_index("ix_ned_appointments_current_end", ["status", "ends_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_ned_appointments_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ned_appointments_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "uq_ned_appointments_current_post",
            ["post_id"],
            unique=True,
            sqlite_where=sa.text("status = 'current'"),
            postgresql_where=sa.text("status = 'current'"),
        )


def downgrade():
    with op.batch_alter_table("ned_appointments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_ned_appointments_current_post",
            sqlite_where=sa.text("status = 'current'"),
            postgresql_where=sa.text("status = 'current'"),
        )
        batch_op.drop_index(batch_op.f("ix_ned_appointments_person_id"))
        batch_op.drop_index(batch_op.f("ix_ned_appointments_organisation_id"))
        batch_op.drop_index("ix_ned_appointments_current_end")

    op.drop_table("ned_appointments")
