"""A long export is written in the background, with its progress shown, and kept to download."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import openpyxl
import pytest
from helpers import csrf_from, sign_in, text_of
from sqlalchemy import event

from lms.audit.models import AuditEvent
from lms.background import DONE, FAILED, MAX_TRIES, RUNNING, WAITING
from lms.db import db, utcnow
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.scope import libraries_visible_to
from lms.reports import jobs
from lms.reports.models import ExportJob
from lms.reports.period import around

LEARNERS = "/reports/export/learners.xlsx"


@pytest.fixture
def region(app, make_user):
    """Network A: branches a1 (three learners) and a2 (two); network B: one learner."""
    app.config["LMS_EXPORT_AT_ONCE_ROWS"] = 4
    a = get_or_create_network("net-a", "Сеть А")
    b = get_or_create_network("net-b", "Мережа Б", "uk")
    a1 = get_or_create_library(a, "a1", "Библиотека А-1")
    a2 = get_or_create_library(a, "a2", "Библиотека А-2")
    b1 = get_or_create_library(b, "b1", "Бібліотека Б-1", country="UA")
    for n, (name, at) in enumerate([("Орлова Нина", a1), ("Гнатюк Ольга", a1),
                                    ("Белова Вера", a2), ("Абрамова Анна", a1),
                                    ("Юдина Зоя", a2), ("Бойко Ганна", b1)]):
        make_user(f"learner{n}", full_name=name, at=at)
    return {"coordinator_a": make_user("coord.a", role=Role.COORDINATOR, at=a1, network=a),
            "coordinator_b": make_user("coord.b", role=Role.COORDINATOR, at=b1, network=b)}


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def sent(response):
    """The response as a server leaves it: sent, then closed (which starts the runner)."""
    response.get_data()
    response.close()
    return response


def wait_until_written(client, url: str) -> str:
    """Look at the job's page as the coordinator would, until the runner has finished."""
    for _ in range(100):
        page = text_of(sent(client.get(url)))
        if "Проверить ещё раз" not in page:
            return page
        time.sleep(0.1)
    raise AssertionError(f"the export was not written: {page}")


def test_a_long_table_is_written_in_the_background_and_kept_for_its_owner(app, region):
    client = signed_in(app, region["coordinator_a"])
    offer = text_of(client.get(LEARNERS))
    assert "В таблице 5 строк." in offer and "Подготовить файл (XLSX)" in offer
    assert client.post(LEARNERS).status_code == 400  # no form token: nothing queued
    assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 0

    queued = sent(client.post(LEARNERS, data={"csrf_token": csrf_from(offer)}))
    assert queued.status_code == 302
    job_page = queued.headers["Location"]
    page = wait_until_written(client, job_page)  # the runner thread started after the answer
    assert "Файл готов." in page and "Хранится 7 дней." in page
    job = db.session.scalar(db.select(ExportJob))
    assert (job.state, job.rows_total, job.rows_done, job.tries) == (DONE, 5, 5, 1)
    assert jobs.file_of(job).stat().st_mode & 0o777 == 0o600  # names: the owner's only

    download = sent(client.get(f"{job_page}/file"))
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert job.file_name in download.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(download.data)).active
    assert [(r[1], r[3]) for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("Абрамова Анна", "Библиотека А-1"), ("Гнатюк Ольга", "Библиотека А-1"),
        ("Орлова Нина", "Библиотека А-1"), ("Белова Вера", "Библиотека А-2"),
        ("Юдина Зоя", "Библиотека А-2")]  # by branch, then by name; not network B's
    assert sheet.cell(1, 2).value == "Имя"  # in the language it was asked for in

    dashboard = text_of(client.get("/reports/"))
    assert f"Скачать {job.file_name}" in dashboard
    exported = db.session.scalar(db.select(AuditEvent).filter_by(action="report_exported"))
    assert exported.details["job"] == job.id and exported.details["table"] == "learners"

    other = signed_in(app, region["coordinator_b"])
    assert other.get(job_page).status_code == 404
    assert other.get(f"{job_page}/file").status_code == 404
    assert job.file_name not in text_of(other.get("/reports/"))


