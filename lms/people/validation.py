"""Checks on personal details, shared by forms (field errors) and services (defence)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l

from ..numbers import whole_number

NAME_MAX = 200
OLDEST_BIRTH_YEAR = 1900
# Zero-width and direction marks: invisible, they make two equal-looking names differ.
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f",
             "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u00ad"}
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,20}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class InvalidDetail(ValueError):
    """A personal detail is not acceptable; the message says why, for the person typing."""


def clean_name(raw: str) -> str:
    """Return the name as it will be stored (NFC, single spaces) or raise InvalidDetail."""
    name = unicodedata.normalize("NFC", raw or "")
    if any(ch in INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf") for ch in name
           if ch not in " \t"):
        raise InvalidDetail(_l("The name contains invisible or control characters. Please "
                               "type it again."))
    name = " ".join(name.split())
    if not name:
        raise InvalidDetail(_l("Please enter the name."))
    if len(name) > NAME_MAX:
        raise InvalidDetail(_l("The name is too long: at most %(max)s characters.", max=NAME_MAX))
    if not any(ch.isalpha() for ch in name):
        raise InvalidDetail(_l("A name is written with letters. Please type it again."))
    return name


def clean_birth_year(raw) -> int | None:
    """Return the birth year, None when not given, or raise InvalidDetail."""
    if raw in (None, ""):
        return None
    youngest = date.today().year - 14
    year = whole_number(str(raw).strip(), low=OLDEST_BIRTH_YEAR, high=youngest)
    if year is None:
        raise InvalidDetail(_l("Enter the year of birth as four digits between %(low)s and "
                               "%(high)s, for example 1955.", low=OLDEST_BIRTH_YEAR,
                               high=youngest))
    return year


def clean_phone(raw: str | None) -> str | None:
    text = " ".join((raw or "").split())
    if not text:
        return None
    if not PHONE_RE.match(text):
        raise InvalidDetail(_l("Enter the phone number with digits only, for example "
                               "+7 912 345-67-89."))
    return text


def clean_email(raw: str | None) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > 254 or not EMAIL_RE.match(text):
        raise InvalidDetail(_l("This does not look like an e-mail address, for example "
                               "name@mail.ru."))
    return text


def search_key(text: str) -> str:
    """Fold ``text`` for search: case-insensitive in every script, ё as е, one space."""
    folded = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    folded = folded.replace("\u2019", "'").replace("\u02bc", "'")
    return " ".join(folded.split())
