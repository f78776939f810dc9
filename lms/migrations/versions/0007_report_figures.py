"""Summary tables for the reports, filled from the facts already stored

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa

from lms.figures.counting import rebuild


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lms_daily_figures',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('library_id', sa.Integer(), nullable=False),
    sa.Column('course_slug', sa.String(length=100), nullable=False),
    sa.Column('lessons', sa.Integer(), nullable=False),
    sa.Column('quizzes_passed', sa.Integer(), nullable=False),
    sa.Column('courses_completed', sa.Integer(), nullable=False),
    sa.Column('certificates', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'], name=op.f('fk_lms_daily_figures_library_id_lms_library')),
    sa.PrimaryKeyConstraint('day', 'library_id', 'course_slug', name=op.f('pk_lms_daily_figures')),
    sqlite_with_rowid=False
    )
    op.create_index('ix_lms_daily_figures_library_day', 'lms_daily_figures', ['library_id', 'day'], unique=False)
    op.create_table('lms_monthly_figures',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('library_id', sa.Integer(), nullable=False),
    sa.Column('course_slug', sa.String(length=100), nullable=False),
    sa.Column('lessons', sa.Integer(), nullable=False),
    sa.Column('quizzes_passed', sa.Integer(), nullable=False),
    sa.Column('courses_completed', sa.Integer(), nullable=False),
    sa.Column('certificates', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'], name=op.f('fk_lms_monthly_figures_library_id_lms_library')),
    sa.PrimaryKeyConstraint('month', 'library_id', 'course_slug', name=op.f('pk_lms_monthly_figures')),
    sqlite_with_rowid=False
    )
    op.create_table('lms_active_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('library_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'], name=op.f('fk_lms_active_day_library_id_lms_library')),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_active_day_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', 'user_id', name=op.f('pk_lms_active_day')),
    sqlite_with_rowid=False
    )
    op.create_index('ix_lms_active_day_library_day', 'lms_active_day', ['library_id', 'day', 'user_id'], unique=False)
    op.create_table('lms_active_month',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('library_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'], name=op.f('fk_lms_active_month_library_id_lms_library')),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_active_month_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('month', 'user_id', name=op.f('pk_lms_active_month')),
    sqlite_with_rowid=False
    )
    op.create_index('ix_lms_active_month_library_month', 'lms_active_month', ['library_id', 'month', 'user_id'], unique=False)
    op.create_index('ix_lms_user_library_created', 'lms_user', ['library_id', 'created_at'], unique=False)
    rebuild(op.get_bind(), versions=False)  # certificates have no versions yet (0022)


def downgrade():
    op.drop_index('ix_lms_user_library_created', table_name='lms_user')
    op.drop_index('ix_lms_active_month_library_month', table_name='lms_active_month')
    op.drop_table('lms_active_month')
    op.drop_index('ix_lms_active_day_library_day', table_name='lms_active_day')
    op.drop_table('lms_active_day')
    op.drop_table('lms_monthly_figures')
    op.drop_index('ix_lms_daily_figures_library_day', table_name='lms_daily_figures')
    op.drop_table('lms_daily_figures')
