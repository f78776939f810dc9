"""How well learners see through scams: of the tricks the practices showed them in a
period, the share each branch's learners spotted, technique by technique."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from ..db import db
from ..practice.models import PracticeAttempt
from ..state import catalogue
from .period import Period
from .queries import _moments


@dataclass
class Detection:
    """Tricks spotted and missed: overall, by technique (cue id) and by branch."""

    caught: int = 0
    missed: int = 0
    by_cue: dict[str, list[int]] = field(default_factory=dict)  # technique → [caught, missed]
    by_branch: dict[int, list[int]] = field(default_factory=dict)   # branch → [caught, missed]
    attempts: int = 0

    @staticmethod
    def rate(caught: int, missed: int) -> int | None:
        """The share spotted, in whole per cent (None: nothing was shown)."""
        return round(100 * caught / (caught + missed)) if caught + missed else None


def technique(course_slug: str, practice_slug: str, cue: str) -> str:
    """The key a cue is counted under: a scam's trick is the same technique in an inbox, a
    call or a chat ("code": a code asked for); a portal's or a signing practice's cue is a
    step of that kind of task ("code": the code typed right), counted apart."""
    course = catalogue().get(course_slug)
    practice = course.practices.get(practice_slug) if course else None
    if practice is None or practice.simulator.counts == "tricks":
        return f"tricks:{cue}"
    return f"{practice.kind}:{cue}"


def detection(library_ids: list[int], period: Period) -> Detection:
    """Finished practice attempts of the branches' learners in the period."""
    start, end = _moments(period)
    found = Detection()
    for library_id, course_slug, practice_slug, caught, missed in db.session.execute(
            select(PracticeAttempt.library_id, PracticeAttempt.course_slug,
                   PracticeAttempt.practice_slug, PracticeAttempt.caught,
                   PracticeAttempt.missed)
            .where(PracticeAttempt.library_id.in_(library_ids),
                   PracticeAttempt.finished_at >= start, PracticeAttempt.finished_at < end)):
        found.attempts += 1
        found.caught += len(caught)
        found.missed += len(missed)
        branch = found.by_branch.setdefault(library_id, [0, 0])
        branch[0] += len(caught)
        branch[1] += len(missed)
        for index, cues in ((0, Counter(caught)), (1, Counter(missed))):
            for cue, number in cues.items():
                key = technique(course_slug, practice_slug, cue)
                found.by_cue.setdefault(key, [0, 0])[index] += number
    return found


def cue_names(lang: str) -> dict[str, str]:
    """Each technique's name, as the practices of the catalogue call it."""
    names: dict[str, str] = {}
    for course in catalogue().courses.values():
        for practice in course.practices.values():
            for cue in practice.text(lang).cues.values():
                names.setdefault(technique(course.slug, practice.slug, cue.id), cue.name)
    return names
