"""A large file of learners registered in the background, followed on its page

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_import_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('library_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('learner_ids', sa.JSON(), nullable=False),
        sa.Column('pin_note', sa.String(length=43), nullable=True),
        sa.Column('problem', sa.String(length=500), nullable=True),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('tries', sa.Integer(), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=False),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_import_job_user_id_lms_user')),
        sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'],
                                name=op.f('fk_lms_import_job_library_id_lms_library')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_import_job')),
    )
    with op.batch_alter_table('lms_import_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_import_job_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_import_job_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('lms_import_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_import_job_state'))
        batch_op.drop_index(batch_op.f('ix_lms_import_job_user_id'))
    op.drop_table('lms_import_job')
