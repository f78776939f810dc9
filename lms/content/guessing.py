"""Quizzes a learner could pass by guessing: the right option stands out by its length,
or a wrong one by being a couple of words among long sentences (``lms check`` warns)."""

from __future__ import annotations

import statistics

from markupsafe import Markup

from .problems import N_, WARNING, Problem
from .quiz import Question, QuizText

MOST_LONGEST = 0.5  # a quiz warns past this share; a course should stay at or under 0.4
SHORT_WORDS = 3     # an option shorter than this …
LONG_WORDS = 6      # … among options of this many words (the median of the others)


def _plain(option) -> str:
    return Markup(option.html).striptags()


def right_is_longest(question: Question) -> bool:
    """Whether the one right option of a single-choice question is longer than each other."""
    lengths = [(len(_plain(option)), option.correct) for option in question.data]
    right = [length for length, correct in lengths if correct]
    others = [length for length, correct in lengths if not correct]
    return len(right) == 1 and bool(others) and right[0] > max(others)


def single_choice(text: QuizText) -> list[Question]:
    return [question for question in text.questions if question.kind == "single"]


def guessing_problems(text: QuizText) -> list[Problem]:
    """Warnings for a quiz whose right options are mostly the longest, and for options far
    shorter than the others."""
    problems = []
    singles = single_choice(text)
    longest = [question for question in singles if right_is_longest(question)]
    if len(singles) >= 3 and len(longest) > MOST_LONGEST * len(singles):
        problems.append(Problem(
            longest[0].line, N_("the right option is the longest in %(count)s of %(total)s "
                                "single-choice questions, so it can be guessed: make the "
                                "wrong options as long and as likely"),
            {"count": len(longest), "total": len(singles)}, WARNING))
    for question in text.questions:
        if question.kind not in ("single", "multiple"):
            continue
        words = [len(_plain(option).split()) for option in question.data]
        for number, option in enumerate(question.data):
            others = words[:number] + words[number + 1:]
            if words[number] < SHORT_WORDS and statistics.median(others) >= LONG_WORDS:
                problems.append(Problem(
                    question.line, N_("the option «%(option)s» is much shorter than the "
                                      "others and gives itself away"),
                    {"option": _plain(option)[:60]}, WARNING))
    return problems
