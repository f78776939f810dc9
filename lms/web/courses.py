"""Finding the courses and lessons a visitor may see, or failing with 404 (every feature
that shows a course uses these)."""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user

from ..content import Course, Lesson
from ..state import catalogue


def may_see(course: Course) -> bool:
    """Trainer-track courses are for library staff; learner courses are for everyone. A
    country's course (the e-government portal of Russia, Ukraine or Kazakhstan) is shown
    to the people of that country's branches; a visitor, an admin or a regional
    coordinator sees every country's."""
    if course.country and current_user.is_authenticated:
        countries = getattr(current_user, "course_countries", None)  # a host's user: all
        if countries is not None and course.country not in countries:
            return False
    if course.audience == "learner":
        return True
    return bool(current_user.is_authenticated and current_user.is_staff)


def reader_country() -> str | None:
    """The country whose variant of a passage the reader sees (content/countries.py): her
    branch's, or the one country of a member of staff's branches; else the site's
    ``LMS_DEFAULT_COUNTRY`` (a visitor), which may be None (every variant, named)."""
    if current_user.is_authenticated:
        countries = getattr(current_user, "course_countries", None)
        if countries and len(countries) == 1:
            return next(iter(countries))
        if countries or current_user.is_staff:
            return None  # staff of several countries, a regional coordinator: all of them
    return current_app.config["LMS_DEFAULT_COUNTRY"]


def visible_courses() -> list[Course]:
    """Return the catalogue as the current visitor may see it."""
    return [course for course in catalogue().listed() if may_see(course)]


def get_course_or_404(slug: str) -> Course:
    """Return the course the visitor may see, or end the request with 404."""
    course = catalogue().get(slug)
    if course is None or not may_see(course):
        abort(404)
    return course


def get_lesson_or_404(course: Course, slug: str) -> Lesson:
    """Return the lesson of ``course`` with this address, or end the request with 404."""
    lesson = course.lesson(slug)
    if lesson is None:
        abort(404)
    return lesson
