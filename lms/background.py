"""Work too long for a request: a row per job, done by a runner thread, followed on a page.

A long export (lms/reports/jobs.py) or a large import of learners (lms/people/import_jobs.py)
must not hold a worker while someone stares at a blank page. The page that asks for it
adds a job row and answers at once; a runner claims the waiting jobs one by one and does
each, recording how far it has got; the person follows it on the job's page.

The runner is a thread of the site's own process, started after the answer that queued a
job is sent (and by the job's page while the job waits), or a ``flask lms`` command for a
separate process. A job survives a restart: one left running by a process that stopped (a
deploy, a killed worker) stops beating; after ``STALE`` the next runner takes it again, at
most ``MAX_TRIES`` times. Claiming is one conditional UPDATE, so two runners never do the
same job. No queue library: RQ, Dramatiq and Celery need a Redis or RabbitMQ server a
branch does not have, Huey has no PostgreSQL storage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from flask import Flask, abort, current_app
from sqlalchemy import String, and_, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .db import UTCDateTime, db, utcnow

WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"
STALE = timedelta(minutes=2)  # a running job that has not recorded progress for this long
MAX_TRIES = 3


class BackgroundJob:
    """The columns every job table has (a mixin of its model): where it stands. The
    model has a ``user_id`` too: who asked, the only person who sees the job."""

    state: Mapped[str] = mapped_column(String(10), default=WAITING, index=True)
    tries: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_over(self) -> bool:
        return self.state in (DONE, FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.state == DONE else (
            min(99, 100 * self.rows_done // self.rows_total) if self.rows_total else 0)


def get_own_job_or_404(model: type, job_id: int, user) -> BackgroundJob:
    """The job, if ``user`` asked for it: nobody else sees another person's job."""
    job = db.session.get(model, job_id)
    if job is None or job.user_id != user.id:
        abort(404)
    return job


def needs_runner(job: BackgroundJob) -> bool:
    """Whether nothing is doing ``job``: it waits, or its runner stopped."""
    return job.state == WAITING or (
        job.state == RUNNING and job.heartbeat_at is not None
        and job.heartbeat_at < utcnow() - STALE)


def start_after(response, runner: Runner):
    """Start ``runner`` once ``response`` is sent (and the request has committed the job)."""
    response.call_on_close(partial(runner.start, current_app._get_current_object()))
    return response


def record_progress(job: BackgroundJob, done: int) -> None:
    """How far the job has got, committed: the page shows it, and it says the runner lives."""
    job.rows_done, job.heartbeat_at = done, utcnow()
    db.session.commit()


def finish(job: BackgroundJob, state: str) -> None:
    job.state, job.finished_at = state, utcnow()
    db.session.commit()


class Runner:
    """Does the waiting jobs of ``model`` with ``work(job)``, one runner per process.

    ``work`` sets ``rows_done`` as it goes (``record_progress``) and the job's results,
    and ends it with ``finish``; an error it raises is logged, undone, passed to
    ``on_failure(job)`` to clean up, and the job marked failed. ``before`` runs once
    before the waiting jobs (deleting old ones)."""

    def __init__(self, model: type, work: Callable, *, name: str,
                 on_failure: Callable | None = None, before: Callable | None = None):
        self.model, self.work, self.name = model, work, name
        self.on_failure, self.before = on_failure, before
        self.busy = threading.Lock()

    def start(self, app: Flask) -> None:
        """Do the waiting jobs in a thread of this process, unless one already does."""
        if not self.busy.locked():
            threading.Thread(target=self.run_waiting, args=(app,), name=self.name,
                             daemon=True).start()

    def run_waiting(self, app: Flask) -> int:
        """Do every job that waits (or whose runner stopped), one by one; return how many."""
        if not self.busy.acquire(blocking=False):
            return 0
        try:
            with app.app_context():
                if self.before is not None:
                    self.before()
                done = 0
                while (job := self._claim_next()) is not None:
                    self._do(job)
                    done += 1
                return done
        finally:
            self.busy.release()

    def _do(self, job: BackgroundJob) -> None:
        try:
            self.work(job)
        except Exception:
            current_app.logger.exception("%s job %s failed", self.name, job.id)
            db.session.rollback()
            job = db.session.get(self.model, job.id)
            if self.on_failure is not None:
                self.on_failure(job)
            finish(job, FAILED)

    def _claimable(self):
        model = self.model
        return or_(model.state == WAITING,
                   and_(model.state == RUNNING, model.heartbeat_at < utcnow() - STALE))

    def _claim_next(self) -> BackgroundJob | None:
        model = self.model
        for job_id in db.session.scalars(select(model.id).where(self._claimable())
                                         .order_by(model.id).limit(5)).all():
            now = utcnow()
            claimed = db.session.execute(
                update(model).where(model.id == job_id, self._claimable())
                .values(state=RUNNING, tries=model.tries + 1, started_at=now,
                        heartbeat_at=now, rows_done=0)
                .execution_options(synchronize_session=False))
            db.session.commit()
            if claimed.rowcount != 1:
                continue  # another runner was first
            job = db.session.get(model, job_id)
            if job.tries <= MAX_TRIES:
                return job
            finish(job, FAILED)
        return None
