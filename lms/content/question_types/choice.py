"""Questions with options to tick: one right, several right, true or false, pictures.

In a quiz file, a task list::

    - [x] the right option
    - [ ] another option
"""

from __future__ import annotations

import re

from ...i18n import N_
from ...numbers import whole_number
from .base import (
    AnswerBlock,
    InvalidAnswer,
    Option,
    QuestionError,
    QuestionType,
    replaced,
    shuffled,
)

TASK_RE = re.compile(r"^\[( |x|X)\]\s*(.*)$", re.S)


class SingleChoice(QuestionType):
    name = "single"
    template = "choice"
    input_type = "radio"

    def parse_answers(self, block: AnswerBlock) -> list[Option] | None:
        if block.form != "bullet":
            return None
        tasks = [TASK_RE.match(text) for text, _line in block.items]
        if not tasks or not all(tasks):
            return None
        options = []
        for task, (_text, line) in zip(tasks, block.items, strict=True):
            if not task[2].strip():
                block.problem(line, "an option is empty")
            options.append(Option(block.inline(task[2], line), task[1] != " "))
        return options

    def validate(self, data: list[Option]) -> None:
        if len(data) < 2:
            raise QuestionError(N_("a question needs at least two options"))
        correct = sum(option.correct for option in data)
        if correct == 0:
            raise QuestionError(N_("no option is marked right: write [x] before it"))
        if correct > 1:
            raise QuestionError(N_("%(count)s options are marked right, but the question is "
                                   "single choice (add {multiple} to the heading)"),
                                count=correct)

    def read(self, question, form) -> list[int]:
        values = form.getlist("answer")
        if not values:
            raise InvalidAnswer(N_("Please choose an answer."))
        chosen = sorted({self._option_index(question, value) for value in values})
        if self.input_type == "radio" and len(chosen) != 1:
            raise InvalidAnswer(N_("Please choose one answer."))
        return chosen

    @staticmethod
    def _option_index(question, value: str) -> int:
        match = re.fullmatch(r"q(\d+)o(\d+)", value or "")
        if not match or int(match[1]) != question.index or int(match[2]) >= len(question.data):
            raise InvalidAnswer(N_("This answer does not belong to the question."))
        return int(match[2])

    def unmask(self, question, form, mask):
        prefix = f"q{question.index}o"
        values = [prefix + str(mask.real(whole_number(value.removeprefix(prefix))))
                  if value.startswith(prefix) else value for value in form.getlist("answer")]
        return replaced(form, {"answer": values})

    def grade(self, question, answer, partial: bool) -> float:
        right = {i for i, option in enumerate(question.data) if option.correct}
        return 1.0 if set(answer) == right else 0.0

    def agrees(self, data, other) -> bool:
        return [o.correct for o in data] == [o.correct for o in other]

    def display_order(self, question, seed, shuffle):
        return shuffled(list(range(len(question.data))), seed, question.index, shuffle)


class TrueFalse(SingleChoice):
    name = "true-false"

    def validate(self, data) -> None:
        if len(data) != 2:
            raise QuestionError(N_("a true/false question has exactly two options"))
        super().validate(data)

    def display_order(self, question, seed, shuffle):
        return [0, 1]  # "true" stays before "false"


class ImageChoice(SingleChoice):
    """Single choice where every option is a picture ("which of these is a scam?")."""

    name = "images"

    def validate(self, data) -> None:
        if any("<img" not in option.html for option in data):
            raise QuestionError(N_("every option of a picture question must be a picture"))
        super().validate(data)


class MultipleChoice(SingleChoice):
    name = "multiple"
    input_type = "checkbox"

    def validate(self, data) -> None:
        if len(data) < 2:
            raise QuestionError(N_("a question needs at least two options"))
        if not any(option.correct for option in data):
            raise QuestionError(N_("no option is marked right: write [x] before it"))

    def unmask(self, question, form, mask):
        prefix = f"q{question.index}o"
        values = [prefix + str(mask.real(whole_number(value.removeprefix(prefix))))
                  if value.startswith(prefix) else value for value in form.getlist("answer")]
        return replaced(form, {"answer": values})

    def grade(self, question, answer, partial: bool) -> float:
        right = {i for i, option in enumerate(question.data) if option.correct}
        chosen = set(answer)
        if not partial:
            return 1.0 if chosen == right else 0.0
        score = (len(chosen & right) - len(chosen - right)) / len(right)
        return max(0.0, score)
