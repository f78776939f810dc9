"""Practice attempts: the tricks a learner caught and missed in a simulator

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_practice_attempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('library_id', sa.Integer(), nullable=True),
        sa.Column('course_slug', sa.String(length=100), nullable=False),
        sa.Column('practice_slug', sa.String(length=100), nullable=False),
        sa.Column('lang', sa.String(length=8), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=True),
        sa.Column('seed', sa.Integer(), nullable=False),
        sa.Column('steps', sa.JSON(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('caught', sa.JSON(), nullable=False),
        sa.Column('missed', sa.JSON(), nullable=False),
        sa.Column('costly', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'],
                                name=op.f('fk_lms_practice_attempt_library_id_lms_library')),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_practice_attempt_user_id_lms_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_practice_attempt')),
    )
    op.create_index('ix_lms_practice_attempt_user', 'lms_practice_attempt',
                    ['user_id', 'course_slug', 'practice_slug'])
    op.create_index('ix_lms_practice_attempt_library_finished', 'lms_practice_attempt',
                    ['library_id', 'finished_at'])


def downgrade():
    op.drop_index('ix_lms_practice_attempt_library_finished', table_name='lms_practice_attempt')
    op.drop_index('ix_lms_practice_attempt_user', table_name='lms_practice_attempt')
    op.drop_table('lms_practice_attempt')
