"""Practice attempts follow their learner when two of her accounts are joined."""

from __future__ import annotations

from .. import events
from .services import move_attempts


@events.learners_merged.connect
def _hers_now(kept, *, other, **_details) -> None:
    move_attempts(kept, other)
