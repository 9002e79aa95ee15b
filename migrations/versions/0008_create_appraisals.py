"""Create appraisal cycles, appraisals, objectives and behaviour ratings.

Revision ID: 0008_create_appraisals
Revises: 0007_create_programmes
Create Date: 2026-11-22 19:45:02.240540
"""

import sqlalchemy as sa
from alembic import op

revision = '0008_create_appraisals'
down_revision = '0007_create_programmes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appraisal_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('due_on >= opens_on', name=op.f('ck_appraisal_cycles_dates_in_order')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_appraisal_cycles_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_cycles')),
    sa.UniqueConstraint('organisation_id', 'year', name=op.f('uq_appraisal_cycles_organisation_id_year'))
    )
    with op.batch_alter_table('appraisal_cycles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_cycles_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('appraisals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('appraisee_id', sa.Integer(), nullable=False),
    sa.Column('appraiser_id', sa.Integer(), nullable=False),
    sa.Column('variant', sa.Enum('standard', 'board', name='appraisal_variant', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'self_assessed', 'manager_assessed', 'discussed', 'signed_off', 'submitted', 'endorsed', name='appraisal_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('wellbeing_conversation', sa.Text(), nullable=False),
    sa.Column('career_conversation', sa.Text(), nullable=False),
    sa.Column('development_needs', sa.Text(), nullable=False),
    sa.Column('objectives_rating', sa.Integer(), nullable=True),
    sa.Column('behaviours_rating', sa.Integer(), nullable=True),
    sa.Column('appraisee_disagreement', sa.Text(), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fppt_assessed_on', sa.Date(), nullable=True),
    sa.Column('discussed_on', sa.Date(), nullable=True),
    sa.Column('appraisee_signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('appraiser_signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appraisee_id'], ['people.id'], name=op.f('fk_appraisals_appraisee_id_people')),
    sa.ForeignKeyConstraint(['appraiser_id'], ['people.id'], name=op.f('fk_appraisals_appraiser_id_people')),
    sa.ForeignKeyConstraint(['cycle_id'], ['appraisal_cycles.id'], name=op.f('fk_appraisals_cycle_id_appraisal_cycles')),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_appraisals_framework_id_frameworks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisals')),
    sa.UniqueConstraint('cycle_id', 'appraisee_id', name=op.f('uq_appraisals_cycle_id_appraisee_id'))
    )
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisals_appraisee_id'), ['appraisee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisals_appraiser_id'), ['appraiser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisals_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisals_status'), ['status'], unique=False)

    op.create_table('appraisal_objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('is_edi', sa.Boolean(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_appraisal_objectives_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_objectives'))
    )
    with op.batch_alter_table('appraisal_objectives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_objectives_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('behaviour_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('self_rating', sa.Integer(), nullable=True),
    sa.Column('self_evidence', sa.Text(), nullable=False),
    sa.Column('manager_rating', sa.Integer(), nullable=True),
    sa.Column('manager_evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_behaviour_ratings_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['behaviour_statements.id'], name=op.f('fk_behaviour_ratings_statement_id_behaviour_statements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_behaviour_ratings')),
    sa.UniqueConstraint('appraisal_id', 'statement_id', name=op.f('uq_behaviour_ratings_appraisal_id_statement_id'))
    )
    with op.batch_alter_table('behaviour_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_behaviour_ratings_appraisal_id'), ['appraisal_id'], unique=False)



def downgrade():
    with op.batch_alter_table('behaviour_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_behaviour_ratings_appraisal_id'))

    op.drop_table('behaviour_ratings')
    with op.batch_alter_table('appraisal_objectives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_objectives_appraisal_id'))

    op.drop_table('appraisal_objectives')
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisals_status'))
        batch_op.drop_index(batch_op.f('ix_appraisals_cycle_id'))
        batch_op.drop_index(batch_op.f('ix_appraisals_appraiser_id'))
        batch_op.drop_index(batch_op.f('ix_appraisals_appraisee_id'))

    op.drop_table('appraisals')
    with op.batch_alter_table('appraisal_cycles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_cycles_organisation_id'))

    op.drop_table('appraisal_cycles')
