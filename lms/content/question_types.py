"""Question types: each a small class that parses, reads an answer and grades it.

A type is registered by name. Types from other packages come in through the entry point
group ``gramota.question_types`` (``name = package.module:Class``).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from importlib.metadata import entry_points

from ..i18n import N_

ENTRY_POINT_GROUP = "gramota.question_types"


class InvalidAnswer(ValueError):
    """The posted answer does not fit the question (tampered, incomplete, malformed)."""


class QuestionError(ValueError):
    """A question in a quiz file is written wrongly; the message is for the author."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.params = params


@dataclass(frozen=True)
class Option:
    html: str
    correct: bool = False


def option_id(question_index: int, option_index: int) -> str:
    """The value an option is posted with: tied to its question, so others are refused."""
    return f"q{question_index}o{option_index}"


def shuffled(items: list[int], seed: int, salt: int, enabled: bool = True) -> list[int]:
    """Return ``items`` in this attempt's order for one question (stable per attempt)."""
    order = list(items)
    if enabled:
        random.Random(seed * 7919 + salt).shuffle(order)
    return order


def share_right(parts: list[bool], partial: bool) -> float:
    """Points for an answer made of parts (steps, pairs): all right is 1; otherwise the
    share of right parts with partial credit, or 0 without it."""
    if all(parts):
        return 1.0
    return sum(parts) / len(parts) if partial else 0.0


class QuestionType:
    """Base of every question type."""

    name = ""
    template = ""

    def validate(self, data) -> None:
        """Raise QuestionError if the author's question cannot work."""

    def read(self, question, form) -> object:
        """Return the learner's answer from the posted form, or raise InvalidAnswer."""
        raise NotImplementedError

    def grade(self, question, answer, partial: bool) -> float:
        """Return points from 0 to 1 for ``answer``."""
        raise NotImplementedError

    def agrees(self, data, other) -> bool:
        """Tell whether a translation has the same structure and the same right answers."""
        return data == other

    def display_order(self, question, seed: int, shuffle: bool) -> list[int]:
        return list(range(len(question.data)))


class SingleChoice(QuestionType):
    name = "single"
    template = "choice"
    input_type = "radio"

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

    def grade(self, question, answer, partial: bool) -> float:
        right = {i for i, option in enumerate(question.data) if option.correct}
        chosen = set(answer)
        if not partial:
            return 1.0 if chosen == right else 0.0
        score = (len(chosen & right) - len(chosen - right)) / len(right)
        return max(0.0, score)


class PutInOrder(QuestionType):
    """Steps written in the right order; shown mixed; a number chosen for each step."""

    name = "order"
    template = "order"

    def validate(self, data: list[str]) -> None:
        if len(data) < 2:
            raise QuestionError(N_("an order question needs at least two steps"))

    def read(self, question, form) -> list[int]:
        count = len(question.data)
        positions = []
        for i in range(count):
            value = form.get(f"q{question.index}s{i}", "")
            if not value.isdigit() or not 1 <= int(value) <= count:
                raise InvalidAnswer(N_("Please give every step a number."))
            positions.append(int(value))
        if len(set(positions)) != count:
            raise InvalidAnswer(N_("Each number may be used only once."))
        return positions

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


class Matching(QuestionType):
    """Pairs ``term -> match``; for each term the learner picks its match."""

    name = "matching"
    template = "matching"

    def validate(self, data: list[tuple[str, str]]) -> None:
        if len(data) < 2:
            raise QuestionError(N_("a matching question needs at least two pairs"))
        if len({term for term, _ in data}) != len(data):
            raise QuestionError(N_("a term appears twice"))
        if len({match for _, match in data}) != len(data):
            raise QuestionError(N_("a match appears twice"))

    def read(self, question, form) -> list[int]:
        count = len(question.data)
        chosen = []
        for i in range(count):
            value = form.get(f"q{question.index}m{i}", "")
            if not value.isdigit() or int(value) >= count:
                raise InvalidAnswer(N_("Please choose a match for every line."))
            chosen.append(int(value))
        return chosen

    def grade(self, question, answer, partial: bool) -> float:
        return share_right([match == i for i, match in enumerate(answer)], partial)

    def agrees(self, data, other) -> bool:
        return len(data) == len(other)

    def display_order(self, question, seed, shuffle):
        # The order of the matches offered in each list.
        return shuffled(list(range(len(question.data))), seed, question.index, shuffle)


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


QUESTION_TYPES: dict[str, QuestionType] = {}


def register(kind: type[QuestionType]) -> type[QuestionType]:
    """Add a question type to the registry (usable as a class decorator)."""
    QUESTION_TYPES[kind.name] = kind()
    return kind


for _kind in (SingleChoice, MultipleChoice, TrueFalse, ImageChoice, PutInOrder, Matching,
              TypedAnswer):
    register(_kind)


def load_plugins() -> None:
    """Register question types that other packages offer through entry points."""
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        kind = entry_point.load()
        if kind.name not in QUESTION_TYPES:
            register(kind)


def question_type(name: str) -> QuestionType:
    return QUESTION_TYPES[name]
