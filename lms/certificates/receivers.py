"""A completed course gets its certificate (lms/events.py)."""

from __future__ import annotations

from .. import events
from .services import forget_holder, issue, keep_with_enrollment, move_certificates


@events.learner_anonymised.connect
def _forget_the_name(learner, *, names, **_details) -> None:
    """Her certificates stay valid and counted, without her name: the verification page
    says the holder asked to be forgotten."""
    forget_holder(learner)


@events.course_completed.connect
def _issue_on_completion(enrollment, *, course, **_details) -> None:
    issue(enrollment, course)


@events.learners_merged.connect
def _hers_now(kept, *, other, **_details) -> None:
    """Every certificate of the other account is hers, valid as it was."""
    move_certificates(kept, other)


@events.enrollment_folded.connect
def _follow_the_enrollment(enrollment, *, into, **_details) -> None:
    keep_with_enrollment(enrollment, into)
