"""Long exports in the background: asked for on a page, written by a runner, kept to download.

The table of every learner of a region (100,000 lines) takes seconds to write. So the
export is a row of ``lms_export_job``, written by the runner of lms/background.py (which
says how jobs are claimed and survive a restart) into the instance folder's ``exports/``,
and the coordinator downloads it from the job's page for ``LMS_EXPORT_KEEP_DAYS`` days.
``flask lms exports-run`` writes the waiting ones from a separate process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from .. import background
from ..background import DONE, Runner, finish, record_progress
from ..db import db, utcnow
from ..i18n import current_language
from ..people.models import User
from ..people.scope import libraries_visible_to
from ..security import create_private_file
from ..web.tables import write_table
from . import exporting
from .models import ExportJob
from .period import Period

PROGRESS_EVERY = 2_000  # lines written between two records of progress
# The tables long enough to be written in the background, with how to count their lines.
IN_BACKGROUND = {"learners": exporting.learner_count}


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
    return background.get_own_job_or_404(ExportJob, job_id, user)


def recent_jobs(user: User) -> list[ExportJob]:
    return list(db.session.scalars(select(ExportJob).filter_by(user_id=user.id)
                                   .order_by(ExportJob.id.desc()).limit(10)))


def file_of(job: ExportJob) -> Path:
    return exports_folder(current_app) / f"export-{job.id}.{job.fmt}"


def exports_folder(app: Flask) -> Path:
    return Path(app.instance_path) / app.config["LMS_EXPORTS_DIR"]


def forget_old() -> None:
    """Delete the jobs, and their files, older than ``LMS_EXPORT_KEEP_DAYS``."""
    before = utcnow() - timedelta(days=current_app.config["LMS_EXPORT_KEEP_DAYS"])
    for job in db.session.scalars(select(ExportJob).where(ExportJob.created_at < before)):
        file_of(job).unlink(missing_ok=True)
        db.session.delete(job)
    db.session.commit()


def _write(job: ExportJob) -> None:
    """Write the job's file; an error leaves no half-written file (_remove_partial)."""
    path = file_of(job)
    partial = path.with_suffix(".part")
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
    finish(job, DONE)


def _remove_partial(job: ExportJob) -> None:
    file_of(job).with_suffix(".part").unlink(missing_ok=True)


def _recording(job: ExportJob, rows: Iterable) -> Iterator:
    """Pass ``rows`` on, recording every PROGRESS_EVERY lines how many were written.

    The tables read their rows in parts (exporting.learners), so no query is open when
    this commits."""
    done = 0
    for done, row in enumerate(rows, start=1):  # noqa: B007 (done is read after the loop)
        yield row
        if done % PROGRESS_EVERY == 0:
            record_progress(job, done)
    job.rows_done = done


runner = Runner(ExportJob, _write, name="gramota-exports", on_failure=_remove_partial,
                before=forget_old)
start_runner, run_waiting = runner.start, runner.run_waiting
