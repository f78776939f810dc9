"""A completed course gets its certificate (lms/events.py)."""

from __future__ import annotations

from sqlalchemy import select

from .. import events
from ..db import db
from ..progress.models import Enrollment
from .models import Certificate
from .services import forget_holder, issue, keep_with_enrollment, move_certificates, reissue


@events.learner_anonymised.connect
def _forget_the_name(learner, *, names, **_details) -> None:
    """Her certificates stay valid and counted, without her name: the verification page
    says the holder asked to be forgotten."""
    forget_holder(learner)


@events.course_completed.connect
def _issue_on_completion(enrollment, *, course, **_details) -> None:
    issue(enrollment, course)


@events.quiz_finished.connect
def _retake(attempt, *, user, course, quiz, passed, **_details) -> None:
    """The course's final quiz passed again, after its certificate: the certificate is
    issued again with the new date (the one issued by this very attempt is left alone)."""
    if not passed or quiz.lesson_slug or attempt.finished_at is None:
        return
    current = db.session.scalar(select(Certificate).join(
        Enrollment, Certificate.enrollment_id == Enrollment.id).where(
        Enrollment.user_id == user.id, Enrollment.course_slug == course.slug,
        Certificate.revoked_at.is_(None)))
    if current is not None and current.issued_at < attempt.finished_at:
        reissue(current, reason="retake")


@events.learners_merged.connect
def _hers_now(kept, *, other, **_details) -> None:
    """Every certificate of the other account is hers, valid as it was."""
    move_certificates(kept, other)


@events.enrollment_folded.connect
def _follow_the_enrollment(enrollment, *, into, **_details) -> None:
    keep_with_enrollment(enrollment, into)
