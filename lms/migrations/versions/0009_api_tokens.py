"""API tokens for integrations

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa



revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_api_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'],
                                name=op.f('fk_lms_api_token_user_id_lms_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_api_token')),
        sa.UniqueConstraint('digest', name=op.f('uq_lms_api_token_digest')),
    )
    with op.batch_alter_table('lms_api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_api_token_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lms_api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_api_token_user_id'))
    op.drop_table('lms_api_token')
