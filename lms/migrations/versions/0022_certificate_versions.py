"""A certificate re-issued: the one that replaces it, and when

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lms_certificate') as table:
        table.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        table.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True))
        table.create_foreign_key(op.f('fk_lms_certificate_superseded_by_id_lms_certificate'),
                                 'lms_certificate', ['superseded_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('lms_certificate') as table:
        table.drop_constraint(op.f('fk_lms_certificate_superseded_by_id_lms_certificate'),
                              type_='foreignkey')
        table.drop_column('superseded_at')
        table.drop_column('superseded_by_id')
