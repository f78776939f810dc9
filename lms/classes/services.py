"""Running a class: create it, enrol and move learners, sessions, attendance, work in class."""

from __future__ import annotations

from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from .. import events
from ..audit.services import record
from ..certificates.models import Certificate
from ..content import Course
from ..db import db, utcnow
from ..people.models import Library, Role, User, trainer_library
from ..people.scope import visible_library_ids
from ..progress import services as progress
from .models import Attendance, ClassMember, ClassSession, StudyClass


class ClassError(ValueError):
    """The class cannot be changed as asked; the message says why."""


def create_class(actor: User, *, library_id: int, course: Course, name: str,
                 starts_on: date) -> StudyClass:
    """Create a class at one of the actor's branches, with the actor as its trainer."""
    library = db.session.scalar(select(Library).where(
        Library.id == library_id, Library.id.in_(visible_library_ids(actor))))
    if library is None:
        raise ClassError(_l("Choose one of your branches."))
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise ClassError(_l("Give the class a name of up to 200 characters."))
    study_class = StudyClass(library=library, course_slug=course.slug, name=name,
                             starts_on=starts_on, trainers=[actor])
    db.session.add(study_class)
    db.session.flush()
    record("class_created", actor=actor, library=library, study_class=study_class.id,
           course=course.slug)
    db.session.flush()
    return study_class


def trainers_of_branch(library: Library) -> list[User]:
    """The trainers who work at ``library``: those a class there may be handed to."""
    return list(db.session.scalars(
        select(User).join(trainer_library, trainer_library.c.user_id == User.id)
        .where(trainer_library.c.library_id == library.id, User.role == Role.TRAINER,
               User.is_active.is_(True)).order_by(User.search_key)))


def update_class(actor: User, study_class: StudyClass, *, name: str,
                 trainer_ids: list[int]) -> None:
    """Rename a class and say who runs it: hand it over to another trainer of its branch,
    or add a second one. Audited."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise ClassError(_l("Give the class a name of up to 200 characters."))
    allowed = {trainer.id: trainer for trainer in trainers_of_branch(study_class.library)}
    allowed.update({t.id: t for t in study_class.trainers})  # a coordinator may run it too
    trainers = [allowed[i] for i in dict.fromkeys(trainer_ids) if i in allowed]
    if not trainers or len(trainers) != len(set(trainer_ids)):
        raise ClassError(_l("Choose the class's trainers among those of its branch."))
    before = {"name": study_class.name, "trainers": sorted(t.id for t in study_class.trainers)}
    study_class.name, study_class.trainers = name, trainers
    after = {"name": name, "trainers": sorted(t.id for t in trainers)}
    if before != after:
        record("class_changed", actor=actor, library=study_class.library,
               study_class=study_class.id, before=before, after=after)
    db.session.flush()


def _open(study_class: StudyClass) -> None:
    if study_class.is_closed:
        raise ClassError(_l("This class is closed."))


def enrol(actor: User, study_class: StudyClass, learner: User) -> None:
    """Put a learner of the class's branch into the class (again, if they had left)."""
    _open(study_class)
    if learner.library_id != study_class.library_id:
        raise ClassError(_l("Only learners of this branch can join this class."))
    member = db.session.scalar(select(ClassMember).filter_by(class_id=study_class.id,
                                                            user_id=learner.id))
    if member is None:
        db.session.add(ClassMember(class_id=study_class.id, user_id=learner.id))
    elif member.left_at is not None:
        member.left_at, member.joined_at = None, utcnow()
    else:
        return
    record("class_enrolled", actor=actor, subject=learner, study_class=study_class.id)
    db.session.flush()


def move(actor: User, learner: User, source: StudyClass, target: StudyClass) -> None:
    """Move a learner from one class to another of the same branch."""
    _open(target)
    member = db.session.scalar(select(ClassMember).filter_by(
        class_id=source.id, user_id=learner.id, left_at=None))
    if member is None:
        raise ClassError(_l("The learner is not in this class."))
    if target.library_id != source.library_id or target.id == source.id:
        raise ClassError(_l("Choose another class of the same branch."))
    member.left_at = utcnow()
    db.session.flush()
    enrol(actor, target, learner)


def take_out(actor: User, study_class: StudyClass, learner: User) -> None:
    """Take a learner out of the class (enrolled by mistake, or she stopped coming): she
    leaves the grid and the register from now on; what she did stays hers and counted."""
    member = db.session.scalar(select(ClassMember).filter_by(
        class_id=study_class.id, user_id=learner.id, left_at=None))
    if member is None:
        raise ClassError(_l("The learner is not in this class."))
    member.left_at = utcnow()
    record("class_left", actor=actor, subject=learner, study_class=study_class.id)
    db.session.flush()


