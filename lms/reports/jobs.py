"""Long exports in the background: asked for on a page, written by a runner, kept to download.

The table of every learner of a region (100,000 lines) takes seconds to write: no worker
should be held for it while the coordinator stares at a blank page. So the export is a
row of ``lms_export_job``. The page that asks for it adds the row and answers at once; a
runner claims the waiting jobs one by one, writes each file into the instance folder's
``exports/`` while recording how many lines are done, and the coordinator downloads it
from the job's page for ``LMS_EXPORT_KEEP_DAYS`` days.

The runner is a thread of the site's own process, started after the answer that queued
a job is sent (and by the job's page while the job waits), or ``flask lms exports run``
for a separate process. A job survives a restart: one left running by a process that
stopped (a deploy, a killed worker) stops beating; after ``STALE`` the next runner takes
it again, at most ``MAX_TRIES`` times. Claiming is one conditional UPDATE, so two
runners never write the same job.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path

from flask import Flask, abort, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update

from ..db import db, utcnow
from ..i18n import current_language
from ..people.models import User
from ..people.scope import libraries_visible_to
from ..security import create_private_file
from ..web.tables import write_table
from . import exporting
from .models import DONE, FAILED, RUNNING, WAITING, ExportJob
from .period import Period

STALE = timedelta(minutes=2)  # a running job that has not recorded progress for this long
MAX_TRIES = 3
PROGRESS_EVERY = 2_000  # lines written between two records of progress
# The tables long enough to be written in the background, with how to count their lines.
IN_BACKGROUND = {"learners": exporting.learner_count}

_one_runner = threading.Lock()  # one runner per process is enough


def is_long(table: str, scope: list[int]) -> bool:
    count = IN_BACKGROUND.get(table)
    return count is not None and count(scope) > current_app.config["LMS_EXPORT_AT_ONCE_ROWS"]


def queue(user: User, table: str, fmt: str, scope: list[int], period: Period) -> ExportJob:
    """Add a job writing ``table`` of ``scope`` for ``period``; the runner takes it later."""
    job = ExportJob(
        user=user, table=table, fmt=fmt, language=current_language(), branch_ids=sorted(scope),
        period_kind=period.kind, period_start=period.start, period_end=period.end,
        rows_total=IN_BACKGROUND[table](scope),
        file_name=f"gramota-{table}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}")
    db.session.add(job)
    db.session.flush()
    return job


def get_own_job_or_404(job_id: int, user: User) -> ExportJob:
    """The job, if ``user`` asked for it: nobody else sees another person's export."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.user_id != user.id:
        abort(404)
    return job


def recent_jobs(user: User) -> list[ExportJob]:
    return list(db.session.scalars(select(ExportJob).filter_by(user_id=user.id)
                                   .order_by(ExportJob.id.desc()).limit(10)))


def file_of(job: ExportJob) -> Path:
    return exports_folder(current_app) / f"export-{job.id}.{job.fmt}"


def exports_folder(app: Flask) -> Path:
    return Path(app.instance_path) / app.config["LMS_EXPORTS_DIR"]


def needs_runner(job: ExportJob) -> bool:
    """Whether nothing is writing ``job``: it waits, or its runner stopped."""
    return job.state == WAITING or (
        job.state == RUNNING and job.heartbeat_at is not None
        and job.heartbeat_at < utcnow() - STALE)


def start_runner(app: Flask) -> None:
    """Write the waiting jobs in a thread of this process, unless one already does."""
    if not _one_runner.locked():
        threading.Thread(target=run_waiting, args=(app,), name="gramota-exports",
                         daemon=True).start()


def run_waiting(app: Flask) -> int:
    """Write every job that waits (or whose runner stopped), one by one; return how many."""
    if not _one_runner.acquire(blocking=False):
        return 0
    try:
        with app.app_context():
            forget_old()
            written = 0
            while (job := _claim_next()) is not None:
                _write(job)
                written += 1
            return written
    finally:
        _one_runner.release()


def forget_old() -> None:
    """Delete the jobs, and their files, older than ``LMS_EXPORT_KEEP_DAYS``."""
    before = utcnow() - timedelta(days=current_app.config["LMS_EXPORT_KEEP_DAYS"])
    for job in db.session.scalars(select(ExportJob).where(ExportJob.created_at < before)):
        file_of(job).unlink(missing_ok=True)
        db.session.delete(job)
    db.session.commit()


def _claimable():
    return or_(ExportJob.state == WAITING,
               and_(ExportJob.state == RUNNING, ExportJob.heartbeat_at < utcnow() - STALE))


def _claim_next() -> ExportJob | None:
    for job_id in db.session.scalars(select(ExportJob.id).where(_claimable())
                                     .order_by(ExportJob.id).limit(5)).all():
        now = utcnow()
        claimed = db.session.execute(
            update(ExportJob).where(ExportJob.id == job_id, _claimable())
            .values(state=RUNNING, tries=ExportJob.tries + 1, started_at=now, heartbeat_at=now,
                    rows_done=0)
            .execution_options(synchronize_session=False))
        db.session.commit()
        if claimed.rowcount != 1:
            continue  # another runner was first
        job = db.session.get(ExportJob, job_id)
        if job.tries <= MAX_TRIES:
            return job
        _finish(job, FAILED)
    return None


def _write(job: ExportJob) -> None:
    """Write the job's file; on any error the job fails and no half-written file is left."""
    path = file_of(job)
    partial = path.with_suffix(".part")
    try:
        visible = [lib for lib in libraries_visible_to(job.user) if lib.id in job.branch_ids]
        scope = [lib.id for lib in visible]  # the person's scope today, not when asked
        period = Period(job.period_kind, job.period_start, job.period_end)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)  # left by a process that stopped
        create_private_file(partial)  # a list of people: for the owner's eyes only
        with force_locale(job.language), partial.open("wb") as target:
            header, rows = exporting.TABLES[job.table](scope, period, visible)
            write_table(target, job.fmt, header, _recording(job, rows), _("Report"))
        partial.replace(path)
        job.file_size = path.stat().st_size
        _finish(job, DONE)
    except Exception:
        current_app.logger.exception("Export %s could not be written", job.id)
        db.session.rollback()
        partial.unlink(missing_ok=True)
        _finish(db.session.get(ExportJob, job.id), FAILED)


def _recording(job: ExportJob, rows: Iterable) -> Iterator:
    """Pass ``rows`` on, recording every PROGRESS_EVERY lines how many were written.

    The tables read their rows in parts (exporting.learners), so no query is open when
    this commits."""
    done = 0
    for done, row in enumerate(rows, start=1):  # noqa: B007 (done is read after the loop)
        yield row
        if done % PROGRESS_EVERY == 0:
            job.rows_done, job.heartbeat_at = done, utcnow()
            db.session.commit()
    job.rows_done = done


def _finish(job: ExportJob, state: str) -> None:
    job.state, job.finished_at = state, utcnow()
    db.session.commit()

