"""The progress grid of a class, and finding classes within the caller's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import func, select

from ..content import Course
from ..db import db, utcnow
from ..people.scope import visible_library_ids
from ..practice.models import PracticeAttempt
from ..progress.models import Enrollment, LessonProgress
from ..quizzes.models import QuizAttempt
from .models import ClassMember, ClassSession, StudyClass, class_trainer


def classes_visible_to(user, *, open_only: bool = False):
    query = select(StudyClass).where(StudyClass.library_id.in_(visible_library_ids(user)))
    if open_only:
        query = query.where(StudyClass.closed_at.is_(None))
    return query.order_by(StudyClass.closed_at.is_not(None), StudyClass.starts_on.desc())


def get_class_or_404(class_id: int) -> StudyClass:
    """Return a class of the caller's branches, or end the request with 404."""
    found = db.session.scalar(classes_visible_to(current_user).where(StudyClass.id == class_id))
    if found is None:
        abort(404)
    return found


def get_session_or_404(study_class: StudyClass, session_id: int) -> ClassSession:
    session = db.session.get(ClassSession, session_id)
    if session is None or session.class_id != study_class.id:
        abort(404)
    return session


@dataclass
class QuizCell:
    attempts: int = 0
    best: int | None = None
    passed: bool = False
    failed: int = 0


@dataclass
class GridRow:
    """One learner's line of the grid."""

    learner: object
    joined_at: datetime | None = None  # in this class: the idle clock starts here
    # lesson slug: (when it was done, whether a trainer marked it in class)
    done: dict[str, tuple[datetime, bool]] = field(default_factory=dict)
    quizzes: dict[str, QuizCell] = field(default_factory=dict)
    last_activity: datetime | None = None
    stuck_reasons: list[str] = field(default_factory=list)
    # the tricks spotted and missed in the last go at each practice of the course
    practice: tuple[int, int] | None = None

    @property
    def is_stuck(self) -> bool:
        return bool(self.stuck_reasons)


def progress_grid(study_class: StudyClass, course: Course) -> list[GridRow]:
    """Return a row per learner, learners who are stuck first."""
    members = [m for m in study_class.members if m.left_at is None]
    ids = [member.user_id for member in members]
    rows = {m.user_id: GridRow(m.user, joined_at=m.joined_at) for m in members}
    for user_id, lesson, when, marked_by in db.session.execute(
            select(Enrollment.user_id, LessonProgress.lesson_slug, LessonProgress.completed_at,
                   LessonProgress.marked_by_id)
            .join(LessonProgress, LessonProgress.enrollment_id == Enrollment.id)
            .where(Enrollment.user_id.in_(ids), Enrollment.course_slug == course.slug)):
        rows[user_id].done[lesson] = (when, marked_by is not None)
        _touch(rows[user_id], when)
    for user_id, quiz, count, best, passed, failed, last in db.session.execute(
            select(QuizAttempt.user_id, QuizAttempt.quiz_slug, func.count(QuizAttempt.id),
                   func.max(QuizAttempt.score),
                   func.max(func.coalesce(QuizAttempt.passed, False).cast(db.Integer)),
                   func.sum((QuizAttempt.passed.is_(False)).cast(db.Integer)),
                   func.max(QuizAttempt.finished_at))
            .where(QuizAttempt.user_id.in_(ids), QuizAttempt.course_slug == course.slug,
                   QuizAttempt.finished_at.is_not(None))
            .group_by(QuizAttempt.user_id, QuizAttempt.quiz_slug)):
        rows[user_id].quizzes[quiz] = QuizCell(count, best, bool(passed), failed or 0)
        _touch(rows[user_id], last)
    _practice_results(rows, ids, course)
    for user_id, last in _last_activity_anywhere(ids):  # another course counts as learning
        _touch(rows[user_id], last)
    days = current_app.config["LMS_STUCK_DAYS"]
    cutoff = utcnow() - timedelta(days=days)
    for row in rows.values():
        # idle: nothing done for LMS_STUCK_DAYS since joining, not "since ever": a learner
        # enrolled today is not stuck
        since = max(d for d in (row.last_activity, row.joined_at) if d is not None)
        if since < cutoff:
            row.stuck_reasons.append("idle")
        if any(cell.failed >= 2 and not cell.passed for cell in row.quizzes.values()):
            row.stuck_reasons.append("failed")
    return sorted(rows.values(), key=lambda r: (not r.is_stuck, r.learner.search_key))


