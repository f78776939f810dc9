"""Export jobs: long exports written in the background

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa



revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_export_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('table', sa.String(length=40), nullable=False),
        sa.Column('fmt', sa.String(length=8), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('branch_ids', sa.JSON(), nullable=False),
        sa.Column('period_kind', sa.String(length=10), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('tries', sa.Integer(), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=False),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=False),
        sa.Column('file_size', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'],
                                name=op.f('fk_lms_export_job_user_id_lms_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_export_job')),
    )
    with op.batch_alter_table('lms_export_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_export_job_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_export_job_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('lms_export_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_export_job_state'))
        batch_op.drop_index(batch_op.f('ix_lms_export_job_user_id'))
    op.drop_table('lms_export_job')