def test_a_short_table_is_still_sent_at_once(app, region):
    app.config["LMS_EXPORT_AT_ONCE_ROWS"] = 5
    answer = sent(signed_in(app, region["coordinator_a"]).get(LEARNERS))
    sheet = openpyxl.load_workbook(io.BytesIO(answer.data)).active
    assert sheet.max_row == 1 + 5 and db.session.scalar(db.select(ExportJob)) is None


def queued_job(app, user, **state) -> ExportJob:
    with app.test_request_context():
        period = around("year", utcnow().date())
        scope = [lib.id for lib in libraries_visible_to(user)]
        job = jobs.queue(user, "learners", "csv", scope, period)
    for name, value in state.items():
        setattr(job, name, value)
    db.session.commit()
    return job


def test_a_job_left_running_by_a_stopped_process_is_written_by_the_next_runner(
        app, region, runner):
    coordinator = region["coordinator_a"]
    stopped = queued_job(app, coordinator, state=RUNNING, tries=1,
                         heartbeat_at=utcnow() - timedelta(minutes=10))
    beating = queued_job(app, coordinator, state=RUNNING, tries=1, heartbeat_at=utcnow())
    worn = queued_job(app, coordinator, state=RUNNING, tries=MAX_TRIES,
                      heartbeat_at=utcnow() - timedelta(minutes=10))
    result = runner.invoke(args=["lms", "exports-run"])
    assert result.output == "1 exports written.\n", result.output
    db.session.expire_all()
    assert (stopped.state, stopped.tries) == (DONE, 2)
    text = jobs.file_of(stopped).read_text("utf-8-sig")
    assert text.splitlines()[0].startswith("Номер;Имя;") and len(text.splitlines()) == 6
    assert beating.state == RUNNING  # its runner is alive: left alone
    assert worn.state == FAILED  # tried as often as it may be


def test_a_failed_export_leaves_no_file_and_says_so(app, region, monkeypatch):
    job = queued_job(app, region["coordinator_a"])

    def broken(*_args):
        def rows():
            yield [1, "Орлова"]
            raise OSError("disk full")
        return ["Номер", "Имя"], rows()

    monkeypatch.setitem(jobs.exporting.TABLES, "learners", broken)
    assert jobs.run_waiting(app) == 1
    db.session.expire_all()
    assert job.state == FAILED
    assert list(jobs.exports_folder(app).iterdir()) == []  # no half-written file
    page = text_of(signed_in(app, region["coordinator_a"]).get(f"/reports/exports/{job.id}"))
    assert "Не удалось подготовить файл." in page


def test_progress_is_recorded_while_the_file_is_written(app, region, monkeypatch):
    job = queued_job(app, region["coordinator_a"])
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    recorded = []

    @event.listens_for(db.session, "before_commit")
    def note(session):  # the runner's session, with its own copy of the job
        recorded.extend(kept.rows_done for kept in session.identity_map.values()
                        if isinstance(kept, ExportJob) and kept.state == RUNNING)

    try:
        jobs.run_waiting(app)
    finally:
        event.remove(db.session, "before_commit", note)
    assert recorded == [2, 4]
    page = text_of(signed_in(app, region["coordinator_a"]).get(f"/reports/exports/{job.id}"))
    assert "Файл готов." in page


def test_a_waiting_job_shows_its_progress_and_old_ones_are_forgotten(app, region):
    coordinator = region["coordinator_a"]
    job = queued_job(app, coordinator, rows_done=2)
    old = queued_job(app, coordinator, state=DONE, created_at=utcnow() - timedelta(days=8))
    old_id, old_file = old.id, jobs.file_of(old)
    old_file.parent.mkdir(parents=True)
    old_file.write_text("old")
    job_page = f"/reports/exports/{job.id}"
    client = signed_in(app, coordinator)
    jobs.runner.busy.acquire()  # a runner is busy: the page shows the job as it stands
    try:
        page = text_of(client.get(job_page))
    finally:
        jobs.runner.busy.release()
    assert "Записано: 2 из 5 строк." in page and 'value="40"' in page
    assert job.state == WAITING
    wait_until_written(client, job_page)  # the next look starts the runner
    assert not old_file.exists()
    assert db.session.get(ExportJob, old_id) is None
