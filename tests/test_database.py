"""The database: SQLite settings, and migrations that match the models on both servers."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from lms.db import MIGRATIONS_DIR, VERSION_TABLE, db, include_in_migrations
from lms.people.models import Role
from lms.people.services import create_user


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


def test_migrations_go_down_to_nothing_and_up_again(app):
    """upgrade → downgrade base → upgrade works on each server, with people in the tables."""
    from flask_migrate import downgrade

    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
    upgrade(directory=str(MIGRATIONS_DIR))
    create_user("ivanova", "Иванова", Role.LEARNER, "246810")
    db.session.commit()
    db.session.close()
    downgrade(directory=str(MIGRATIONS_DIR), revision="0001")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT username FROM lms_user")).scalars().all() == [
            "ivanova"]
    upgrade(directory=str(MIGRATIONS_DIR))
    with db.engine.connect() as connection:
        row = connection.execute(text("SELECT search_key, session_version FROM lms_user")).one()
    assert row == ("иванова ivanova", 1)  # filled in by the migration
    downgrade(directory=str(MIGRATIONS_DIR), revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {VERSION_TABLE}
    upgrade(directory=str(MIGRATIONS_DIR))
    assert "lms_audit_event" in inspect(db.engine).get_table_names()
