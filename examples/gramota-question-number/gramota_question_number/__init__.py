"""A question type for Gramota: the learner types a number.

In a quiz file, ``{number}`` after the heading, then the right answers, one a line; a
number may have a margin after ``±`` (or ``+-``)::

    ## По какому номеру звонить в полицию с мобильного телефона? {number}

    = 112
    = 102

    ## Сколько примерно стоит поверка счётчика воды, в рублях? {number}

    = 1000 ± 200

The learner may type spaces or a comma for the decimal point ("1 500", "2,5"). The type is
one module and three templates (templates/lms/quizzes/types/number*.html): it reads its
own answer lines, grades, and shows itself in the quiz, in the results and on paper.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lms.content.question_types import AnswerBlock, InvalidAnswer, QuestionError, QuestionType
from lms.i18n import N_

MARGIN_RE = re.compile(r"\s*(?:±|\+-|\+/-)\s*")


def as_number(text: str) -> Decimal | None:
    cleaned = "".join(text.split()).replace(",", ".").rstrip(".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def right_range(line: str) -> tuple[Decimal, Decimal] | None:
    """``"1000 ± 200"`` -> (800, 1200); ``"112"`` -> (112, 112); None if not a number."""
    value, margin = (MARGIN_RE.split(line, 1) + ["0"])[:2]
    value, margin = as_number(value), as_number(margin)
    if value is None or margin is None or margin < 0:
        return None
    return value - margin, value + margin


class NumberAnswer(QuestionType):
    name = "number"
    template = "number"  # templates/lms/quizzes/types/number.html, .right.html, .paper.html
    template_folder = str(Path(__file__).parent / "templates")

    def parse_answers(self, block: AnswerBlock) -> list[str] | None:
        lines = [text for text, _line in block.items]
        if block.form != "paragraph" or not all(text.startswith("= ") for text in lines):
            return None
        return [" ".join(text[2:].split()) for text in lines]

    def validate(self, data) -> None:
        if not data or any(right_range(answer) is None for answer in data):
            raise QuestionError(N_("a typed answer must not be empty"))

    def read(self, question, form) -> str:
        value = " ".join(form.get("answer", "").split())
        if not value:
            raise InvalidAnswer(N_("Please type your answer."))
        if len(value) > 50:
            raise InvalidAnswer(N_("The answer is too long."))
        return value

    def grade(self, question, answer, partial: bool) -> float:
        typed = as_number(answer)
        return 1.0 if typed is not None and any(
            low <= typed <= high for low, high in map(right_range, question.data)) else 0.0

    def agrees(self, data, other) -> bool:
        return sorted(map(right_range, data)) == sorted(map(right_range, other))
