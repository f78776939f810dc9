"""The keys of a library PC's keyboard and the letters each layout puts on them.

A learner who has not yet learned to switch layouts types "smirnova.ap9" in the Russian
one and gets "ыьшктщмфюфз9": the same keys. Sign-in reads such a username as the keys
pressed (lms/auth/services.py); the password check reads "gfhjkm" as «пароль»
(guessable.py).
"""

from __future__ import annotations

from functools import cache

# Row by row from the digits down, as the English layout names the keys.
KEY_ROWS = ("`1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./")
SHIFTED = str.maketrans('~!@#$%^&*()_+{}:"<>?', "`1234567890-=[];',./")
LAYOUTS = {
    "ru": ("ё1234567890-=", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю."),
    "uk": ("'1234567890-=", "йцукенгшщзхї", "фівапролджє", "ячсмитьбю."),
    # Kazakh puts its own letters on the digit keys, the digits on Shift.
    "kk": ('("әіңғ,.үұқөһ', "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю№"),
}


@cache
def to_keys() -> list[dict[int, int]]:
    """Per layout: its characters -> the English names of the keys they are on."""
    return [str.maketrans("".join(rows), "".join(KEY_ROWS)) for rows in LAYOUTS.values()]


@cache
def from_keys() -> list[dict[int, int]]:
    """Per layout: the English names of the letter keys -> the letters it puts there."""
    return [str.maketrans("".join(KEY_ROWS[1:]), "".join(rows[1:])) for rows in LAYOUTS.values()]


def keys_pressed(text: str) -> list[str]:
    """What ``text`` typed in each Cyrillic layout would be in the English one: the
    candidates, most likely first (Russian, Ukrainian, Kazakh), without repeats."""
    found = [text.lower().translate(table) for table in to_keys()]
    return [key for number, key in enumerate(found) if key not in found[:number]]
