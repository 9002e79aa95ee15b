"""Create programmes, modules, accreditation, cohorts, enrolments, attendance and prerequisite rules.

Revision ID: 0007_create_programmes
Revises: 0006_create_standards
Create Date: 2026-11-22 18:57:10.372272
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_create_programmes'
down_revision = '0006_create_standards'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('prerequisite_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('min_band', sa.Enum('2', '3', '4', '5', '6', '7', '8a', '8b', '8c', '8d', '9', 'vsm', 'ned', 'chair', name='band', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('required_level', sa.Integer(), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('required_level IS NULL OR (required_level BETWEEN 1 AND 5)', name=op.f('ck_prerequisite_rules_level_1_to_5')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prerequisite_rules'))
    )
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('induction', 'mid_career', 'accredited_course', 'national_leadership', name='programme_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('code', name=op.f('uq_programmes_code'))
    )
    op.create_table('accreditations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_accreditations_dates_in_order')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_accreditations_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accreditations'))
    )
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accreditations_programme_id'), ['programme_id'], unique=False)

    op.create_table('cohorts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_cohorts_capacity_positive')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_cohorts_dates_in_order')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_cohorts_programme_id_programmes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohorts'))
    )
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohorts_programme_id'), ['programme_id'], unique=False)

    op.create_table('prerequisite_rule_programmes',
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_prerequisite_rule_programmes_programme_id_programmes')),
    sa.ForeignKeyConstraint(['rule_id'], ['prerequisite_rules.id'], name=op.f('fk_prerequisite_rule_programmes_rule_id_prerequisite_rules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rule_id', 'programme_id', name=op.f('pk_prerequisite_rule_programmes'))
    )
    op.create_table('programme_modules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_modules_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_modules'))
    )
    with op.batch_alter_table('programme_modules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_modules_programme_id'), ['programme_id'], unique=False)

    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('assigned', 'enrolled', 'waiting', 'deferred', 'withdrawn', 'completed', 'not_completed', name='enrolment_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assessment_result', sa.String(length=100), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status <> 'completed' OR completed_on IS NOT NULL", name=op.f('ck_enrolments_completion_has_date')),
    sa.CheckConstraint("status NOT IN ('enrolled', 'waiting') OR cohort_id IS NOT NULL", name=op.f('ck_enrolments_place_needs_cohort')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_enrolments_cohort_id_cohorts')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_enrolments_person_id_people')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_enrolments_programme_id_programmes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_enrolments_cohort_status', ['cohort_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolments_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolments_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index('uq_enrolments_open', ['person_id', 'programme_id'], unique=True, sqlite_where=sa.text("status IN ('assigned', 'enrolled', 'waiting')"), postgresql_where=sa.text("status IN ('assigned', 'enrolled', 'waiting')"))

    op.create_table('module_standards',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['programme_modules.id'], name=op.f('fk_module_standards_module_id_programme_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], name=op.f('fk_module_standards_standard_id_standards')),
    sa.PrimaryKeyConstraint('module_id', 'standard_id', name=op.f('pk_module_standards'))
    )
    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('session_on', sa.Date(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_attendance_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('enrolment_id', 'session_on', name=op.f('uq_attendance_enrolment_id_session_on'))
    )


def downgrade():
    op.drop_table('attendance')
    op.drop_table('module_standards')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('uq_enrolments_open', sqlite_where=sa.text("status IN ('assigned', 'enrolled', 'waiting')"), postgresql_where=sa.text("status IN ('assigned', 'enrolled', 'waiting')"))
        batch_op.drop_index(batch_op.f('ix_enrolments_programme_id'))
        batch_op.drop_index(batch_op.f('ix_enrolments_person_id'))
        batch_op.drop_index('ix_enrolments_cohort_status')

    op.drop_table('enrolments')
    with op.batch_alter_table('programme_modules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_modules_programme_id'))

    op.drop_table('programme_modules')
    op.drop_table('prerequisite_rule_programmes')
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohorts_programme_id'))

    op.drop_table('cohorts')
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accreditations_programme_id'))

    op.drop_table('accreditations')
    op.drop_table('programmes')
    op.drop_table('prerequisite_rules')
