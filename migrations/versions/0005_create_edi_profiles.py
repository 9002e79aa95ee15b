"""Create EDI profiles: equality monitoring answers, apart from HR data, with consent.

Revision ID: 0005_create_edi_profiles
Revises: 0004_create_api_tokens
Create Date: 2026-11-22 18:22:21.393368
"""

import sqlalchemy as sa
from alembic import op

revision = '0005_create_edi_profiles'
down_revision = '0004_create_api_tokens'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('edi_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('ethnicity', sa.Enum('white_british', 'white_irish', 'white_gypsy_irish_traveller', 'white_roma', 'white_other', 'mixed_white_black_caribbean', 'mixed_white_black_african', 'mixed_white_asian', 'mixed_other', 'asian_indian', 'asian_pakistani', 'asian_bangladeshi', 'asian_chinese', 'asian_other', 'black_african', 'black_caribbean', 'black_other', 'other_arab', 'other_any', 'prefer_not_to_say', name='ethnicity', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('disability', sa.Enum('yes', 'no', 'prefer_not_to_say', name='disability', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('sex', sa.Enum('female', 'male', 'prefer_not_to_say', name='sex', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('gender_identity', sa.Enum('same', 'different', 'prefer_not_to_say', name='gender_identity', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('sexual_orientation', sa.Enum('heterosexual', 'gay_lesbian', 'bisexual', 'other', 'prefer_not_to_say', name='sexual_orientation', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('religion', sa.Enum('none', 'christian', 'buddhist', 'hindu', 'jewish', 'muslim', 'sikh', 'other', 'prefer_not_to_say', name='religion', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('date_of_birth_withheld', sa.Boolean(), nullable=False),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('consent_given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_edi_profiles_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edi_profiles')),
    sa.UniqueConstraint('person_id', name=op.f('uq_edi_profiles_person_id'))
    )


def downgrade():
    op.drop_table('edi_profiles')
