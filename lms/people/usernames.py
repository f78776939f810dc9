"""Short usernames learners can type: transliterated surname and initials, e.g. ivanova.ma."""

from __future__ import annotations

import re

# Russian, close to the passport (ICAO) transliteration, which people know from documents.
RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}
# Ukrainian official transliteration (2010): г → h, и → y, і → i, ї → i, є → ie.
UKRAINIAN = {**RUSSIAN, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "є": "ie",
             "й": "i", "щ": "shch"}
# Kazakh letters beyond the Russian alphabet.
KAZAKH = {**RUSSIAN, "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
          "һ": "h", "і": "i"}
TABLES = {"uk": UKRAINIAN, "kk": KAZAKH}


def transliterate(text: str, lang: str = "ru") -> str:
    """Spell ``text`` in small latin letters; letters of other scripts are dropped."""
    table = TABLES.get(lang, {**KAZAKH, **UKRAINIAN, **RUSSIAN})
    out = []
    for char in text.lower():
        if char in table:
            out.append(table[char])
        elif "a" <= char <= "z" or "0" <= char <= "9" or char in " -":
            out.append(char)
    return "".join(out)


def base_username(full_name: str, lang: str = "ru") -> str:
    """Return surname + initials: "Иванова Мария Алексеевна" → "ivanova.ma"."""
    words = [w for w in re.split(r"[\s\-]+", transliterate(full_name, lang)) if w]
    if not words:
        return "learner"
    surname = words[0][:20]
    initials = "".join(word[0] for word in words[1:3])
    return f"{surname}.{initials}" if initials else surname