def close(actor: User, study_class: StudyClass) -> None:
    if study_class.closed_at is None:
        study_class.closed_at = utcnow()
        record("class_closed", actor=actor, library=study_class.library,
               study_class=study_class.id)
        db.session.flush()


def add_session(actor: User, study_class: StudyClass, on: date, at: time | None) -> None:
    _open(study_class)
    if on < study_class.starts_on:
        raise ClassError(_l("A session cannot be before the class starts."))
    exists = db.session.scalar(select(ClassSession.id).filter_by(class_id=study_class.id,
                                                                on=on, at=at))
    if exists is None:
        db.session.add(ClassSession(class_id=study_class.id, on=on, at=at))
        db.session.flush()


def delete_session(actor: User, session: ClassSession) -> None:
    """Delete a session added by mistake, with the attendance marked at it (audited: who
    came is part of the branch's figures)."""
    _open(session.study_class)
    record("class_session_deleted", actor=actor, library=session.study_class.library,
           study_class=session.class_id, on=session.on.isoformat(),
           present=len(session.attendance))
    db.session.delete(session)
    db.session.flush()


def record_attendance(actor: User, session: ClassSession, present: set[int]) -> None:
    """Keep exactly these members as present at the session."""
    members = {user.id for user in session.study_class.learners}
    if not present <= members:
        raise ClassError(_l("Only learners of the class can be marked present."))
    if session.on > utcnow().date():
        raise ClassError(_l("Attendance can be recorded once the session has taken place."))
    removed = set()
    for row in list(session.attendance):  # through the list: it stays true for a next call
        if row.user_id not in present:
            removed.add(row.user_id)
            session.attendance.remove(row)  # deleted as an orphan
    already = {row.user_id for row in session.attendance}
    for user_id in present - already:
        session.attendance.append(Attendance(user_id=user_id, recorded_by_id=actor.id))
    record("attendance_recorded", actor=actor, library=session.study_class.library,
           session=session.id, present=len(present))
    db.session.flush()
    events.attendance_recorded.send(session, added=present - already, removed=removed,
                                    recorded_by=actor)


def mark_done_in_class(actor: User, study_class: StudyClass, course: Course,
                       lesson_slug: str, learner_ids: set[int]) -> int:
    """Record a lesson as done in class for the chosen learners; return how many."""
    lesson = course.lesson(lesson_slug)
    if lesson is None:
        raise ClassError(_l("Choose a lesson of the course."))
    learners = [u for u in study_class.learners if u.id in learner_ids]
    if len(learners) != len(learner_ids) or not learners:
        raise ClassError(_l("Choose learners of the class."))
    for learner in learners:
        progress.complete_lesson(learner, course, lesson, marked_by=actor)
    record("lessons_marked_in_class", actor=actor, library=study_class.library,
           study_class=study_class.id, lesson=lesson_slug, learners=len(learners))
    db.session.flush()
    return len(learners)


def merge_memberships(kept: User, other: User) -> None:
    """Two accounts of one person joined: the other's classes and attendance are hers; in
    a class both were in, she is a member once (since the earlier joining, still there if
    either was) and present at a session once."""
    mine = {m.class_id: m for m in db.session.scalars(
        select(ClassMember).filter_by(user_id=kept.id))}
    for theirs in db.session.scalars(select(ClassMember).filter_by(user_id=other.id)):
        same = mine.get(theirs.class_id)
        if same is None:
            theirs.user_id = kept.id
            continue
        same.joined_at = min(same.joined_at, theirs.joined_at)
        same.left_at = None if None in (same.left_at, theirs.left_at) else max(
            same.left_at, theirs.left_at)
        db.session.delete(theirs)
    present = select(Attendance.session_id).where(Attendance.user_id == kept.id)
    db.session.execute(delete(Attendance).where(Attendance.user_id == other.id,
                                                Attendance.session_id.in_(present)))
    db.session.execute(update(Attendance).where(Attendance.user_id == other.id)
                       .values(user_id=kept.id).execution_options(synchronize_session=False))
    db.session.flush()


def class_certificates(study_class: StudyClass) -> list[Certificate]:
    """The valid certificates of the class's learners for the class's course."""
    return list(db.session.scalars(
        select(Certificate).where(
            Certificate.user_id.in_([learner.id for learner in study_class.learners]),
            Certificate.course_slug == study_class.course_slug,
            Certificate.revoked_at.is_(None))
        .order_by(Certificate.full_name)))
