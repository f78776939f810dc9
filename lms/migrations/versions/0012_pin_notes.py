"""New PINs kept on the server, encrypted, until shown once (never in the cookie)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lms_pin_note',
        sa.Column('name', sa.String(length=43), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['lms_user.id'], ondelete='CASCADE',
                                name=op.f('fk_lms_pin_note_staff_id_lms_user')),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_lms_pin_note')),
    )
    with op.batch_alter_table('lms_pin_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_pin_note_staff_id'), ['staff_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lms_pin_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_pin_note_staff_id'))
    op.drop_table('lms_pin_note')
