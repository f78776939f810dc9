"""Age bands of the reports, as the ministry counts them: given in settings by the first
age of each band (``LMS_AGE_BANDS``, by default 18–29, 30–54, 55–64, 65–74, 75 and over),
a learner's age being the report's year less her year of birth."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_

from ..people.models import User

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Band:
    key: str              # "18-29", "75-", "0-17", "unknown": kept in addresses
    low: int | None       # None: the year of birth was not given
    high: int | None      # None: and over

    def label(self) -> str:
        if self.low is None:
            return str(_l("not given"))
        if self.high is None:
            return str(_l("%(age)s and over", age=self.low))
        if self.low == 0:
            return str(_l("under %(age)s", age=self.high + 1))
        return f"{self.low}–{self.high}"

    def holds(self, birth_year: int | None, year: int) -> bool:
        if self.low is None or birth_year is None:
            return self.low is None and birth_year is None
        age = year - birth_year
        return self.low <= age and (self.high is None or age <= self.high)

    def condition(self, year: int) -> ColumnElement[bool]:
        """Learners in the band in ``year``, as a query condition on User."""
        if self.low is None:
            return User.birth_year.is_(None)
        older = User.birth_year <= year - self.low
        return older if self.high is None else and_(older, User.birth_year >= year - self.high)


def check_bands(firsts) -> None:
    """Stop the app from starting unless the setting is a rising list of whole ages."""
    if (not isinstance(firsts, list | tuple) or not firsts
            or not all(type(age) is int and 0 <= age <= 120 for age in firsts)
            or list(firsts) != sorted(set(firsts))):
        raise RuntimeError(f"LMS_AGE_BANDS must be a rising list of the first age of each band, "
                         f"such as [18, 30, 55, 65, 75]; it is {firsts!r}")


def age_bands() -> list[Band]:
    """The bands of the settings, youngest first, with those too young for the first band
    (if it does not start at 0) and those who gave no year of birth."""
    firsts = list(current_app.config["LMS_AGE_BANDS"])
    bands = [Band(f"0-{firsts[0] - 1}", 0, firsts[0] - 1)] if firsts[0] > 0 else []
    for low, following in zip(firsts, [*firsts[1:], None], strict=True):
        high = None if following is None else following - 1
        bands.append(Band(f"{low}-{'' if high is None else high}", low, high))
    return [*bands, Band(UNKNOWN, None, None)]


def band_of(key: str | None) -> Band | None:
    return next((band for band in age_bands() if band.key == key), None)


def bucket(counts, year: int) -> dict[str, int]:
    """Sum (birth year, number) pairs into the bands: {band key: number}."""
    bands = age_bands()
    found = dict.fromkeys((band.key for band in bands), 0)
    for birth_year, number in counts:
        # a year of birth after the report's year (a typing slip) counts as the youngest
        band = next((band for band in bands if band.holds(birth_year, year)), bands[0])
        found[band.key] += int(number or 0)
    return found
