"""Pairs to match. In a quiz file, one pair a line::

    - a term -> its match
"""

from __future__ import annotations

import re

from ...i18n import N_
from ...numbers import whole_number
from .base import (
    AnswerBlock,
    QuestionError,
    QuestionType,
    number_per_line,
    replaced,
    share_right,
    shuffled,
)

PAIR_RE = re.compile(r"\s->(?:\s|$)")


class Matching(QuestionType):
    """Pairs ``term -> match``; for each term the learner picks its match."""

    name = "matching"
    template = "matching"

    def parse_answers(self, block: AnswerBlock) -> list[tuple[str, str]] | None:
        if block.form != "bullet" or not all(PAIR_RE.search(text) for text, _ in block.items):
            return None
        pairs = []
        for text, line in block.items:
            term, match = (PAIR_RE.split(text, 1) + [""])[:2]
            term, match = term.strip(), match.strip()
            if not term or not match or PAIR_RE.search(match):
                block.problem(line, "a pair is written 'term -> match', once per line")
            pairs.append((block.inline(term, line), block.inline(match, line)))
        return pairs

    def validate(self, data: list[tuple[str, str]]) -> None:
        if len(data) < 2:
            raise QuestionError(N_("a matching question needs at least two pairs"))
        if len({term for term, _ in data}) != len(data):
            raise QuestionError(N_("a term appears twice"))
        if len({match for _, match in data}) != len(data):
            raise QuestionError(N_("a match appears twice"))

    def read(self, question, form) -> list[int]:
        count = len(question.data)
        return number_per_line(form, f"q{question.index}m", count, range(count),
                               N_("Please choose a match for every line."))

    def unmask(self, question, form, mask):
        prefix = f"q{question.index}m"
        return replaced(form, {name: [str(mask.real(whole_number(value)))
                                      for value in form.getlist(name)]
                               for name in form if name.startswith(prefix)})

    def grade(self, question, answer, partial: bool) -> float:
        return share_right([match == i for i, match in enumerate(answer)], partial)

    def agrees(self, data, other) -> bool:
        return len(data) == len(other)

    def display_order(self, question, seed, shuffle):
        # The order of the matches offered in each list.
        return shuffled(list(range(len(question.data))), seed, question.index, shuffle)
