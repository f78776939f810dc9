"""Backing up and restoring Gramota's database.

- SQLite: SQLite's online backup API (a consistent copy while the site runs; never a
  copy of the file, which could catch a write half done).
- PostgreSQL: ``pg_dump --format=custom``, restored with ``pg_restore``.

Every backup gets a manifest beside it (``<name>.json``): when it was made, the schema
version and the number of rows of every table. A restore checks the backup against its
manifest before touching anything, and the database against it afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from ..db import VERSION_TABLE, db, sqlite_file, utcnow
from ..security import create_private_file


class BackupError(RuntimeError):
    """The backup or the restore cannot be done; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict

    @property
    def manifest_path(self) -> Path:
        return self.path.with_suffix(".json")


def row_counts(connection) -> dict[str, int]:
    """The number of rows in each of Gramota's tables."""
    names = sorted(n for n in inspect(connection).get_table_names() if n.startswith("lms_"))
    return {name: connection.execute(select(func.count()).select_from(text(name))).scalar()
            for name in names}


def _revision(connection) -> str | None:
    if VERSION_TABLE not in inspect(connection).get_table_names():
        return None  # made with create_all (tests), not migrations
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _sqlite_file(engine) -> Path:
    path = sqlite_file(engine)
    if path is None:
        raise BackupError("An in-memory database cannot be backed up.")
    return path


def backup(folder: Path) -> Backup:
    """Back up the database into ``folder``; return the backup and its manifest.

    A backup holds names, contacts and PIN hashes: its folder, when made here, and its
    files are for the owner's eyes only (modes 700 and 600)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    engine = db.engine
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    with engine.connect() as connection:
        manifest = {"made_at": utcnow().isoformat(timespec="seconds"),
                    "database": engine.dialect.name, "revision": _revision(connection),
                    "rows": row_counts(connection)}
    if engine.dialect.name == "sqlite":
        path = folder / f"gramota-{stamp}.sqlite3"
        source = sqlite3.connect(_sqlite_file(engine))
        create_private_file(path)
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            manifest["rows"] = {name: target.execute(f'SELECT count(*) FROM "{name}"')
                                .fetchone()[0] for name in manifest["rows"]}
        finally:
            source.close()
            target.close()
    elif engine.dialect.name == "postgresql":
        path = folder / f"gramota-{stamp}.pgdump"
        create_private_file(path)  # pg_dump writes into it and keeps its mode
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}",
              _libpq_url(engine.url)], engine.url)
    else:
        raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")
    made = Backup(path, manifest)
    create_private_file(made.manifest_path)
    made.manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False),
                                  encoding="utf-8")
    return made


def read_backup(path: Path) -> Backup:
    manifest_path = path.with_suffix(".json")
    if not path.is_file():
        raise BackupError(f"{path}: no such backup.")
    if not manifest_path.is_file():
        raise BackupError(f"{manifest_path}: the manifest is missing; restore it by hand "
                          "only if you are sure of the file.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        rows = manifest["rows"]
    except (ValueError, KeyError) as exc:
        raise BackupError(f"{manifest_path}: not a manifest ({exc}).") from None
    if not isinstance(rows, dict):
        raise BackupError(f"{manifest_path}: not a manifest.")
    return Backup(path, manifest)


def check_sqlite_backup(made: Backup) -> None:
    """The file is a sound SQLite database holding the rows its manifest says."""
    try:
        with sqlite3.connect(f"file:{made.path}?mode=ro", uri=True) as copy:
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"{made.path}: damaged ({verdict}).")
            for name, expected in made.manifest["rows"].items():
                found = copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                if found != expected:
                    raise BackupError(f"{made.path}: {name} has {found} rows, the manifest "
                                      f"says {expected}.")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{made.path}: not a SQLite database ({exc}).") from None


def restore(made: Backup) -> dict[str, int]:
    """Replace the database's contents with the backup; return the row counts after."""
    engine = db.engine
    if made.manifest.get("database") != engine.dialect.name:
        raise BackupError(f"This is a {made.manifest.get('database')} backup; the site uses "
                          f"{engine.dialect.name}.")
    db.session.remove()
    if engine.dialect.name == "sqlite":
        check_sqlite_backup(made)
        engine.dispose()
        source = sqlite3.connect(f"file:{made.path}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_file(engine))
        try:
            source.backup(target)  # page by page, under SQLite's own locks
        finally:
            source.close()
            target.close()
    else:
        engine.dispose()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq_url(engine.url)}", str(made.path)], engine.url)
    with engine.connect() as connection:
        counts = row_counts(connection)
    wrong = {name: (counts.get(name), n) for name, n in made.manifest["rows"].items()
             if counts.get(name) != n}
    if wrong:
        raise BackupError(f"After the restore these tables differ from the manifest: {wrong}")
    return counts


def _libpq_url(url) -> str:
    """The database URL as pg_dump understands it: no driver name, no password (that goes
    in the environment, not on a command line others can see)."""
    return make_url(url).set(drivername="postgresql", password=None).render_as_string()


def _run(command: list[str], url) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).")
    environment = dict(os.environ)
    if make_url(url).password:
        environment["PGPASSWORD"] = make_url(url).password
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600,
                          env=environment)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")
