"""Recording a learner's progress: enrolling, completing lessons, finishing a course."""

from __future__ import annotations

from .. import events
from ..content import Course, Lesson
from ..db import db, insert_once, utcnow
from ..people.models import User
from .models import Enrollment, LessonProgress


def _find_enrollment(user: User, course: Course) -> Enrollment | None:
    return db.session.scalar(
        db.select(Enrollment).filter_by(user_id=user.id, course_slug=course.slug))


def enroll(user: User, course: Course) -> Enrollment:
    """Return the user's enrollment in ``course``, creating it on first use."""
    enrollment = _find_enrollment(user, course)
    if enrollment is not None:
        return enrollment
    return insert_once(
        Enrollment(user_id=user.id, course_slug=course.slug, library_id=user.library_id),
        lambda: _find_enrollment(user, course))


def complete_lesson(user: User, course: Course, lesson: Lesson,
                    marked_by: User | None = None) -> LessonProgress:
    """Record ``lesson`` as done for ``user`` (once), and finish the course if it was the last.

    ``marked_by`` is the trainer when the lesson was done in class.
    """
    enrollment = enroll(user, course)
    progress = _find_progress(enrollment, lesson)
    if progress is None:
        progress = insert_once(
            LessonProgress(enrollment_id=enrollment.id, lesson_slug=lesson.slug,
                           marked_by_id=marked_by.id if marked_by else None),
            lambda: _find_progress(enrollment, lesson),
            also=lambda: events.lesson_completed.send(
                enrollment, lesson_slug=lesson.slug, marked_by=marked_by))
    refresh_completion(enrollment, course)
    return progress


def _find_progress(enrollment: Enrollment, lesson: Lesson) -> LessonProgress | None:
    return db.session.scalar(db.select(LessonProgress).filter_by(
        enrollment_id=enrollment.id, lesson_slug=lesson.slug))


def refresh_completion(enrollment: Enrollment, course: Course) -> None:
    """Mark the enrollment complete once every lesson is done and the final quiz passed."""
    from ..quizzes.queries import quiz_passed

    if enrollment.completed_at is not None:
        return
    done = set(db.session.scalars(db.select(LessonProgress.lesson_slug).filter_by(
        enrollment_id=enrollment.id)))
    final = course.final_quiz
    if set(course.lesson_slugs) <= done and (
            final is None or quiz_passed(enrollment.user_id, course.slug, final.slug)):
        enrollment.completed_at = utcnow()
        events.course_completed.send(enrollment, course=course)  # counted, certificate issued
