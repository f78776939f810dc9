"""Read-only look-ups of a learner's progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select

from ..content import Course
from ..db import db
from ..people.models import User
from .models import Enrollment, LessonProgress


@dataclass(frozen=True)
class CourseProgress:
    """How far one learner is in one course."""

    done: frozenset[str]
    total: int
    completed: bool

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def started(self) -> bool:
        return bool(self.done)


def progress_in(user: User | None, course: Course) -> CourseProgress:
    """Return ``user``'s progress in ``course`` (empty for a visitor)."""
    return progress_by_course(user, [course])[course.slug]


# Built once: on every page a learner reads, making the query again took half of its time.
PROGRESS = (select(Enrollment.course_slug, Enrollment.completed_at, LessonProgress.lesson_slug)
            .outerjoin(LessonProgress, LessonProgress.enrollment_id == Enrollment.id)
            .where(Enrollment.user_id == bindparam("user_id"),
                   Enrollment.course_slug.in_(bindparam("slugs", expanding=True))))


def progress_by_course(user: User | None, courses: list[Course]) -> dict[str, CourseProgress]:
    """Return progress for each course in one query; lessons since removed do not count."""
    rows = []
    if user is not None and user.is_authenticated:
        rows = db.session.execute(PROGRESS, {"user_id": user.id,
                                             "slugs": [c.slug for c in courses]}).all()
    done: dict[str, set[str]] = {}
    completed: set[str] = set()
    for slug, completed_at, lesson_slug in rows:
        if lesson_slug:
            done.setdefault(slug, set()).add(lesson_slug)
        if completed_at is not None:
            completed.add(slug)
    result = {}
    for course in courses:
        mine = frozenset(done.get(course.slug, set()) & set(course.lesson_slugs))
        result[course.slug] = CourseProgress(mine, len(course.lessons), course.slug in completed)
    return result
