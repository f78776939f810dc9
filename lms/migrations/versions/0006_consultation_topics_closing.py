"""Consultation topics per network, and closing the log month by month

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lms_consultation_topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['lms_network.id'], name=op.f('fk_lms_consultation_topic_network_id_lms_network')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_consultation_topic')),
    sa.UniqueConstraint('network_id', 'code', name=op.f('uq_lms_consultation_topic_network_id_code'))
    )
    with op.batch_alter_table('lms_consultation_topic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_consultation_topic_network_id'), ['network_id'], unique=False)

    op.create_table('lms_consultation_closed',
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('through', sa.Date(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['lms_user.id'], name=op.f('fk_lms_consultation_closed_closed_by_id_lms_user')),
    sa.ForeignKeyConstraint(['network_id'], ['lms_network.id'], name=op.f('fk_lms_consultation_closed_network_id_lms_network')),
    sa.PrimaryKeyConstraint('network_id', name=op.f('pk_lms_consultation_closed'))
    )


def downgrade():
    op.drop_table('lms_consultation_closed')
    with op.batch_alter_table('lms_consultation_topic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_consultation_topic_network_id'))
    op.drop_table('lms_consultation_topic')
