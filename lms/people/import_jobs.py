"""A large file of learners registered in the background (lms/background.py).

Every line is checked in the request, quickly: a wrong line is shown at once, as for a
small file. What takes time is the PIN of each new learner, hashed on purpose slowly
(about 70 ms with scrypt: 700 learners, almost a minute). So a file of more than
``LMS_IMPORT_AT_ONCE_ROWS`` right lines waits as a job: the runner hashes the PINs with
no transaction open, recording how far it got, then registers every learner in one short
transaction, all or none, as before. The trainer follows it on the job's page and prints
the login cards from there, once, as after a small import.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete

from .. import background
from ..background import DONE, FAILED, Runner, finish, record_progress
from ..db import db, utcnow
from ..i18n import current_language
from .importing import register_rows
from .models import ImportJob, User
from .passwords import hash_password, new_pin
from .pin_notes import seal_pins

PROGRESS_EVERY = 10  # PINs hashed between two records of progress (about a second)
KEEP_FOR = timedelta(days=7)


def queue(actor: User, library_id: int, rows: list[tuple[int, dict]]) -> ImportJob:
    job = ImportJob(user=actor, library_id=library_id, language=current_language(),
                    rows=[[line, row] for line, row in rows], rows_total=len(rows))
    db.session.add(job)
    db.session.flush()
    return job


def get_own_job_or_404(job_id: int, user: User) -> ImportJob:
    return background.get_own_job_or_404(ImportJob, job_id, user)


def new_learners(job: ImportJob) -> list[User]:
    if not job.learner_ids:
        return []
    people = db.session.scalars(db.select(User).where(User.id.in_(job.learner_ids)))
    return sorted(people, key=lambda person: person.id)


def _register(job: ImportJob) -> None:
    rows = [(line, row) for line, row in job.rows]
    pins = []
    for done, _row in enumerate(rows, start=1):
        pin = new_pin()
        pins.append((pin, hash_password(pin)))
        if done % PROGRESS_EVERY == 0:
            record_progress(job, done)
    with force_locale(job.language):
        registrations, problem = register_rows(job.user, rows, library_id=job.library_id,
                                               consent_method="paper", pins=pins)
        if problem:
            job = db.session.get(ImportJob, job.id)  # rolled back with the registrations
            job.problem = _("Line %(line)s: %(problem)s", line=problem[0],
                            problem=problem[1])[:500]
            _forget_rows(job)
            finish(job, FAILED)
            return
    job.learner_ids = [r.learner.id for r in registrations]
    job.pin_note = seal_pins(job.user, {r.learner.id: r.pin for r in registrations})
    job.rows_done = len(rows)
    _forget_rows(job)
    finish(job, DONE)  # the learners, their PINs' note and the job: one commit


def _forget_rows(job: ImportJob) -> None:
    job.rows = []  # names and phones are kept with the learners, or nowhere


def _forget_old() -> None:
    db.session.execute(delete(ImportJob).where(ImportJob.created_at < utcnow() - KEEP_FOR))
    db.session.commit()


runner = Runner(ImportJob, _register, name="gramota-imports", on_failure=_forget_rows,
                before=_forget_old)
start_runner, run_waiting = runner.start, runner.run_waiting
