"""Backups: made while the site runs, restored after a disaster, checked both ways."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import TEST_CONFIG, build_app, complete_course, sign_in, text_of

from lms.db import db
from lms.progress.models import LessonProgress


def counts() -> dict[str, int]:
    from lms.backup.services import row_counts

    with db.engine.connect() as connection:
        return row_counts(connection)


def wipe() -> None:
    """The bad day: every row gone."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def make_backup(runner, tmp_path) -> Path:
    result = runner.invoke(args=["lms", "backup", "--to", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    files = sorted(p for p in (tmp_path / "backups").iterdir() if p.suffix != ".json")
    assert len(files) == 1 and files[0].with_suffix(".json").is_file()
    return files[0]


def test_backup_wipe_restore_gives_the_same_rows_and_the_learner_signs_in(
        app, client, runner, learner, tmp_path):
    complete_course(learner)
    who = SimpleNamespace(username=learner.username, plain_password=learner.plain_password)
    before = counts()
    path = make_backup(runner, tmp_path)
    manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["rows"] == before and manifest["rows"]["lms_certificate"] == 1
    wipe()
    assert counts()["lms_user"] == 0
    result = runner.invoke(args=["lms", "restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert counts() == before
    sign_in(client, who)
    assert "Мария Иванова" in text_of(client.get("/me/"))
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 2


def test_a_backup_that_does_not_match_its_manifest_is_refused(app, runner, learner,
                                                              tmp_path):
    path = make_backup(runner, tmp_path)
    manifest_path = path.with_suffix(".json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["rows"]["lms_user"] += 5
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    before = counts()
    result = runner.invoke(args=["lms", "restore", str(path), "--yes"])
    assert result.exit_code != 0
    assert "lms_user" in result.output
    if path.suffix == ".sqlite3":  # checked before anything is touched
        assert counts() == before


def test_a_damaged_or_missing_backup_changes_nothing(app, runner, learner, tmp_path):
    path = make_backup(runner, tmp_path)
    before = counts()
    data = bytearray(path.read_bytes())
    if path.suffix == ".sqlite3":
        data[100:4000] = b"\0" * 3900  # pages overwritten
    else:
        data = data[:len(data) // 3]  # a dump cut short
    path.write_bytes(bytes(data))
    damaged = runner.invoke(args=["lms", "restore", str(path), "--yes"])
    assert damaged.exit_code != 0 and "Error" in damaged.output
    missing = runner.invoke(args=["lms", "restore", str(tmp_path / "nothing.sqlite3"),
                                  "--yes"])
    assert missing.exit_code != 0 and "no such backup" in missing.output
    assert counts() == before


def test_a_sqlite_network_moves_to_postgresql_with_every_row(app, runner, learner, make_user):
    """`flask lms copy-to URL`: same rows on PostgreSQL, the learner signs in there and
    sees her progress, and new rows get new ids after the copied ones."""
    import os
    import uuid

    import psycopg
    import pytest

    from lms.db import VERSION_TABLE
    from lms.people.models import Library, Role
    from lms.people.services import create_user

    if db.engine.dialect.name != "sqlite" or "postgresql" not in os.environ.get(
            "GRAMOTA_TEST_DATABASES", "sqlite"):
        pytest.skip("from SQLite to a PostgreSQL server")
    complete_course(learner)
    make_user("petrova", role=Role.TRAINER)
    before = counts()
    # read now: inside the other app, the fixture's objects would load through PostgreSQL
    who = SimpleNamespace(id=learner.id, library_id=learner.library_id,
                          username=learner.username, plain_password=learner.plain_password)
    server = os.environ.get("GRAMOTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
    name = f"gramota_move_{uuid.uuid4().hex[:8]}"
    target = f"postgresql+psycopg://{server.split('://', 1)[1]}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            result = runner.invoke(args=["lms", "copy-to", target])
            assert result.exit_code == 0, result.output
            assert "lms_lesson_progress: 2 rows" in result.output
            again = runner.invoke(args=["lms", "copy-to", target])
            assert again.exit_code != 0 and "already holds Gramota data" in again.output
            moved = build_app({**app.config, "SQLALCHEMY_DATABASE_URI": target},
                              app.instance_path)
            with moved.app_context():
                assert {n: c for n, c in counts().items() if n != VERSION_TABLE} == before
                newcomer = create_user("novikova", "Новикова", Role.LEARNER, "246810",
                                       library=db.session.get(Library, who.library_id))
                db.session.commit()
                assert newcomer.id > who.id  # the id counters moved past the copied rows
                client = moved.test_client()
                sign_in(client, who)
                assert "Мария Иванова" in text_of(client.get("/me/"))
                db.session.remove()
                db.engine.dispose()
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def usual_umask():
    """The umask most servers run with: new files readable by everyone (644)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_backups_are_for_the_owners_eyes_only(app, runner, learner, tmp_path, usual_umask):
    path = make_backup(runner, tmp_path)
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.with_suffix(".json").stat().st_mode) == 0o600


def test_the_sqlite_database_is_for_the_owners_eyes_only(tmp_path, usual_umask):
    database = tmp_path / "site" / "gramota.sqlite3"
    database.parent.mkdir()
    app = build_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                     "LMS_CONTENT_AUTOLOAD": False}, tmp_path / "instance")
    assert not database.exists()  # starting the site (or `flask --help`) makes no file
    with app.app_context():
        db.create_all()
        db.session.execute(db.text("SELECT count(*) FROM lms_user"))
        files = sorted(database.parent.iterdir())
        assert [f.name for f in files] == ["gramota.sqlite3", "gramota.sqlite3-shm",
                                           "gramota.sqlite3-wal"]
        assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}


def test_init_closes_a_database_an_older_version_left_open(make_app, tmp_path, usual_umask):
    database = tmp_path / "old.sqlite3"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        db.drop_all()  # as `lms init` finds a database: made by migrations, or new
    database.chmod(0o644)
    result = app.test_cli_runner().invoke(args=["lms", "init"])
    assert result.exit_code == 0, result.output
    assert f"{database} was readable by others: now by its owner only" in result.output
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    again = app.test_cli_runner().invoke(args=["lms", "init"])
    assert "readable by others" not in again.output
