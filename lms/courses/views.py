"""Catalogue, course and lesson pages, and marking a lesson done."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from ..audit.services import record
from ..i18n import current_language
from ..people.access import trainer_required
from ..practice import services as practice_services
from ..progress import services
from ..progress.queries import progress_by_course, progress_in
from ..web.courses import get_course_or_404, get_lesson_or_404, reader_country, visible_courses
from ..web.downloads import picture_response, zip_response
from ..web.page_cache import same_for_every_visitor, same_for_everyone

bp = Blueprint("courses", __name__)

IMAGE_MAX_AGE = 24 * 3600


@bp.get("/")
def catalogue():
    courses = visible_courses()
    return same_for_every_visitor(lambda: render_template(
        "lms/courses/catalogue.html", courses=courses,
        progress=progress_by_course(current_user, courses), lang=current_language()))


@bp.get("/courses/<slug>/")
def course(slug: str):
    course = get_course_or_404(slug)
    progress = progress_in(current_user, course)
    next_lesson = next((lesson for lesson in course.lessons if lesson.slug not in progress.done),
                       None)
    return same_for_every_visitor(lambda: render_template(
        "lms/courses/course.html", course=course, progress=progress, next_lesson=next_lesson,
        lang=current_language()))


@bp.get("/courses/<slug>/<lesson_slug>/")
def lesson(slug: str, lesson_slug: str):
    course = get_course_or_404(slug)
    lesson = get_lesson_or_404(course, lesson_slug)
    previous, following = course.neighbours(lesson)
    lang = current_language()
    return same_for_every_visitor(lambda: render_template(
        "lms/courses/lesson.html", course=course, lesson=lesson, previous=previous,
        following=following, progress=progress_in(current_user, course), lang=lang,
        practised=practice_services.practised(current_user, lesson.practices),
        article=lesson_text(course, lesson, lang)))


def lesson_text(course, lesson, lang: str) -> Markup:
    """The lesson's text, the same for everyone who reads it in ``lang`` in one country:
    kept."""
    country = reader_country()
    return same_for_everyone(("lesson", course.slug, lesson.slug, lang, country),
                             lambda: render_template(
                                 "lms/courses/_lesson_article.html", course=course,
                                 lesson=lesson, lang=lang, country=country))


@bp.post("/courses/<slug>/<lesson_slug>/done")
@login_required
def mark_done(slug: str, lesson_slug: str):
    course = get_course_or_404(slug)
    lesson = get_lesson_or_404(course, lesson_slug)
    if lesson.quiz is not None:
        # A lesson with a quiz is completed by passing the quiz, not by this button.
        flash(_("This lesson ends with a quiz: pass it to complete the lesson."), "info")
        return redirect(url_for("lms.quizzes.quiz", course_slug=course.slug,
                                quiz_slug=lesson.quiz.slug))
    services.complete_lesson(current_user, course, lesson)
    flash(_("Well done! The lesson is marked as completed."), "success")
    return redirect(url_for(".lesson", slug=course.slug, lesson_slug=lesson.slug,
                            _anchor="lesson-done"))


@bp.get("/courses/<slug>/offline.zip")
@trainer_required
def offline(slug: str):
    """The course as plain HTML pages in a zip, for a branch with no connection."""
    from .offline import course_bundle

    course = get_course_or_404(slug)
    lang = request.args.get("lang", "")
    if lang not in current_app.config["LMS_LANGUAGES"]:
        lang = current_language()
    data = course_bundle(course, lang)
    record("course_bundled", actor=current_user, course=slug, lang=lang)
    return zip_response(data, f"{slug}-{lang}.zip")


@bp.get("/courses/<slug>/images/<path:filename>")
def image(slug: str, filename: str):
    course = get_course_or_404(slug)
    if filename.startswith("."):
        abort(404)
    return picture_response(course.path / "images", filename, IMAGE_MAX_AGE)
