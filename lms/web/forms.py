"""Small helpers shared by every feature's forms."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from wtforms import SelectChoice

from ..i18n import LANGUAGE_NAMES


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into options for a select, radio or check-box field."""
    return [SelectChoice(value, label) for value, label in pairs]


def language_choices() -> list[SelectChoice]:
    """The site's languages (LMS_LANGUAGES), each named in itself, for a language field."""
    return choices((code, LANGUAGE_NAMES.get(code, code))
                   for code in current_app.config["LMS_LANGUAGES"])
