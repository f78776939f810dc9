"""Reading comfort kept in the profile: text size and colour theme

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_size', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('theme', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.drop_column('theme')
        batch_op.drop_column('text_size')
