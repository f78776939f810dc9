"""The figures count what the learner's path says happened (lms/events.py)."""

from __future__ import annotations

from .. import events
from .counting import active, count, merge_active_days


@events.lesson_completed.connect
def _lesson(enrollment, **_details) -> None:
    count(enrollment.library_id, enrollment.course_slug, lessons=1)
    active(enrollment.user_id, enrollment.library_id)


@events.quiz_finished.connect
def _quiz(attempt, *, user, course, passed, **_details) -> None:
    active(user.id, user.library_id)
    if passed:
        count(user.library_id, course.slug, quizzes_passed=1)


@events.course_completed.connect
def _course(enrollment, **_details) -> None:
    count(enrollment.library_id, enrollment.course_slug, courses_completed=1)


@events.certificate_issued.connect
def _certificate(certificate, **_details) -> None:
    count(certificate.library_id, certificate.course_slug, certificates=1)


@events.learners_merged.connect
def _one_person(kept, *, other, **_details) -> None:
    """The days she was active under either account count once; the counted lessons and
    courses stay where they were counted."""
    merge_active_days(kept.id, other.id)
