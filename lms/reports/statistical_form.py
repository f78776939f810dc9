"""The printed report laid out as a network's statistical form: its sections, numbered
lines and signature lines read from a YAML file per country (``report_forms/RU.yaml``,
``UA.yaml``, ``KZ.yaml``, else ``default.yaml``), which a region adapts to the form its
ministry asks for, as a network adapts its certificate layout.

A line counts one figure of the report (``figure: courses_completed``), that figure for
an age range (``ages: 65-74``, ``75-``, ``unknown``), or the people helped at the desk on
a topic or with an outcome (``topic: pension``, ``outcome: service-obtained``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..consultations.models import OUTCOMES
from ..content.yaml_lines import load_with_lines
from .ages import Band
from .queries import AGE_COLUMNS, COLUMNS

DEFAULT = "default"
FIGURES = (*COLUMNS, "trainers_certified")
AGES_RE = re.compile(r"^(\d{1,3})-(\d{1,3})?$")


class FormError(ValueError):
    """A form file cannot be used; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class Line:
    number: str
    label: dict[str, str]
    figure: str | None = None
    ages: tuple[int | None, int | None] | None = None  # (None, None): year not given
    topic: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Section:
    title: dict[str, str]
    lines: list[Line]


@dataclass(frozen=True)
class StatisticalForm:
    path: Path
    title: dict[str, str]
    subtitle: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    branches: bool = True  # the table of branches (by network, with subtotals) as an annex
    signatures: list[dict[str, str]] = field(default_factory=list)


def text(texts: dict[str, str], lang: str) -> str:
    """The text in the reader's language, else Russian, else the first one given."""
    return texts.get(lang) or texts.get("ru") or next(iter(texts.values()), "")


def form_for(folder: Path, countries: set[str]) -> StatisticalForm:
    """The form of the one country of the branches reported on, else the default."""
    country = next(iter(countries)) if len(countries) == 1 else None
    path = folder / f"{country}.yaml"
    return read_form(path if country and path.is_file() else folder / f"{DEFAULT}.yaml")


def read_form(path: Path) -> StatisticalForm:
    try:
        data = load_with_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FormError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise FormError(f"{path}:1: the form must be 'key: value' lines")
    where = f"{path}:{data['__line__']}"
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise FormError(f"{where}: 'sections' must list the form's sections")
    return StatisticalForm(
        path=path, title=_texts(data, "title", where, required=True),
        subtitle=_texts(data, "subtitle", where), note=_texts(data, "note", where),
        sections=[_section(path, item) for item in sections],
        branches=bool(data.get("branches", True)),
        signatures=[_texts({"signature": item}, "signature", where, required=True)
                    for item in data.get("signatures") or []])


def _texts(data: dict, key: str, where: str, *, required: bool = False) -> dict[str, str]:
    """A text in several languages ({ru: …, uk: …}) or one for all."""
    value = data.get(key)
    if value is None and not required:
        return {}
    if isinstance(value, str) and value.strip():
        return {"ru": value}
    if isinstance(value, dict):
        texts = {lang: str(t) for lang, t in value.items() if lang != "__line__" and t}
        if texts:
            return texts
    where = f"{where.rsplit(':', 1)[0]}:{value['__line__']}" if isinstance(value, dict) else where
    raise FormError(f"{where}: '{key}' must be a text, or texts by language ({{ru: …}})")


def _section(path: Path, data) -> Section:
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
        raise FormError(f"{path}: every section needs a title and its 'lines'")
    where = f"{path}:{data['__line__']}"
    return Section(_texts(data, "title", where, required=True),
                   [_line(path, item) for item in data["lines"]])


def _line(path: Path, data) -> Line:
    if not isinstance(data, dict):
        raise FormError(f"{path}: every line is 'number', 'label' and what it counts")
    where = f"{path}:{data['__line__']}"
    number, label = str(data.get("number", "")).strip(), _texts(data, "label", where,
                                                                 required=True)
    if not number:
        raise FormError(f"{where}: the line needs its 'number', as on the form (\"01\")")
    kinds = [key for key in ("figure", "topic", "outcome") if data.get(key)]
    if len(kinds) != 1:
        raise FormError(f"{where}: line {number} counts one thing: a 'figure', a 'topic' "
                        f"or an 'outcome'")
    figure, topic, outcome = data.get("figure"), data.get("topic"), data.get("outcome")
    ages = _ages(data.get("ages"), where) if "ages" in data else None
    if figure is not None and figure not in FIGURES:
        raise FormError(f"{where}: unknown figure '{figure}'; one of: {', '.join(FIGURES)}")
    if ages is not None and figure not in AGE_COLUMNS:
        raise FormError(f"{where}: by age, a line counts one of: {', '.join(AGE_COLUMNS)}")
    if outcome is not None and outcome not in OUTCOMES:
        raise FormError(f"{where}: unknown outcome '{outcome}'; one of: {', '.join(OUTCOMES)}")
    return Line(number, label, figure, ages, topic and str(topic), outcome)


def _ages(value, where: str) -> tuple[int | None, int | None]:
    if value == "unknown":
        return (None, None)
    match = AGES_RE.match(str(value))
    if not match or (match[2] and int(match[2]) < int(match[1])):
        raise FormError(f"{where}: 'ages' is a range such as 65-74, 75- (and over) or "
                        f"unknown, not '{value}'")
    return (int(match[1]), int(match[2]) if match[2] else None)


def line_values(form: StatisticalForm, figures: dict[str, int], born: dict[str, list],
                year: int, topics: dict[str, int], outcomes: dict[str, int]) -> dict[str, int]:
    """The number of every line of the form: {line number: value}."""
    values = {}
    for section in form.sections:
        for line in section.lines:
            if line.topic:
                values[line.number] = topics.get(line.topic, 0)
            elif line.outcome:
                values[line.number] = outcomes.get(line.outcome, 0)
            elif line.ages is not None:
                band = Band(line.number, *line.ages)
                values[line.number] = sum(int(n) for birth_year, n in born[line.figure]
                                          if band.holds(birth_year, year))
            else:
                values[line.number] = figures[line.figure]
    return values

