"""Add the directorate a post sits in, for completion figures by directorate.

Revision ID: 0010_add_post_directorate
Revises: 0009_add_appraisal_feedback
Create Date: 2026-11-22 21:36:17.979070
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_add_post_directorate'
down_revision = '0009_add_appraisal_feedback'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('directorate', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('directorate')

