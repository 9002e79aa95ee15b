"""Create versioned frameworks of standards: domains, standards, behaviour statements, scales.

Revision ID: 0006_create_standards
Revises: 0005_create_edi_profiles
Create Date: 2026-11-22 18:51:10.006182
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_create_standards'
down_revision = '0005_create_edi_profiles'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('frameworks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'active', 'retired', name='framework_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frameworks')),
    sa.UniqueConstraint('code', 'version', name=op.f('uq_frameworks_code_version'))
    )
    op.create_table('framework_domains',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_framework_domains_framework_id_frameworks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_domains')),
    sa.UniqueConstraint('framework_id', 'code', name=op.f('uq_framework_domains_framework_id_code'))
    )
    with op.batch_alter_table('framework_domains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_framework_domains_framework_id'), ['framework_id'], unique=False)

    op.create_table('scale_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('is_rating', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_scale_points_framework_id_frameworks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scale_points')),
    sa.UniqueConstraint('framework_id', 'position', name=op.f('uq_scale_points_framework_id_position'))
    )
    op.create_table('standards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('domain_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('level IS NULL OR (level BETWEEN 1 AND 5)', name=op.f('ck_standards_level_1_to_5')),
    sa.ForeignKeyConstraint(['domain_id'], ['framework_domains.id'], name=op.f('fk_standards_domain_id_framework_domains'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standards')),
    sa.UniqueConstraint('domain_id', 'code', name=op.f('uq_standards_domain_id_code'))
    )
    with op.batch_alter_table('standards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standards_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_standards_domain_id'), ['domain_id'], unique=False)

    op.create_table('behaviour_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], name=op.f('fk_behaviour_statements_standard_id_standards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_behaviour_statements'))
    )
    with op.batch_alter_table('behaviour_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_behaviour_statements_standard_id'), ['standard_id'], unique=False)



def downgrade():
    with op.batch_alter_table('behaviour_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_behaviour_statements_standard_id'))

    op.drop_table('behaviour_statements')
    with op.batch_alter_table('standards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standards_domain_id'))
        batch_op.drop_index(batch_op.f('ix_standards_code'))

    op.drop_table('standards')
    op.drop_table('scale_points')
    with op.batch_alter_table('framework_domains', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_framework_domains_framework_id'))

    op.drop_table('framework_domains')
    op.drop_table('frameworks')
