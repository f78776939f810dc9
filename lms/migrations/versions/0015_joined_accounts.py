"""Two accounts of one person joined: the account joined into another, and certificates
that outlive the enrollment they were issued for

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_lms_user_merged_into_id_lms_user'),
                                    'lms_user', ['merged_into_id'], ['id'])
    with op.batch_alter_table('lms_certificate', schema=None) as batch_op:
        batch_op.alter_column('enrollment_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table('lms_certificate', schema=None) as batch_op:
        batch_op.alter_column('enrollment_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lms_user_merged_into_id_lms_user'),
                                 type_='foreignkey')
        batch_op.drop_column('merged_into_id')
