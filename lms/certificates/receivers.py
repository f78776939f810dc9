"""A completed course gets its certificate (lms/events.py)."""

from __future__ import annotations

from .. import events
from .services import forget_holder, issue


@events.learner_anonymised.connect
def _forget_the_name(learner, *, names, **_details) -> None:
    """Her certificates stay valid and counted, without her name: the verification page
    says the holder asked to be forgotten."""
    forget_holder(learner)


@events.course_completed.connect
def _issue_on_completion(enrollment, *, course, **_details) -> None:
    issue(enrollment, course)
