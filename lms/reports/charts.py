"""Bar charts as plain data for an inline SVG (drawn by templates/lms/reports/_charts.html):
no chart library, no JavaScript, a few hundred bytes each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    offset: float  # position across the chart (px)
    length: float  # length of the bar (px)


def bars(items: list[tuple[str, int]], size: float = 400, step: float = 34) -> list[Bar]:
    """Bars scaled so the largest value fills ``size``; ``step`` apart."""
    largest = max((value for _label, value in items), default=0) or 1
    return [Bar(str(label), value, index * step, size * value / largest)
            for index, (label, value) in enumerate(items)]
