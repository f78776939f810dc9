"""The branches a region's node serves

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lms_region_node') as table:
        table.add_column(sa.Column('branches', sa.JSON(), nullable=False,
                                   server_default='[]'))


def downgrade():
    with op.batch_alter_table('lms_region_node') as table:
        table.drop_column('branches')
