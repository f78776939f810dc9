"""Copying Gramota's data into another database: how a network that started on SQLite
moves to PostgreSQL (docs/operations.md, *When to move to PostgreSQL*).

The target is brought to the current schema with the migrations, must hold no Gramota
rows yet, and receives every table in the order of its foreign keys, in batches; then
PostgreSQL's id counters are moved past the copied rows, and the number of rows of every
table is compared. The source is only read.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import Integer, create_engine, func, select, text

from ..db import MIGRATIONS_DIR, VERSION_TABLE, db, normalise_database_url
from .services import BackupError, row_counts

BATCH = 5000


def copy_database(target_url: str, progress=lambda table, rows: None) -> dict[str, int]:
    """Copy every Gramota table of the current database into ``target_url``."""
    url = normalise_database_url(target_url)
    if url == current_app.config["SQLALCHEMY_DATABASE_URI"]:
        raise BackupError("The target is the database in use.")
    _migrate(url)
    target = create_engine(url)
    try:
        with target.connect() as connection:
            filled = {name: n for name, n in _data_counts(connection).items() if n}
        if filled:
            raise BackupError("The target database already holds Gramota data "
                              f"({', '.join(sorted(filled))}); give an empty database.")
        tables = [t for t in db.metadata.sorted_tables if t.name.startswith("lms_")]
        with db.engine.connect() as source, target.begin() as sink:
            for table in tables:
                rows = 0
                result = source.execution_options(yield_per=BATCH).execute(select(table))
                for batch in result.mappings().partitions():
                    sink.execute(table.insert(), [dict(row) for row in batch])
                    rows += len(batch)
                progress(table.name, rows)
            if target.dialect.name == "postgresql":
                _move_id_counters(sink, tables)
        with db.engine.connect() as source, target.connect() as sink:
            before, after = _data_counts(source), _data_counts(sink)
        missing = {n: (before[n], after.get(n)) for n in before if before[n] != after.get(n)}
        if missing:
            raise BackupError(f"Row counts differ after the copy: {missing}")
        return after
    finally:
        target.dispose()


def _data_counts(connection) -> dict[str, int]:
    """Rows of every Gramota table but the migrations' own record."""
    return {n: rows for n, rows in row_counts(connection).items() if n != VERSION_TABLE}


def _migrate(url: str) -> None:
    """Bring the target to this code's schema, with the migrations as `lms init` does (on a
    connection to the target instead of the site's own database)."""
    from alembic import command

    config = current_app.extensions["migrate"].migrate.get_config(str(MIGRATIONS_DIR))
    target = create_engine(url)
    try:
        with target.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        target.dispose()


def _move_id_counters(connection, tables) -> None:
    """After rows were inserted with their ids, the next new row must get a higher one."""
    for table in tables:
        column = table.c.get("id")
        if column is None or not isinstance(column.type, Integer) or not column.primary_key:
            continue
        highest = connection.execute(select(func.max(column))).scalar()
        if highest is not None:
            connection.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                               {"t": table.name, "n": highest})
