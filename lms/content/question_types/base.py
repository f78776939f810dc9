"""The base of every question type, and what the types share."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from ...numbers import whole_number


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


@dataclass
class AnswerBlock:
    """A Markdown block written under a question, as a type reads its answers from it."""

    form: str  # "bullet" (- …), "ordered" (1. …) or "paragraph"
    items: list[tuple[str, int]]  # each list item, or each line of the paragraph, and its line
    line: int
    inline: Callable[[str, int], str]  # an item's Markdown as safe HTML (pictures too)
    problem: Callable[..., None]  # problem(line, "what is wrong", **params), for the author


def option_id(question_index: int, option_index: int) -> str:
    """The value an option is posted with: tied to its question, so others are refused."""
    return f"q{question_index}o{option_index}"


def shuffled(items: list[int], seed: int, salt: int, enabled: bool = True) -> list[int]:
    """Return ``items`` in this attempt's order for one question (stable per attempt)."""
    order = list(items)
    if enabled:
        random.Random(seed * 7919 + salt).shuffle(order)
    return order


class Mask:
    """The numbers the page gives to a question's options or steps, drawn for one attempt,
    so that a right answer cannot be read from the page's source: an option's value, a
    step's field name or a match's value would otherwise be its place in the author's
    file, where the right option often comes first and a step's number is its answer.
    ``shown(i)`` is the number the page uses for the author's ``i``; ``real(k)`` the
    author's number for a number ``k`` from the page (None if the page never gave it)."""

    def __init__(self, seed: int, index: int, count: int):
        self.numbers = list(range(count))
        random.Random(f"mask:{seed}:{index}").shuffle(self.numbers)
        self._real = {shown: i for i, shown in enumerate(self.numbers)}

    def shown(self, i: int) -> int:
        return self.numbers[i]

    def real(self, k: int | None) -> int | None:
        return self._real.get(k) if k is not None else None


def replaced(form, fields: dict[str, list[str]], drop: str = ""):
    """A copy of ``form`` with ``fields`` set, and without the fields named ``drop…``."""
    copy = MultiDict([(name, value) for name, value in form.items(multi=True)
                      if not (drop and name.startswith(drop))])
    for name, values in fields.items():
        copy.setlist(name, values)
    return copy


def number_per_line(form, field: str, count: int, allowed: range, message: str) -> list[int]:
    """The number chosen on each of ``count`` lines (fields ``<field>0``, ``<field>1``, …),
    each in ``allowed``; raise InvalidAnswer with ``message`` if one is missing or wrong."""
    numbers = []
    for i in range(count):
        value = whole_number(form.get(f"{field}{i}"))
        if value not in allowed:
            raise InvalidAnswer(message)
        numbers.append(value)
    return numbers


def share_right(parts: list[bool], partial: bool) -> float:
    """Points for an answer made of parts (steps, pairs): all right is 1; otherwise the
    share of right parts with partial credit, or 0 without it."""
    if all(parts):
        return 1.0
    return sum(parts) / len(parts) if partial else 0.0


class QuestionType:
    """Base of every question type: one module and its templates make a new one.

    ``template`` names its templates in ``lms/quizzes/types/``: ``<template>.html`` (the
    answer field; also used to type in a paper quiz), ``<template>.right.html`` (the right
    answer, in words, after a wrong one) and ``<template>.paper.html`` (the question on
    paper; with ``key``, the answer key). A type from another package keeps them in its own
    ``template_folder`` (holding ``lms/quizzes/types/…``).
    """

    name = ""
    template = ""
    template_folder: str | None = None

    def parse_answers(self, block: AnswerBlock) -> object | None:
        """Return the answers if ``block`` is written as this type's list of them, else None
        (the block is then text of the question)."""
        return None

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

    def unmask(self, question, form, mask: Mask):
        """The posted ``form`` with the page's numbers (``mask``, used by the templates as
        ``i|lms_masked(mask)``) put back to the author's. A type that does not mask its
        fields keeps this one."""
        return form
