"""Read-only look-ups of quiz attempts."""

from __future__ import annotations

from pathlib import Path

from flask import abort
from flask_login import current_user

from ..content.quiz import Quiz
from ..db import db
from ..state import get_state
from .models import QuizAttempt


def open_attempt(user_id: int, quiz: Quiz) -> QuizAttempt | None:
    return db.session.scalar(db.select(QuizAttempt).filter_by(
        user_id=user_id, course_slug=quiz.course_slug, quiz_slug=quiz.slug, finished_at=None))


def finished_attempts(user_id: int, quiz: Quiz) -> list[QuizAttempt]:
    """Return the user's finished attempts at ``quiz``, newest first."""
    return list(db.session.scalars(
        db.select(QuizAttempt).filter_by(user_id=user_id, course_slug=quiz.course_slug,
                                         quiz_slug=quiz.slug)
        .where(QuizAttempt.finished_at.is_not(None))
        .order_by(QuizAttempt.finished_at.desc())))


def best_attempt(user_id: int, quiz: Quiz) -> QuizAttempt | None:
    """Return the attempt that counts: the highest score, the earliest of equals."""
    attempts = finished_attempts(user_id, quiz)
    return max(reversed(attempts), key=lambda a: a.score, default=None)


def quiz_passed(user_id: int, course_slug: str, quiz_slug: str) -> bool:
    return db.session.scalar(db.select(QuizAttempt.id).filter_by(
        user_id=user_id, course_slug=course_slug, quiz_slug=quiz_slug, passed=True)
        .limit(1)) is not None


def get_own_attempt_or_404(attempt_id: int, quiz: Quiz) -> QuizAttempt:
    """Return the signed-in learner's attempt at ``quiz``; anyone else's is 404."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if (attempt is None or attempt.user_id != current_user.id
            or (attempt.course_slug, attempt.quiz_slug) != (quiz.course_slug, quiz.slug)):
        abort(404)
    return attempt


def quiz_pictures(course) -> Path:
    """The folder of a course's quiz pictures: beside its quizzes, in the site's
    quizzes/ or in the course pack it came from."""
    return (course.quiz_folder or get_state().quizzes_dir / course.slug) / "images"
