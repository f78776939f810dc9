"""A completed course gets its certificate (lms/events.py)."""

from __future__ import annotations

from .. import events
from .services import issue


@events.course_completed.connect
def _issue_on_completion(enrollment, *, course, **_details) -> None:
    issue(enrollment, course)
