"""Telling whether a password is one of those tried first by whoever guesses.

A password is guessable when, in any keyboard layout a library PC has (English, Russian,
Ukrainian, Kazakh), it is a common password or local word with at most digits and marks
around it, a word repeated, or a walk along neighbouring keys: "Пароль12345" is «пароль»
and "gfhjkm" is «пароль» typed in the English layout, "йцукенгшщзх" is "qwertyuiop[",
"1q2w3e4r5t6y" runs down and up the keyboard.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .keyboard import KEY_ROWS, SHIFTED, from_keys, to_keys

HERE = Path(__file__).parent
LISTS = (HERE / "common_passwords.txt", HERE / "local_passwords.txt")

WALK_SHARE = 0.75  # of neighbouring pairs of keys, for a password to count as a walk


@cache
def known_passwords() -> frozenset[str]:
    words = set()
    for path in LISTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.add(line.strip().lower())
    return frozenset(words)


def spellings(secret: str) -> set[str]:
    """The secret as typed, as the keys pressed, and as each layout reads those keys."""
    typed = secret.lower()
    keys = {typed.translate(table) for table in to_keys()}
    read = {key.translate(table) for key in keys for table in from_keys()}
    return {typed} | keys | read


def _core(text: str) -> str:
    """The word inside digits and marks: "gramota2026!" -> "gramota"."""
    return text.strip("0123456789`~!@#$%^&*()-_=+[]{};:'\",.<>/?\\| №")


def _repeated_unit(text: str) -> str:
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


@cache
def _key_places() -> dict[str, tuple[int, int]]:
    return {key: (row, column) for row, keys in enumerate(KEY_ROWS)
            for column, key in enumerate(keys)}


def _neighbours(a: str, b: str) -> bool:
    places = _key_places()
    if a not in places or b not in places:
        return False
    (row_a, col_a), (row_b, col_b) = places[a], places[b]
    # Each row sits half a key to the right of the one above it.
    if row_a == row_b:
        return abs(col_a - col_b) <= 1
    if row_b == row_a + 1:
        return col_b in (col_a - 1, col_a) if row_a else col_b in (col_a - 2, col_a - 1)
    if row_b == row_a - 1:
        return _neighbours(b, a)
    return False


def is_keyboard_walk(keys: str) -> bool:
    """Mostly neighbouring keys: "qwertyuiop", "1q2w3e4r", "zaq12wsx", "asdfgh"."""
    keys = keys.translate(SHIFTED)
    pairs = list(zip(keys, keys[1:], strict=False))
    return bool(pairs) and sum(_neighbours(a, b) for a, b in pairs) >= WALK_SHARE * len(pairs)


def is_guessable(secret: str) -> bool:
    known = known_passwords()
    for spelling in spellings(secret):
        for text in {spelling, _core(spelling), _repeated_unit(spelling),
                     _repeated_unit(_core(spelling))}:
            if text in known:
                return True
    keys = {secret.lower().translate(table) for table in to_keys()}
    return any(is_keyboard_walk(key) for key in keys)
