"""The database handle, the naming convention and SQLite connection settings."""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from .security import UNSAFE_METHODS, create_private_file

# Named constraints make Alembic migrations reproducible on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Gramota's migrations, and their own version table (a host site's Alembic history apart).
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "lms_alembic_version"
SQLITE_BUSY_TIMEOUT_MS = 5000
T = TypeVar("T")


def include_in_migrations(name, type_, _parent_names) -> bool:
    """Let autogenerate see only Gramota's tables, never a host site's."""
    return type_ != "table" or (name.startswith("lms_") and name != VERSION_TABLE)


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def uuid7() -> str:
    """A new UUID version 7 (RFC 9562): its time first, so ids made at the branches of a
    region never clash and sort by when they were made."""
    millis = int(datetime.now(UTC).timestamp() * 1000)
    value = (millis & (2**48 - 1)) << 80 | int.from_bytes(os.urandom(10)) & (2**80 - 1)
    value = value & ~(0xF << 76) | 0x7 << 76          # the version
    value = value & ~(0x3 << 62) | 0x2 << 62          # the variant
    return str(uuid.UUID(int=value))


def configure_engine(engine: Engine, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    """Turn on WAL, foreign keys and a busy timeout for every SQLite connection, and make
    sure no write transaction can deadlock another.

    A transaction that has read and then writes must upgrade its lock; if another writer
    got in between, SQLite refuses at once instead of waiting its turn. So:

    - the transaction of a form sent starts with ``BEGIN IMMEDIATE``: it takes the write
      lock first (waiting in line, up to the busy timeout), then reads and writes;
    - anything else (pages, commands) reads outside a transaction and starts one only at
      its first write (Python's sqlite3 default): it never holds a read snapshot that
      would have to be upgraded, and its reads never hold the forms back.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "do_connect")
    def _private_file(_dialect, _record, _args, _params):
        # a new database holds names, contacts and PIN hashes from its first write: made
        # for its owner only before SQLite opens it (its -wal and -shm files take the
        # database file's mode)
        database = sqlite_file(engine)
        if database is not None and database.parent.is_dir():
            create_private_file(database)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        if writes_expected():
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def require_driver(url: str) -> None:
    """Stop with what to install when the database's driver is not there."""
    if url.startswith("postgresql+psycopg") and importlib.util.find_spec("psycopg") is None:
        raise RuntimeError(
            "The database is PostgreSQL, but its driver (psycopg) is not installed: install "
            "requirements/server.txt, or pip install 'gramota[postgresql]'.")


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite database, or None for one in memory."""
    database = engine.url.database
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def make_sqlite_private(engine: Engine) -> list[Path]:
    """Make the SQLite database's files (made by an older Gramota, or copied in) readable
    by their owner only; return those that were open to others."""
    database = sqlite_file(engine)
    if database is None:
        return []
    opened = [path for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
              if path.is_file() and path.stat().st_mode & 0o077]
    for path in opened:
        path.chmod(0o600)
    return opened


def writes_expected() -> bool:
    """Whether this transaction is likely to write: a form was sent."""
    return has_request_context() and request.method in UNSAFE_METHODS


def insert_once(row: T, find_existing: Callable[[], T | None],
                also: Callable[[], None] | None = None) -> T:
    """Insert ``row``; if a unique constraint says it exists already, return that one.

    Two requests of the same learner can arrive at once (a double click, a class on a slow
    line): the database keeps one row, and both requests get it. ``also`` runs with the
    insert (a count that must happen once, with the row). Both are flushed in a savepoint
    of the caller's transaction, which stays open: the request commits it, once.
    """
    try:
        with savepoint():
            db.session.add(row)
            db.session.flush()
            if also is not None:
                also()
    except IntegrityError:
        existing = find_existing()
        if existing is None:
            raise
        return existing
    return row


@contextmanager
def savepoint() -> Iterator[None]:
    """A savepoint of the caller's transaction: what fails inside is undone, nothing else;
    what succeeds waits for the request's (or command's) commit."""
    begin_writing()
    with db.session.begin_nested():
        yield


def begin_writing() -> None:
    """Make sure the session's transaction is open for writing before a savepoint.

    Python 3.11's sqlite3 opens a transaction only before an INSERT, UPDATE or DELETE; a
    SAVEPOINT outside one would open it itself, and its RELEASE would commit everything.
    So on SQLite a transaction not yet writing takes the write lock first (form posts
    already began with BEGIN IMMEDIATE)."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection \
            .in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def commit_request(response):
    """One transaction per request: what the page changed is committed here, once, after
    the view and every other step of the answer; an error page (4xx, 5xx) leaves the
    database as it was. (An exception never reaches here: the session is rolled back.)

    A page that only read is left alone: the session ends with the request, and the
    person loaded for it stays loaded for the log line (a commit would expire it)."""
    if response.status_code >= 400:
        db.session.rollback()
    elif writes_expected() or has_changes(db.session):
        db.session.commit()
    return response


def has_changes(session) -> bool:
    """Whether the session holds changes not yet committed (added, changed, or flushed)."""
    return bool(session.new or session.dirty or session.deleted
                or session.info.get(WRITTEN))


WRITTEN = "lms.written"


@event.listens_for(Session, "after_flush")
def _note_written(session, _flush_context) -> None:
    session.info[WRITTEN] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WRITTEN] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_written(session, transaction) -> None:
    if transaction.parent is None:  # the outermost: committed or rolled back
        session.info.pop(WRITTEN, None)


def normalise_database_url(url: str) -> str:
    """Accept the ``postgres://`` and ``postgresql://`` spellings hosting panels give."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use lms.db.utcnow()")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value
