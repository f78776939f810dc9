"""A question type for Gramota: the learner types a number.

In a quiz file::

    ## По какому номеру звонить в полицию с мобильного телефона? {number}

    = 112
    = 102

The right answers are the lines starting with "= ". The learner may type spaces or a
comma for the decimal point ("1 500", "2,5"); the number must equal one of them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lms.content.question_types import InvalidAnswer, QuestionError, QuestionType
from lms.i18n import N_


def as_number(text: str) -> Decimal | None:
    cleaned = "".join(text.split()).replace(",", ".").rstrip(".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class NumberAnswer(QuestionType):
    name = "number"
    template = "typed"  # Gramota's own field for a typed answer

    def validate(self, data) -> None:
        if not isinstance(data, list) or not data or any(
                as_number(answer) is None for answer in data):
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
        return 1.0 if typed is not None and typed in {as_number(a) for a in question.data} \
            else 0.0

    def agrees(self, data, other) -> bool:
        return {as_number(a) for a in data} == {as_number(a) for a in other}
