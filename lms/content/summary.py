"""The catalogue in one table (docs/catalogue.md is made with ``flask lms catalogue``)."""

from __future__ import annotations

from .model import Catalogue

AUDIENCE = {"learner": "learners", "trainer": "trainer track"}


def catalogue_table(catalogue: Catalogue) -> str:
    """A Markdown table: course, audience, country, languages, lessons, minutes, questions."""
    lines = ["| course | folder | for | country | languages | lessons | minutes | questions "
             "| reviewed |", "|---|---|---|---|---|---|---|---|---|"]
    totals = [0, 0, 0]
    for course in catalogue.listed():
        main = course.default_language
        quizzes = [lesson.quiz for lesson in course.lessons if lesson.quiz]
        if course.final_quiz:
            quizzes.append(course.final_quiz)
        figures = [len(course.lessons), course.minutes(main),
                   sum(len(quiz.text(main).questions) for quiz in quizzes)]
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        lines.append(
            f"| {course.text(main).title} | `{course.slug}` | {AUDIENCE[course.audience]} "
            f"| {course.country or 'any'} | {', '.join(sorted(course.texts))} "
            f"| {figures[0]} | {figures[1]} | {figures[2]} | {course.reviewed or '—'} |")
    lines.append(f"| **{len(catalogue.courses)} courses** | | | | "
                 f"| **{totals[0]}** | **{totals[1]}** | **{totals[2]}** | |")
    return "\n".join(lines) + "\n"


def all_facts(catalogue: Catalogue) -> list[tuple[str, object]]:
    """Every fact marked in the courses and quizzes: (the file, the Fact)."""
    found = []
    for course in catalogue.courses.values():
        texts = [*course.texts.values(),
                 *(text for lesson in course.lessons for text in lesson.texts.values()),
                 *(text for quiz in course.quizzes.values() for text in quiz.texts.values())]
        found += [(_shown(text.path), fact) for text in texts for fact in text.facts]
    return found


def _shown(path) -> str:
    """The file as authors name it: from its course's or quiz's folder on."""
    return "/".join(path.parts[-3:])
