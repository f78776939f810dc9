"""The database: SQLite settings, and migrations that match the models on both servers."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from lms.db import db
from lms.extension import MIGRATIONS_DIR, VERSION_TABLE, include_in_migrations


def test_sqlite_uses_wal_foreign_keys_and_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_migrations_build_exactly_the_models(app):
    """`lms init` on an empty database gives the same schema as the models, on each server."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
    upgrade(directory=str(MIGRATIONS_DIR))
    tables = set(inspect(db.engine).get_table_names())
    assert {"lms_network", "lms_library", "lms_user", "lms_enrollment",
            "lms_lesson_progress", VERSION_TABLE} <= tables
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_name": include_in_migrations, "compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
