"""Quizzes as loaded from files (plain dataclasses, HTML rendered once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Question:
    """One question: its type, text, explanation and type-specific data."""

    index: int
    kind: str
    title_html: str
    body_html: str
    explanation_html: str
    data: Any
    line: int
    lesson_slug: str | None = None


@dataclass
class QuizText:
    """A quiz in one language."""

    lang: str
    title: str
    questions: list[Question]
    path: Path
    facts: tuple = ()  # the facts that may change, marked in the text (markdown.Fact)


@dataclass
class Quiz:
    """A quiz of a course, with its translations and settings."""

    slug: str
    course_slug: str
    default_language: str
    lesson_slug: str | None = None
    pass_mark: int = 70
    feedback: str = "each"
    shuffle: bool = True
    partial: bool = True
    texts: dict[str, QuizText] = field(default_factory=dict)

    def text(self, lang: str) -> QuizText:
        """Return the quiz in ``lang``, or in the course's main language."""
        return self.texts.get(lang) or self.texts[self.default_language]

    @property
    def questions(self) -> list[Question]:
        """The questions of the main language: the reference for grading."""
        return self.texts[self.default_language].questions

    @property
    def is_final(self) -> bool:
        return self.lesson_slug is None
