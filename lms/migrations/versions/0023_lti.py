"""LTI 1.3: the platforms that launch Gramota, their people, where grades go

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_lti_platform',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('issuer', sa.String(length=300), nullable=False),
        sa.Column('client_id', sa.String(length=200), nullable=False),
        sa.Column('deployment_ids', sa.String(length=1000), nullable=False),
        sa.Column('auth_login_url', sa.String(length=500), nullable=False),
        sa.Column('auth_token_url', sa.String(length=500), nullable=False),
        sa.Column('key_set_url', sa.String(length=500), nullable=False),
        sa.Column('library_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'],
                                name=op.f('fk_lms_lti_platform_library_id_lms_library')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_lti_platform')),
        sa.UniqueConstraint('issuer', 'client_id',
                            name=op.f('uq_lms_lti_platform_issuer_client_id')))
    op.create_table(
        'lms_lti_account',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('platform_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['platform_id'], ['lms_lti_platform.id'],
                                name=op.f('fk_lms_lti_account_platform_id_lms_lti_platform')),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_lti_account_user_id_lms_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_lti_account')),
        sa.UniqueConstraint('platform_id', 'subject',
                            name=op.f('uq_lms_lti_account_platform_id_subject')))
    op.create_index(op.f('ix_lms_lti_account_user_id'), 'lms_lti_account', ['user_id'])
    op.create_table(
        'lms_lti_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('resource_link', sa.String(length=255), nullable=False),
        sa.Column('course_slug', sa.String(length=100), nullable=False),
        sa.Column('lesson_slug', sa.String(length=100), nullable=True),
        sa.Column('lineitem_url', sa.String(length=500), nullable=True),
        sa.Column('scopes', sa.String(length=1000), nullable=False),
        sa.Column('launched_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['lms_lti_account.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_lti_link_account_id_lms_lti_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_lti_link')),
        sa.UniqueConstraint('account_id', 'resource_link',
                            name=op.f('uq_lms_lti_link_account_id_resource_link')))
    op.create_index(op.f('ix_lms_lti_link_account_id'), 'lms_lti_link', ['account_id'])
    op.create_table(
        'lms_lti_score',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Double(), nullable=False),
        sa.Column('completed', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('tries', sa.Integer(), nullable=False),
        sa.Column('error', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['link_id'], ['lms_lti_link.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_lti_score_link_id_lms_lti_link')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_lti_score')))
    op.create_index(op.f('ix_lms_lti_score_link_id'), 'lms_lti_score', ['link_id'])
    op.create_index(op.f('ix_lms_lti_score_sent_at'), 'lms_lti_score', ['sent_at'])
    op.create_table(
        'lms_lti_state',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('value', sa.JSON(), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_lms_lti_state')))
    op.create_index(op.f('ix_lms_lti_state_expires_at'), 'lms_lti_state', ['expires_at'])


def downgrade():
    for table in ('lms_lti_state', 'lms_lti_score', 'lms_lti_link', 'lms_lti_account',
                  'lms_lti_platform'):
        op.drop_table(table)
