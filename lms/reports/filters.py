"""A course and an age band the report may be narrowed to, read from the address."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..state import catalogue
from .ages import Band, band_of


@dataclass(frozen=True)
class Filters:
    course: str | None = None   # a course's slug
    band: Band | None = None

    def __bool__(self) -> bool:
        return self.course is not None or self.band is not None

    def args(self) -> dict[str, str]:
        return {**({"course": self.course} if self.course else {}),
                **({"age": self.band.key} if self.band else {})}


NO_FILTERS = Filters()


def read_filters(args, notes: list[str]) -> Filters:
    """?course=…&age=…; an unknown one is left out, with a note saying so."""
    course, age = args.get("course") or None, args.get("age") or None
    if course is not None and catalogue().get(course[:100]) is None:
        notes.append(str(_l("There is no course «%(value)s»; every course is counted.",
                            value=course[:40])))
        course = None
    band = band_of(age[:20]) if age else None
    if age and band is None:
        notes.append(str(_l("There is no age band «%(value)s»; every age is counted.",
                            value=age[:20])))
    return Filters(course, band)
