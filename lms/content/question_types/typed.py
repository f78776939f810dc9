"""A typed answer. In a quiz file, the accepted answers, one a line::

    = Госуслуги
    = gosuslugi.ru
"""

from __future__ import annotations

import unicodedata

from ...i18n import N_
from .base import AnswerBlock, InvalidAnswer, QuestionError, QuestionType

APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})


def normalise(text: str) -> str:
    """Fold a typed answer: case, ё/е, apostrophes, spaces and end punctuation."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    text = text.translate(APOSTROPHES)
    text = " ".join(text.split())
    return text.strip(" .,!;:«»\"")


class TypedAnswer(QuestionType):
    name = "typed"
    template = "typed"

    def parse_answers(self, block: AnswerBlock) -> list[str] | None:
        lines = [text for text, _ in block.items]
        if block.form != "paragraph" or not lines or not all(
                text.startswith("= ") for text in lines):
            return None
        return [text[2:].strip() for text in lines]

    def validate(self, data: list[str]) -> None:
        if not data or not all(normalise(answer) for answer in data):
            raise QuestionError(N_("a typed answer must not be empty"))

    def read(self, question, form) -> str:
        value = " ".join(form.get("answer", "").split())
        if not value:
            raise InvalidAnswer(N_("Please type your answer."))
        if len(value) > 500:
            raise InvalidAnswer(N_("The answer is too long."))
        return value

    def grade(self, question, answer, partial: bool) -> float:
        return 1.0 if normalise(answer) in {normalise(a) for a in question.data} else 0.0

    def agrees(self, data, other) -> bool:
        return bool(data) and bool(other)
