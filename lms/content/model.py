"""Courses and lessons as loaded from files: plain dataclasses, rendered HTML included."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem


@dataclass(frozen=True)
class CourseText:
    """A course's title, summary and introduction in one language."""

    lang: str
    title: str
    summary: str
    intro_html: str
    path: Path
    facts: tuple = ()  # the facts that may change, marked in the text (markdown.Fact)


@dataclass(frozen=True)
class LessonText:
    """One lesson in one language."""

    lang: str
    title: str
    minutes: int | None
    html: str
    path: Path
    reviewed: str | None = None  # year-month the facts in it were last checked
    facts: tuple = ()  # the facts that may change, marked in the text (markdown.Fact)


@dataclass
class Lesson:
    """A lesson with its translations; the slug is its address and its identity."""

    slug: str
    number: int
    texts: dict[str, LessonText] = field(default_factory=dict)
    default_language: str = "ru"
    quiz: Any = None  # the lesson's Quiz, passed to complete the lesson
    practices: list = field(default_factory=list)  # its practices (content/practice.py)

    def text(self, lang: str) -> LessonText:
        """Return the lesson in ``lang``, or in the course's main language if not translated."""
        return self.texts.get(lang) or self.texts[self.default_language]


@dataclass
class Course:
    """A course folder: its settings, translations and ordered lessons."""

    slug: str
    path: Path
    default_language: str
    audience: str = "learner"
    hours: float | None = None
    country: str | None = None
    # the countries an "any country" course is written for: each passage that differs
    # between countries has a variant for each (or one for every other country)
    countries: tuple[str, ...] = ()
    certificate: str | None = None
    order: int = 100
    reviewed: str | None = None
    texts: dict[str, CourseText] = field(default_factory=dict)
    lessons: list[Lesson] = field(default_factory=list)
    quizzes: dict[str, Any] = field(default_factory=dict)
    final_quiz: Any = None  # passed after every lesson to complete the course
    quiz_folder: Path | None = None  # where its quizzes (and their pictures) were found
    practices: dict[str, Any] = field(default_factory=dict)  # content/practice.py

    def text(self, lang: str) -> CourseText:
        """Return the course text in ``lang``, or in its main language if not translated."""
        return self.texts.get(lang) or self.texts[self.default_language]

    @property
    def languages(self) -> list[str]:
        return sorted(self.texts)

    @property
    def lesson_slugs(self) -> list[str]:
        return [lesson.slug for lesson in self.lessons]

    def lesson(self, slug: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)

    def position(self, lesson: Lesson) -> int:
        """Return the lesson's place in the course, counting from 1."""
        return self.lessons.index(lesson) + 1

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        """Return the lessons before and after ``lesson``."""
        i = self.lessons.index(lesson)
        before = self.lessons[i - 1] if i > 0 else None
        after = self.lessons[i + 1] if i + 1 < len(self.lessons) else None
        return before, after

    def minutes(self, lang: str) -> int:
        return sum(lesson.text(lang).minutes or 0 for lesson in self.lessons)


@dataclass
class Catalogue:
    """All courses that loaded, and every problem found on the way."""

    courses: dict[str, Course] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, slug: str) -> Course | None:
        return self.courses.get(slug)

    def listed(self, audience: str | None = None) -> list[Course]:
        """Return courses in catalogue order, optionally for one audience only."""
        found = [c for c in self.courses.values() if audience in (None, c.audience)]
        return sorted(found, key=lambda c: (c.order, c.slug))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]
