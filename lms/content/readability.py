"""How easy a lesson is to read: the Flesch reading ease with Oborneva's coefficients for
Russian (I. V. Oborneva, 2006), used for Ukrainian too, whose words and sentences are of
much the same length. 100 is a primer, 50 a newspaper for everyone, 30 a legal text;
lessons for older learners aim at 50 or more (``READABLE``).

Sentences end at . ! ? … and at the end of a heading, a list item, a table cell or a
paragraph, as a reader takes them in; a syllable is a vowel.
"""

from __future__ import annotations

import re

from markupsafe import Markup

LANGUAGES = ("ru", "uk")  # the formula is calibrated for these
READABLE = 50
VOWELS = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*")
BLOCK_END_RE = re.compile(r"</(?:p|li|h[1-6]|td|th|blockquote|div)>", re.I)
SENTENCE_END_RE = re.compile(r"[.!?…]+(?=\s|$)|\n+")


def plain_sentences(html: str) -> list[str]:
    """The sentences of a lesson's HTML, as text."""
    # striptags joins the lines: mark where blocks end, then make the marks line ends
    text = Markup(BLOCK_END_RE.sub(" ¶ ", html)).striptags().replace("¶", "\n")
    return [part for part in SENTENCE_END_RE.split(text) if WORD_RE.search(part)]


def reading_ease(html: str) -> float | None:
    """The Flesch–Oborneva score of the text, or None if it has no sentences."""
    sentences = plain_sentences(html)
    words = [word for sentence in sentences for word in WORD_RE.findall(sentence)]
    if not words:
        return None
    syllables = sum(max(1, sum(ch in VOWELS for ch in word)) for word in words)
    return 206.835 - 1.3 * len(words) / len(sentences) - 60.1 * syllables / len(words)
