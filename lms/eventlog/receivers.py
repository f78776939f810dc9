"""Each change that counts, told by lms/events.py, written to the log as an xAPI statement
in the sender's transaction."""

from __future__ import annotations

from datetime import datetime

from .. import events
from ..db import db, utcnow
from ..people.models import User
from . import xapi
from .log import last_about, write


def _branch(library) -> str | None:
    return f"{library.network.code}/{library.code}" if library is not None else None


def _write(body: dict, user, library) -> None:
    write(body, user_id=user.id if user is not None else None,
          library_id=library.id if library is not None else None,
          when=datetime.fromisoformat(body["timestamp"]))


def _person(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None


@events.lesson_completed.connect
def _lesson(enrollment, *, lesson_slug, marked_by=None, **_details) -> None:
    user, library = enrollment.user, enrollment.library
    _write(xapi.statement(
        user.uid, "completed",
        xapi.activity("lesson", "courses", enrollment.course_slug, lesson_slug),
        branch=_branch(library), when=utcnow(), course_slug=enrollment.course_slug,
        instructor_uid=marked_by.uid if marked_by is not None else None), user, library)


@events.quiz_finished.connect
def _quiz(attempt, *, user, course, quiz, passed, **_details) -> None:
    """The quiz's result, and each answer she gave in it (question, answer, points), in one
    statement: not 180 more statements in a busy day's bundle."""
    result = xapi.score(attempt.score or 0, 100, success=passed)
    result["extensions"] = {xapi.extension("answers"): [
        [answer.question_index, answer.answer, answer.points]
        for answer in sorted(attempt.answers, key=lambda a: a.question_index)]}
    _write(xapi.statement(
        user.uid, "passed" if passed else "failed",
        xapi.activity("quiz", "courses", course.slug, "quizzes", quiz.slug),
        branch=_branch(user.library), when=attempt.finished_at or utcnow(),
        course_slug=course.slug, result=result,
        instructor_uid=getattr(_person(attempt.entered_by_id), "uid", None)), user,
        user.library)


@events.course_completed.connect
def _course(enrollment, **_details) -> None:
    user, library = enrollment.user, enrollment.library
    _write(xapi.statement(user.uid, "completed", xapi.course_activity(enrollment.course_slug),
                          branch=_branch(library), when=utcnow()), user, library)


@events.certificate_issued.connect
def _certificate(certificate, *, issued_by=None, **_details) -> None:
    user, library = certificate.user, certificate.library
    _write(xapi.statement(
        user.uid, "earned", xapi.activity("certificate", "certificates", certificate.number),
        branch=_branch(library), when=certificate.issued_at or utcnow(),
        course_slug=certificate.course_slug,
        instructor_uid=issued_by.uid if issued_by is not None else None), user, library)


@events.certificate_reissued.connect
def _certificate_again(certificate, *, replaces, by=None, **_details) -> None:
    """Earned again (a retake, a corrected name): the statement names the one it replaces,
    so that a replay does not count a second certificate."""
    user, library = certificate.user, certificate.library
    _write(xapi.statement(
        user.uid, "earned", xapi.activity("certificate", "certificates", certificate.number),
        branch=_branch(library), when=certificate.issued_at, course_slug=certificate.course_slug,
        instructor_uid=by.uid if by is not None else None,
        extensions={xapi.extension("replaces"): replaces.number}), user, library)


@events.practice_finished.connect
def _practice(attempt, *, practice, **_details) -> None:
    user, shown = attempt.user, len(attempt.caught) + len(attempt.missed)
    library = user.library if user.library_id == attempt.library_id else None
    result = xapi.score(len(attempt.caught), shown)
    result["extensions"] = {xapi.extension("caught"): list(attempt.caught),
                            xapi.extension("missed"): list(attempt.missed),
                            xapi.extension("costly"): attempt.costly}
    _write(xapi.statement(
        user.uid, "practised",
        xapi.activity("practice", "practices", attempt.course_slug, attempt.practice_slug),
        branch=_branch(library), when=attempt.finished_at or utcnow(),
        course_slug=attempt.course_slug, result=result), user, library)


@events.learners_merged.connect
def _joined(kept, *, other, **_details) -> None:
    """Two accounts became one: what the other's statements say is hers now (a replay
    of the log folds the two uids)."""
    library = kept.library
    _write(xapi.statement(kept.uid, "joined", xapi.agent(other.uid), branch=_branch(library),
                          when=utcnow()), kept, library)


@events.learner_registered.connect
def _registered(user, *, registered_by=None, **_details) -> None:
    library = user.library
    _write(xapi.statement(
        user.uid, "registered",
        xapi.activity("branch", "branches", library.network.code, library.code),
        branch=_branch(library), when=utcnow(),
        instructor_uid=registered_by.uid if registered_by is not None else None),
        user, library)


@events.learner_details_changed.connect
def _corrected(user, *, fields, changed_by, **_details) -> None:
    library = user.library
    _write(xapi.statement(
        user.uid, "corrected",
        xapi.activity("branch", "branches", library.network.code, library.code),
        branch=_branch(library), when=utcnow(), instructor_uid=changed_by.uid,
        extensions={xapi.extension("fields"): sorted(fields)}), user, library)


@events.attendance_recorded.connect
def _attendance(session, *, added, removed, recorded_by, **_details) -> None:
    study_class = session.study_class
    library = study_class.library
    session_activity = xapi.activity(
        "session", "classes", study_class.uid, "sessions", session.on.isoformat())
    people = {user_id: _person(user_id) for user_id in added | removed}
    for user_id in sorted(added):
        _write(xapi.statement(
            people[user_id].uid, "attended", session_activity, branch=_branch(library),
            when=utcnow(), course_slug=study_class.course_slug,
            instructor_uid=recorded_by.uid), people[user_id], library)
    for user_id in sorted(removed):  # unmarked: the attendance is taken back
        marked = last_about(session_activity["id"], people[user_id].uid, xapi.VERBS["attended"])
        if marked is not None:
            _write(xapi.voiding(recorded_by.uid, marked.uuid, utcnow()), people[user_id],
                   library)


def _void_consultation(consultation, by) -> dict:
    library, author = consultation.library, consultation.author
    entry = xapi.activity("consultation", "consultations", consultation.uid)
    before = last_about(entry["id"], author.uid, xapi.iri("verbs", "consulted"))
    if before is not None:
        _write(xapi.voiding(by.uid, before.uuid, utcnow()), author, library)
    return entry


@events.consultation_deleted.connect
def _consultation_deleted(consultation, *, by, **_details) -> None:
    _void_consultation(consultation, by)


@events.consultation_saved.connect
def _consultation(consultation, *, created, by, **_details) -> None:
    """A consultation entry is an activity of its own (its topic and figures in the
    result): a change voids its statement and makes a new one; a deletion voids it."""
    library, author = consultation.library, consultation.author
    entry = (xapi.activity("consultation", "consultations", consultation.uid) if created
             else _void_consultation(consultation, by))
    learner = consultation.learner
    _write(xapi.statement(
        author.uid, "consulted", entry, branch=_branch(library), when=utcnow(),
        result={"extensions": {
            xapi.extension("topic"): consultation.topic,
            xapi.extension("people"): consultation.people,
            xapi.extension("outcome"): consultation.outcome,
            xapi.extension("format"): consultation.format,
            xapi.extension("date"): consultation.on.isoformat(),
            **({xapi.extension("learner"): learner.uid} if learner is not None else {})}}),
        author, library)
