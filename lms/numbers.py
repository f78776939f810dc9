"""Whole numbers read from what people type and browsers send: ids, years, PINs, pages.

Python's ``str.isdigit`` and ``int`` accept far more than a person means by a number:
"²" passes ``isdigit`` and then breaks ``int``; "١٩٥٥" (Arabic-Indic digits) is read as
1955; a number of twenty digits passes both and then overflows the database. Here only
the ASCII digits 0–9 count, and the number must fit the range asked for (by default, a
database integer), so that a bad value is "not found" or a form's message, never an error
page.
"""

from __future__ import annotations

import re

DATABASE_INTEGER = 2**31 - 1  # the largest id an INTEGER column holds on both databases
ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def is_ascii_number(text: str | None) -> bool:
    """Whether ``text`` is written with the digits 0–9 alone (and not too many of them)."""
    return text is not None and ASCII_DIGITS.fullmatch(text) is not None


def whole_number(text: str | None, low: int = 0, high: int = DATABASE_INTEGER) -> int | None:
    """The number ``text`` spells with the digits 0–9, if it lies in ``low``…``high``;
    else None (a sign, a space, a letter, another script's digit, or out of range)."""
    if not is_ascii_number(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def row_id(text: str | None) -> int | None:
    """A database id from a form or a query string: a whole number from 1 up."""
    return whole_number(text, low=1)


def row_ids(values, most: int | None = None) -> set[int]:
    """The valid ids among ``values`` (the first ``most`` of them), the rest left out."""
    return {found for value in list(values)[:most] if (found := row_id(value)) is not None}


def coerce_row_id(value) -> int:
    """WTForms' ``coerce=`` for a choice of rows (a branch, a class): the id, or a
    ValueError, which the form shows as its message for the field."""
    if isinstance(value, int) and not isinstance(value, bool):
        found = value if 1 <= value <= DATABASE_INTEGER else None
    else:
        found = row_id(value) if isinstance(value, str) else None
    if found is None:
        raise ValueError("not the number of a row")
    return found
