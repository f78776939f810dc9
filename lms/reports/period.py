"""The period and the branches a report is about, read from the address and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from ..numbers import row_ids
from .filters import NO_FILTERS, Filters

KINDS = ("month", "quarter", "year", "custom")
EARLIEST = date(2000, 1, 1)
MAX_BRANCHES = 200


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before, of the same kind (a custom one: of the same length)."""
        if self.kind == "custom":
            return Period("custom", self.start - timedelta(days=self.days),
                          self.start - timedelta(days=1))
        return around(self.kind, self.start - timedelta(days=1))

    def label(self) -> str:
        if self.kind == "month":
            return format_date(self.start, "LLLL y")
        if self.kind == "quarter":
            return str(_l("%(number)s quarter %(year)s", number=(self.start.month + 2) // 3,
                          year=self.start.year))
        if self.kind == "year":
            return str(_l("year %(year)s", year=self.start.year))
        return f"{format_date(self.start, 'short')} – {format_date(self.end, 'short')}"

    def args(self) -> dict[str, str]:
        if self.kind == "custom":
            return {"period": "custom", "from": self.start.isoformat(),
                    "to": self.end.isoformat()}
        return {"period": self.kind, "on": self.start.isoformat()}


def around(kind: str, day: date) -> Period:
    """The month, quarter or year holding ``day``."""
    if kind == "month":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif kind == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    else:
        start, end = date(day.year, 1, 1), date(day.year, 12, 31)
    return Period(kind, start, end)


@dataclass
class Choice:
    """What the report was asked for, made valid; ``notes`` say what had to be changed."""

    period: Period
    branch_ids: list[int] = field(default_factory=list)  # empty: every visible branch
    notes: list[str] = field(default_factory=list)
    network_id: int | None = None  # with no branch chosen: that network's visible ones
    filters: Filters = NO_FILTERS   # a course, an age band


def _date(raw: str | None, notes: list[str], today: date) -> date | None:
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw[:10])
    except ValueError:
        notes.append(str(_l("«%(value)s» is not a date; the current period is shown.",
                            value=raw[:20])))
        return None
    latest = date(today.year + 1, 12, 31)
    if not EARLIEST <= value <= latest:
        nearest = min(max(value, EARLIEST), latest)
        notes.append(str(_l("Reports cover %(first)s to %(last)s; %(value)s was changed to "
                            "%(nearest)s.", first=EARLIEST.year, last=latest.year,
                            value=value.isoformat(), nearest=nearest.isoformat())))
        return nearest
    return value


def read_choice(args, today: date, visible_ids: set[int]) -> Choice:
    """Read period=…&on=… (or from=…&to=…) and branch=… from the address."""
    notes: list[str] = []
    kind = args.get("period", "month")
    if kind not in KINDS:
        notes.append(str(_l("Unknown period «%(value)s»; a month is shown.", value=kind[:20])))
        kind = "month"
    if kind == "custom":
        start = _date(args.get("from"), notes, today) or today.replace(day=1)
        end = _date(args.get("to"), notes, today) or today
        if end < start:
            notes.append(str(_l("The end of the period was before its start; they have been "
                                "swapped.")))
            start, end = end, start
        period = Period("custom", start, end)
    else:
        period = around(kind, _date(args.get("on"), notes, today) or today)
    asked = args.getlist("branch")
    ids = row_ids(asked, most=MAX_BRANCHES)
    if len(asked) > MAX_BRANCHES:
        notes.append(str(_l("At most %(max)s branches can be chosen; the first %(max)s are "
                            "shown.", max=MAX_BRANCHES)))
    if ids - visible_ids or len(ids) < len([v for v in asked[:MAX_BRANCHES] if v]):
        notes.append(str(_l("Some of the branches asked for are not among yours; they are "
                            "left out.")))
    return Choice(period, sorted(ids & visible_ids), notes)
