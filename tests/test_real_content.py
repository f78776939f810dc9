"""The real course catalogue in courses/ loads without a single problem."""

from __future__ import annotations

from pathlib import Path

from lms.content import load_catalogue

COURSES = Path(__file__).parents[1] / "courses"


def test_real_courses_have_no_errors_and_no_warnings():
    catalogue = load_catalogue(COURSES)
    assert [str(p) for p in catalogue.problems] == []
    assert catalogue.courses, "courses/ is empty"


def test_sample_course_is_complete():
    course = load_catalogue(COURSES).get("safe-internet")
    assert len(course.lessons) >= 3
    for lesson in course.lessons:
        text = lesson.text("ru")
        assert text.minutes and len(text.html) > 2000, lesson.slug
