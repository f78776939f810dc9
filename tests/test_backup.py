"""Backups: made while the site runs, restored after a disaster, checked both ways."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from helpers import build_app, complete_course, sign_in, text_of

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

    from lms.extension import VERSION_TABLE
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
