"""360 feedback: requests kept by email address (with or without an account); answers released
to the summary in groups.

Revision ID: 0012_add_feedback_release
Revises: 0011_add_sign_in_throttles
Create Date: 2026-12-01 21:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_add_feedback_release"
down_revision = "0011_add_sign_in_throttles"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("respondent_email", sa.String(length=254), nullable=True))
    # Every existing request names a person; take the address from their account, else their work email.
    op.execute(
        "UPDATE feedback_requests SET respondent_email = COALESCE("
        "(SELECT accounts.email FROM accounts WHERE accounts.person_id = feedback_requests.respondent_id), "
        "(SELECT LOWER(people.work_email) FROM people WHERE people.id = feedback_requests.respondent_id), "
        "'person-' || CAST(feedback_requests.respondent_id AS VARCHAR(20)))"
    )
    with op.batch_alter_table("feedback_requests", schema=None) as batch_op:
        batch_op.alter_column("respondent_email", existing_type=sa.String(length=254), nullable=False)
        batch_op.alter_column("respondent_id", existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f("uq_feedback_requests_appraisal_id_respondent_id"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_feedback_requests_appraisal_id_respondent_email"), ["appraisal_id", "respondent_email"]
        )
    # Answers already given were shown once three had answered: they stay shown.
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("released", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.alter_column("released", existing_type=sa.Boolean(), server_default=None)


def downgrade():
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_column("released")
    op.execute("DELETE FROM feedback_requests WHERE respondent_id IS NULL")
    with op.batch_alter_table("feedback_requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_feedback_requests_appraisal_id_respondent_email"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_feedback_requests_appraisal_id_respondent_id"), ["appraisal_id", "respondent_id"]
        )
        batch_op.alter_column("respondent_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("respondent_email")
