"""At the region: what a node's statement says happened, made into the rows the pages and
reports read, and counted on the day it happened (not the day it arrived).

Progress only grows, so nothing here conflicts: a lesson done is a union (done at two
places, it is done once), an attempt is appended, a course completed stays completed, a
certificate is kept under its own number. Nothing here sends the learner's path events:
those would write the region's own statements about work already in the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from ..certificates.models import Certificate
from ..classes.models import Attendance, ClassSession, StudyClass
from ..consultations.models import Consultation
from ..db import db
from ..eventlog import xapi
from ..eventlog.log import replaying
from ..eventlog.models import Statement
from ..figures.counting import active, count
from ..people.branches import library_of
from ..people.merging import join
from ..people.models import Library, User
from ..practice.models import PracticeAttempt
from ..progress.models import Enrollment, LessonProgress
from ..quizzes.models import QuizAnswer, QuizAttempt
from .people import person_id
from .records import make_class, member_of, path_of, session_of


def _verb_name(verb_iri: str) -> str:
    """ADL's and Gramota's verbs alike end in their name (xapi.VERBS)."""
    return verb_iri.rsplit("/", 1)[-1]


@dataclass
class Replay:
    """One bundle's replay: its certificates and classes as the node described them, and
    what could not be made (a person or a class the region does not know)."""
    certificates: dict[str, dict]
    classes: dict[str, dict]
    skipped: list[str] = field(default_factory=list)

    def run(self, row: Statement) -> None:
        body = row.body
        name = _verb_name(row.verb)
        parts = path_of(row.object_id)
        handler = _HANDLERS.get((name, parts[0] if parts else body["object"].get(
            "objectType")))
        if handler is None:  # registered, corrected: the people section did it
            return
        person = db.session.get(User, row.user_id) if row.user_id is not None else None
        if person is None and name != "voided":
            self.skipped.append(f"{row.node}/{row.sequence}: {row.actor} is not known here")
            return
        handler(self, row, person, parts)


def _enrollment(person: User, course_slug: str, library_id: int | None,
                when: datetime) -> Enrollment:
    found = db.session.scalar(select(Enrollment).where(
        Enrollment.user_id == person.id, Enrollment.course_slug == course_slug))
    if found is None:
        found = Enrollment(user_id=person.id, course_slug=course_slug, library_id=library_id,
                           started_at=when)
        db.session.add(found)
        db.session.flush()
    return found


def _instructor(row: Statement) -> int | None:
    return person_id((row.body.get("context") or {}).get("instructor", {}).get(
        "account", {}).get("name"))


def _lesson(replay: Replay, row, person, parts) -> None:
    if len(parts) == 2:  # the course itself
        enrollment = _enrollment(person, parts[1], row.library_id, row.occurred_at)
        if enrollment.completed_at is None:
            enrollment.completed_at = row.occurred_at
            count(enrollment.library_id, enrollment.course_slug, row.occurred_at,
                  courses_completed=1)
        return
    course_slug, lesson_slug = parts[1], parts[2]
    enrollment = _enrollment(person, course_slug, row.library_id, row.occurred_at)
    done = db.session.scalar(select(LessonProgress.id).where(
        LessonProgress.enrollment_id == enrollment.id, LessonProgress.lesson_slug == lesson_slug))
    if done is None:
        db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_slug=lesson_slug,
                                      completed_at=row.occurred_at, marked_by_id=_instructor(row)))
        count(enrollment.library_id, course_slug, row.occurred_at, lessons=1)
        active(person.id, enrollment.library_id, row.occurred_at)


def _quiz(replay: Replay, row, person, parts) -> None:
    result = row.body.get("result") or {}
    passed = bool(result.get("success"))
    attempt = QuizAttempt(
        user_id=person.id, course_slug=parts[1], quiz_slug=parts[3], lang=person.language,
        seed=0, started_at=row.occurred_at, finished_at=row.occurred_at,
        score=int(result.get("score", {}).get("raw", 0)), passed=passed,
        entered_by_id=_instructor(row))
    attempt.answers = [QuizAnswer(question_index=int(index), answer=answer,
                                  points=float(points), answered_at=row.occurred_at)
                       for index, answer, points in (result.get("extensions") or {}).get(
                           xapi.extension("answers"), [])]
    db.session.add(attempt)
    active(person.id, person.library_id, row.occurred_at)
    if passed:
        count(person.library_id, parts[1], row.occurred_at, quizzes_passed=1)


def _certificate(replay: Replay, row, person, parts) -> None:
    number = parts[1]
    described = replay.certificates.get(number)
    if described is None:
        replay.skipped.append(f"{row.node}/{row.sequence}: certificate {number} not described")
        return
    here = db.session.scalar(select(Certificate.uid).where(Certificate.number == number))
    if here is not None:
        if here != described["uid"]:  # a node numbering outside its series (LMS_REGION_URL)
            replay.skipped.append(f"{row.node}/{row.sequence}: another certificate has the "
                                  f"number {number} here")
        return
    library = library_of(described["branch"])
    replaced = ((row.body.get("context") or {}).get("extensions") or {}).get(
        xapi.extension("replaces"))
    old = db.session.scalar(select(Certificate).where(Certificate.number == replaced)) \
        if replaced else None
    if old is not None:
        old.enrollment_id = None  # the new one takes it
        db.session.flush()
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.user_id == person.id, Enrollment.course_slug == described["course"]))
    taken = enrollment is not None and db.session.scalar(select(Certificate.id).where(
        Certificate.enrollment_id == enrollment.id))
    issued = datetime.fromisoformat(described["issued"])
    made = Certificate(
        uid=described["uid"], number=number, code=described["code"], user_id=person.id,
        enrollment_id=enrollment.id if enrollment is not None and not taken else None,
        course_slug=described["course"], library_id=library.id if library else None,
        trainer_id=person_id(described.get("trainer")), full_name=described["full_name"],
        course_title=described["course_title"], hours=described["hours"],
        lang=described["lang"], audience=described["audience"],
        issued_at=issued, on_paper=bool(described["on_paper"]), issued_by_id=_instructor(row))
    db.session.add(made)
    if replaced:  # issued again: the old one replaced, no new certificate in the figures
        if old is not None:
            db.session.flush()
            old.superseded_by_id, old.superseded_at = made.id, issued
        return
    count(library.id if library else None, described["course"], issued, certificates=1)


def _practice(replay: Replay, row, person, parts) -> None:
    extensions = (row.body.get("result") or {}).get("extensions", {})
    library = db.session.get(Library, row.library_id) if row.library_id else None
    db.session.add(PracticeAttempt(
        user_id=person.id, library_id=row.library_id, course_slug=parts[1],
        practice_slug=parts[2], lang=person.language,
        country=library.country if library else None, seed=0,
        caught=list(extensions.get(xapi.extension("caught"), [])),
        missed=list(extensions.get(xapi.extension("missed"), [])),
        costly=int(extensions.get(xapi.extension("costly"), 0)),
        started_at=row.occurred_at, finished_at=row.occurred_at))


def _class(replay: Replay, uid: str) -> StudyClass | None:
    found = db.session.scalar(select(StudyClass).where(StudyClass.uid == uid))
    described = replay.classes.get(uid)
    if found is not None or described is None:
        return found
    return make_class(described)


def _attended(replay: Replay, row, person, parts) -> None:
    study_class = _class(replay, parts[1])
    if study_class is None:
        replay.skipped.append(f"{row.node}/{row.sequence}: class {parts[1]} not known")
        return
    session = session_of(study_class, date.fromisoformat(parts[3]))
    member_of(study_class, person, row.occurred_at)
    if not db.session.scalar(select(Attendance.id).where(
            Attendance.session_id == session.id, Attendance.user_id == person.id)):
        db.session.add(Attendance(session_id=session.id, user_id=person.id,
                                  recorded_by_id=_instructor(row), recorded_at=row.occurred_at))


def _consulted(replay: Replay, row, person, parts) -> None:
    told = (row.body.get("result") or {}).get("extensions", {})
    learner = told.get(xapi.extension("learner"))
    entry = db.session.scalar(select(Consultation).where(Consultation.uid == parts[1]))
    if entry is None:
        entry = Consultation(uid=parts[1], author_id=person.id, created_at=row.occurred_at)
        db.session.add(entry)
    entry.library_id = row.library_id
    entry.on = date.fromisoformat(told[xapi.extension("date")])
    entry.topic = str(told[xapi.extension("topic")])[:40]
    entry.format = str(told[xapi.extension("format")])[:16]
    entry.people = int(told[xapi.extension("people")])
    entry.outcome = str(told[xapi.extension("outcome")])[:20]
    entry.learner_id = person_id(learner)


def _voided(replay: Replay, row, person, parts) -> None:
    """An attendance unmarked is taken away; a consultation changed or deleted is taken
    away too (a change comes as a new statement right after)."""
    taken_back = db.session.scalar(select(Statement).where(
        Statement.uuid == row.body["object"].get("id"), Statement.node == row.node))
    if taken_back is None:
        return
    name = _verb_name(taken_back.verb)
    target = path_of(taken_back.object_id)
    if name == "attended" and taken_back.user_id is not None:
        study_class = db.session.scalar(select(StudyClass).where(StudyClass.uid == target[1]))
        session = study_class and db.session.scalar(select(ClassSession).where(
            ClassSession.class_id == study_class.id,
            ClassSession.on == date.fromisoformat(target[3])))
        if session is not None:
            db.session.execute(db.delete(Attendance).where(
                Attendance.session_id == session.id,
                Attendance.user_id == taken_back.user_id))
    elif name == "consulted":
        db.session.execute(db.delete(Consultation).where(Consultation.uid == target[1]))


def _joined(replay: Replay, row, person, parts) -> None:
    """Two accounts of one person joined at the node: joined here too, through the same
    steps (each feature moves its rows), once both are here and not joined already."""
    other = db.session.scalar(select(User).where(User.uid == row.object_id))
    if other is None or other.merged_into_id == person.id:
        return
    if not (person.is_learner and other.is_learner) or other.merged_into_id is not None \
            or person.id == other.id:
        replay.skipped.append(f"{row.node}/{row.sequence}: {other.username} cannot be "
                              f"joined into {person.username} here")
        return
    with replaying():
        join(person, other, node=row.node)


_HANDLERS = {
    ("joined", "Agent"): _joined,
    ("completed", "courses"): _lesson,
    ("passed", "courses"): _quiz,
    ("failed", "courses"): _quiz,
    ("earned", "certificates"): _certificate,
    ("practised", "practices"): _practice,
    ("attended", "classes"): _attended,
    ("consulted", "consultations"): _consulted,
    ("voided", "StatementRef"): _voided,
}