def _practice_results(rows: dict, ids: list[int], course: Course) -> None:
    """Each learner's last finished go at each of the course's practices, summed."""
    last: dict[tuple[int, str], PracticeAttempt] = {}
    for attempt in db.session.scalars(
            select(PracticeAttempt).where(PracticeAttempt.user_id.in_(ids),
                                          PracticeAttempt.course_slug == course.slug,
                                          PracticeAttempt.finished_at.is_not(None))
            .order_by(PracticeAttempt.finished_at)):
        last[(attempt.user_id, attempt.practice_slug)] = attempt
    for (user_id, _slug), attempt in last.items():
        caught, missed = rows[user_id].practice or (0, 0)
        rows[user_id].practice = (caught + len(attempt.caught), missed + len(attempt.missed))


def _last_activity_anywhere(ids: list[int]):
    """Each learner's latest lesson done or quiz finished, in any course."""
    lessons = (select(Enrollment.user_id, func.max(LessonProgress.completed_at))
               .join(LessonProgress, LessonProgress.enrollment_id == Enrollment.id)
               .where(Enrollment.user_id.in_(ids)).group_by(Enrollment.user_id))
    quizzes = (select(QuizAttempt.user_id, func.max(QuizAttempt.finished_at))
               .where(QuizAttempt.user_id.in_(ids), QuizAttempt.finished_at.is_not(None))
               .group_by(QuizAttempt.user_id))
    yield from db.session.execute(lessons)
    yield from db.session.execute(quizzes)


def _touch(row: GridRow, when: datetime | None) -> None:
    if when is not None and (row.last_activity is None or when > row.last_activity):
        row.last_activity = when


SORTS = ("name", "activity")  # and "lesson:<slug>"; "-" in front for the other way round


def sort_grid(rows: list[GridRow], sort: str, course: Course) -> tuple[list[GridRow], str]:
    """Sort the grid by a column; return the rows and the sort actually used ("" = stuck
    first, then by name)."""
    key = sort.removeprefix("-")
    lessons = {lesson.slug: lesson for lesson in course.lessons}
    if key in SORTS:
        order = ((lambda r: r.learner.search_key) if key == "name" else
                 (lambda r: r.last_activity.timestamp() if r.last_activity else 0.0))
    elif key.startswith("lesson:") and key[7:] in lessons:
        lesson = lessons[key[7:]]

        def order(row: GridRow):
            cell = row.quizzes.get(lesson.quiz.slug) if lesson.quiz else None
            return (lesson.slug in row.done, cell.best if cell and cell.best else -1,
                    -(cell.attempts if cell else 0))
    else:
        return rows, ""
    by_name = sorted(rows, key=lambda r: r.learner.search_key)  # equal ones stay by name
    return sorted(by_name, key=order, reverse=sort.startswith("-")), sort


def class_trainer_id(user_id: int, course_slug: str) -> int | None:
    """The trainer of the class in which the learner took the course, if they had one."""
    return db.session.scalar(
        select(class_trainer.c.user_id)
        .join(StudyClass, StudyClass.id == class_trainer.c.class_id)
        .join(ClassMember, ClassMember.class_id == StudyClass.id)
        .where(ClassMember.user_id == user_id, StudyClass.course_slug == course_slug)
        .order_by(ClassMember.left_at.is_not(None), ClassMember.joined_at.desc(),
                  class_trainer.c.user_id)
        .limit(1))


def classes_of(user_id: int) -> list[ClassMember]:
    """The classes a learner is or was in, at the caller's branches, newest first."""
    return list(db.session.scalars(
        select(ClassMember).join(StudyClass)
        .where(ClassMember.user_id == user_id,
               StudyClass.library_id.in_(visible_library_ids(current_user)))
        .order_by(StudyClass.starts_on.desc())))
