"""Where forwarding to a learning record store stopped

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_lrs_cursor',
        sa.Column('store', sa.String(length=300), nullable=False),
        sa.Column('last_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('store', name=op.f('pk_lms_lrs_cursor')),
    )


def downgrade():
    op.drop_table('lms_lrs_cursor')
