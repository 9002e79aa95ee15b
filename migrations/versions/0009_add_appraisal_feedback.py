"""Add 360 feedback, amendments, escalation outcomes and regional endorsement to appraisals.

Revision ID: 0009_add_appraisal_feedback
Revises: 0008_create_appraisals
Create Date: 2026-11-22 21:19:59.974930
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_add_appraisal_feedback'
down_revision = '0008_create_appraisals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appraisal_amendments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('previous_value', sa.Text(), nullable=False),
    sa.Column('corrected_value', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('amended_by_id', sa.Integer(), nullable=False),
    sa.Column('amended_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['amended_by_id'], ['people.id'], name=op.f('fk_appraisal_amendments_amended_by_id_people')),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_appraisal_amendments_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_amendments'))
    )
    with op.batch_alter_table('appraisal_amendments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_amendments_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('appraisal_development_programmes',
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_appraisal_development_programmes_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_appraisal_development_programmes_programme_id_programmes')),
    sa.PrimaryKeyConstraint('appraisal_id', 'programme_id', name=op.f('pk_appraisal_development_programmes'))
    )
    op.create_table('feedback_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_feedback_requests_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['people.id'], name=op.f('fk_feedback_requests_requested_by_id_people')),
    sa.ForeignKeyConstraint(['respondent_id'], ['people.id'], name=op.f('fk_feedback_requests_respondent_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_requests')),
    sa.UniqueConstraint('appraisal_id', 'respondent_id', name=op.f('uq_feedback_requests_appraisal_id_respondent_id'))
    )
    with op.batch_alter_table('feedback_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_requests_appraisal_id'), ['appraisal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_requests_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('feedback_responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_feedback_responses_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_responses'))
    )
    with op.batch_alter_table('feedback_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_responses_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('feedback_answers',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_responses.id'], name=op.f('fk_feedback_answers_response_id_feedback_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['behaviour_statements.id'], name=op.f('fk_feedback_answers_statement_id_behaviour_statements')),
    sa.PrimaryKeyConstraint('response_id', 'statement_id', name=op.f('pk_feedback_answers'))
    )
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_outcome', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('escalation_resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalation_resolved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('submitted_to_region_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('endorsed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('endorsed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_appraisals_escalation_resolved_by_id_people'), 'people', ['escalation_resolved_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_appraisals_endorsed_by_id_people'), 'people', ['endorsed_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_appraisals_endorsed_by_id_people'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_appraisals_escalation_resolved_by_id_people'), type_='foreignkey')
        batch_op.drop_column('endorsed_by_id')
        batch_op.drop_column('endorsed_at')
        batch_op.drop_column('submitted_to_region_at')
        batch_op.drop_column('escalation_resolved_by_id')
        batch_op.drop_column('escalation_resolved_at')
        batch_op.drop_column('escalation_outcome')

    op.drop_table('feedback_answers')
    with op.batch_alter_table('feedback_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_responses_appraisal_id'))

    op.drop_table('feedback_responses')
    with op.batch_alter_table('feedback_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_requests_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_requests_appraisal_id'))

    op.drop_table('feedback_requests')
    op.drop_table('appraisal_development_programmes')
    with op.batch_alter_table('appraisal_amendments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_amendments_appraisal_id'))

    op.drop_table('appraisal_amendments')
