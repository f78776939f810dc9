"""The branch nodes a region knows, with their public keys and how far each has arrived

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_region_node',
        sa.Column('node', sa.String(length=64), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('last_sequence', sa.Integer(), nullable=False),
        sa.Column('last_received_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('node', name=op.f('pk_lms_region_node')),
    )


def downgrade():
    op.drop_table('lms_region_node')
