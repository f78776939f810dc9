"""The real course catalogue in courses/ and quizzes/ loads without a single problem."""

from __future__ import annotations

from pathlib import Path

from lms.content import load_catalogue
from lms.quizzes.loader import attach_quizzes

ROOT = Path(__file__).parents[1]
LANGUAGES = ["ru", "uk", "kk", "en"]


def real_catalogue():
    catalogue = load_catalogue(ROOT / "courses")
    return attach_quizzes(catalogue, ROOT / "quizzes", languages=LANGUAGES,
                          default_language="ru", max_bytes=1_000_000)


def test_real_courses_and_quizzes_have_no_errors_and_no_warnings():
    catalogue = real_catalogue()
    assert [str(p) for p in catalogue.problems] == []
    assert catalogue.courses, "courses/ is empty"


def test_sample_course_has_real_lessons_and_a_quiz_for_each():
    course = real_catalogue().get("safe-internet")
    assert len(course.lessons) >= 3
    kinds = set()
    for lesson in course.lessons:
        text = lesson.text("ru")
        assert text.minutes and len(text.html) > 2000, lesson.slug
        assert lesson.quiz is not None, f"{lesson.slug} has no quiz"
        assert len(lesson.quiz.questions) >= 4
        assert all(q.explanation_html for q in lesson.quiz.questions)
        kinds |= {q.kind for q in lesson.quiz.questions}
    assert len(kinds) >= 4, kinds
