"""A consultation follows its learner when two of her accounts are joined (lms/events.py)."""

from __future__ import annotations

from .. import events
from .services import move_consultations


@events.learners_merged.connect
def _hers_now(kept, *, other, **_details) -> None:
    move_consultations(kept, other)
