"""Steps to put in order. In a quiz file, a numbered list in the right order::

    1. the first step
    2. the next one
"""

from __future__ import annotations

from ...i18n import N_
from ...numbers import whole_number
from .base import (
    AnswerBlock,
    InvalidAnswer,
    QuestionError,
    QuestionType,
    number_per_line,
    replaced,
    share_right,
    shuffled,
)


class PutInOrder(QuestionType):
    """Steps written in the right order; shown mixed; a number chosen for each step."""

    name = "order"
    template = "order"

    def parse_answers(self, block: AnswerBlock) -> list[str] | None:
        if block.form != "ordered":
            return None
        return [block.inline(text, line) for text, line in block.items]

    def validate(self, data: list[str]) -> None:
        if len(data) < 2:
            raise QuestionError(N_("an order question needs at least two steps"))

    def read(self, question, form) -> list[int]:
        count = len(question.data)
        positions = number_per_line(form, f"q{question.index}s", count, range(1, count + 1),
                                    N_("Please give every step a number."))
        if len(set(positions)) != count:
            raise InvalidAnswer(N_("Each number may be used only once."))
        return positions

    def unmask(self, question, form, mask):
        prefix = f"q{question.index}s"
        return replaced(form, {f"{prefix}{mask.real(whole_number(name.removeprefix(prefix)))}":
                               form.getlist(name) for name in form if name.startswith(prefix)},
                        drop=prefix)

    def grade(self, question, answer, partial: bool) -> float:
        return share_right([position == i + 1 for i, position in enumerate(answer)], partial)

    def agrees(self, data, other) -> bool:
        return len(data) == len(other)

    def display_order(self, question, seed, shuffle):
        order = list(range(len(question.data)))
        for attempt in range(10):  # never show the steps already in the right order
            mixed = shuffled(order, seed + attempt, question.index)
            if mixed != order:
                return mixed
        return order[::-1]
