"""A uid for classes, quiz and practice attempts, certificates and consultation entries,
unique across a region's nodes; the existing rows get theirs

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

"""
import os
import uuid
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

TABLES = ('lms_class', 'lms_quiz_attempt', 'lms_practice_attempt', 'lms_certificate',
          'lms_consultation')


def _uuid7() -> str:
    """As lms.db.uuid7, kept here: a migration does not change with the code."""
    millis = int(datetime.now(UTC).timestamp() * 1000)
    value = (millis & (2**48 - 1)) << 80 | int.from_bytes(os.urandom(10)) & (2**80 - 1)
    value = value & ~(0xF << 76) | 0x7 << 76
    value = value & ~(0x3 << 62) | 0x2 << 62
    return str(uuid.UUID(int=value))


def upgrade():
    connection = op.get_bind()
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column('uid', sa.String(length=36), nullable=True))
        rows = sa.table(name, sa.column('id', sa.Integer), sa.column('uid', sa.String))
        for (row_id,) in connection.execute(sa.select(rows.c.id)).fetchall():
            connection.execute(rows.update().where(rows.c.id == row_id).values(uid=_uuid7()))
        with op.batch_alter_table(name) as batch:
            batch.alter_column('uid', existing_type=sa.String(length=36), nullable=False)
            batch.create_unique_constraint(op.f(f'uq_{name}_uid'), ['uid'])


def downgrade():
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.drop_constraint(op.f(f'uq_{name}_uid'), type_='unique')
            batch.drop_column('uid')
