"""The event log of xAPI statements, each node's clock, and a uid for every person

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

"""
import os
import uuid
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def _uuid7() -> str:
    """As lms.db.uuid7, kept here: a migration does not change with the code."""
    millis = int(datetime.now(UTC).timestamp() * 1000)
    value = (millis & (2**48 - 1)) << 80 | int.from_bytes(os.urandom(10)) & (2**80 - 1)
    value = value & ~(0xF << 76) | 0x7 << 76
    value = value & ~(0x3 << 62) | 0x2 << 62
    return str(uuid.UUID(int=value))


def upgrade():
    # every person gets a uid, the existing ones too, before it is required
    with op.batch_alter_table('lms_user') as batch:
        batch.add_column(sa.Column('uid', sa.String(length=36), nullable=True))
    people = sa.table('lms_user', sa.column('id', sa.Integer), sa.column('uid', sa.String))
    connection = op.get_bind()
    for (person_id,) in connection.execute(sa.select(people.c.id)).fetchall():
        connection.execute(people.update().where(people.c.id == person_id)
                           .values(uid=_uuid7()))
    with op.batch_alter_table('lms_user') as batch:
        batch.alter_column('uid', existing_type=sa.String(length=36), nullable=False)
        batch.create_unique_constraint(op.f('uq_lms_user_uid'), ['uid'])

    op.create_table(
        'lms_node_clock',
        sa.Column('node', sa.String(length=64), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('node', name=op.f('pk_lms_node_clock')),
    )
    op.create_table(
        'lms_statement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('node', sa.String(length=64), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('verb', sa.String(length=200), nullable=False),
        sa.Column('actor', sa.String(length=36), nullable=False),
        sa.Column('object_id', sa.String(length=300), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('library_id', sa.Integer(), nullable=True),
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['library_id'], ['lms_library.id'],
                                name=op.f('fk_lms_statement_library_id_lms_library')),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], ondelete='SET NULL',
                                name=op.f('fk_lms_statement_user_id_lms_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_statement')),
        sa.UniqueConstraint('node', 'sequence', name='uq_lms_statement_node_sequence'),
        sa.UniqueConstraint('uuid', name=op.f('uq_lms_statement_uuid')),
    )
    op.create_index('ix_lms_statement_library_occurred', 'lms_statement',
                    ['library_id', 'occurred_at'])
    op.create_index('ix_lms_statement_object_actor', 'lms_statement', ['object_id', 'actor'])


def downgrade():
    op.drop_index('ix_lms_statement_object_actor', table_name='lms_statement')
    op.drop_index('ix_lms_statement_library_occurred', table_name='lms_statement')
    op.drop_table('lms_statement')
    op.drop_table('lms_node_clock')
    with op.batch_alter_table('lms_user') as batch:
        batch.drop_constraint(op.f('uq_lms_user_uid'), type_='unique')
        batch.drop_column('uid')
