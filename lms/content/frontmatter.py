"""Front matter of course files: YAML between ``---`` lines, checked against a schema."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from .problems import N_, ContentError, Problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """One front-matter key: how to check its value and whether it must be there."""

    check: Callable[[object], object]
    required: bool = False


def text(value):
    if not isinstance(value, str) or not value.strip():
        raise ValueError(N_("'%(key)s' must be text"))
    return value.strip()


def whole_number(value):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(N_("'%(key)s' must be a whole number above zero"))
    return value


def hours(value):
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(N_("'%(key)s' must be a number of hours above zero"))
    return value


def audience(value):
    if value not in ("learner", "trainer"):
        raise ValueError(N_("'%(key)s' must be learner or trainer"))
    return value


def country(value):
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ValueError(N_("'%(key)s' must be a two-letter country code such as RU, UA or KZ"))
    return value.upper()


def countries(value):
    codes = str(value).replace(",", " ").split()
    if not codes or not all(re.fullmatch(r"[A-Za-z]{2}", code) for code in codes):
        raise ValueError(N_("'%(key)s' must be two-letter country codes such as RU UA KZ"))
    return tuple(code.upper() for code in codes)


def month(value):
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])(-\d{2})?", value):
        raise ValueError(N_("'%(key)s' must be a year and month such as 2026-11"))
    return value[:7]


def slug(value):
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise ValueError(N_("'%(key)s' must be a name of latin letters, digits and dashes"))
    return value


COURSE_FIELDS = {
    "title": Field(text, required=True),
    "summary": Field(text, required=True),
    "audience": Field(audience),
    "hours": Field(hours),
    "country": Field(country),
    "countries": Field(countries),
    "certificate": Field(slug),
    "order": Field(whole_number),
    "reviewed": Field(month),
}

LESSON_FIELDS = {
    "title": Field(text, required=True),
    "minutes": Field(whole_number),
    "reviewed": Field(month),
}


KEY_LINE_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:(?P<value>.*)$")


def _value(raw: str):
    """Turn the text after ``key:`` into a number, a yes/no or text, as YAML would."""
    raw = raw.strip()
    if not raw:
        return None
    if raw.startswith("!"):
        raise ValueError(N_("'%(key)s': YAML tags such as !!python/object are not allowed"))
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw
    # Anything but a plain scalar is taken as written: "title: Пароли: как их помнить".
    return value if isinstance(value, str | int | float | bool) else raw


def read_pairs(source: str, first_line: int) -> tuple[dict, dict, list[Problem]]:
    """Split front matter into ``key: value`` lines; return values, their lines, problems.

    Each line holds one key, and everything after the first colon is its value, so titles
    with colons need no quotes. Blank lines and ``#`` comments are ignored.
    """
    values, lines, problems = {}, {}, []
    for offset, line in enumerate(source.splitlines(), start=first_line + 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = KEY_LINE_RE.match(line)
        if match is None:
            problems.append(Problem(offset, "a front matter line must look like 'key: value'"))
            continue
        key = match["key"]
        if key in values:
            problems.append(Problem(offset, "'%(key)s' is given twice (first on line %(line)s)",
                                    {"key": key, "line": lines[key]}))
            continue
        try:
            values[key], lines[key] = _value(match["value"]), offset
        except ValueError as exc:
            problems.append(Problem(offset, str(exc), {"key": key}))
    return values, lines, problems


def parse_front_matter(
    source: str | None, first_line: int, fields: dict[str, Field]
) -> tuple[dict, list[Problem]]:
    """Return the checked values and the problems; raise ContentError if there is none."""
    if source is None:
        raise ContentError(Problem(1, "the file must start with front matter between --- lines"))
    data, lines, problems = read_pairs(source, first_line)
    values = {}
    for key, value in data.items():
        spec = fields.get(key)
        if spec is None:
            problems.append(Problem(lines[key], "unknown key '%(key)s' (known keys: %(known)s)",
                                    {"key": key, "known": ", ".join(fields)}))
            continue
        if value is None:
            continue  # "key:" with nothing after it counts as not given
        try:
            values[key] = spec.check(value)
        except ValueError as exc:
            problems.append(Problem(lines[key], str(exc), {"key": key}))
    for key, spec in fields.items():
        if spec.required and data.get(key) is None:
            problems.append(Problem(first_line, "'%(key)s' is missing", {"key": key}))
    return values, problems
