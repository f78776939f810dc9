"""A course as a zip of plain HTML pages, for a branch with no connection at all.

Unpacked on a USB stick, ``index.html`` opens in any browser from the disk (``file://``):
the course page, its lessons with their pictures, and every quiz as a self-check page
where each right answer is hidden under "Show the answer" (no JavaScript). Nothing in it
points to the site: every address is relative, and the stylesheet travels with it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import render_template, url_for
from flask_babel import force_locale

from ..content import Course
from ..quizzes.queries import quiz_pictures
from ..web.assets import asset_bytes

STYLESHEET = "gramota.css"


def course_bundle(course: Course, lang: str) -> bytes:
    """Return the zip of ``course`` in ``lang`` (its main language where not translated)."""
    folder = course.slug
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle, force_locale(lang):
        pages = {"course": course, "lang": lang, "stylesheet": STYLESHEET}
        bundle.writestr(f"{folder}/index.html",
                        render_template("lms/offline/index.html", **pages))
        for lesson in course.lessons:
            previous, following = course.neighbours(lesson)
            bundle.writestr(f"{folder}/lessons/{lesson.slug}.html", render_template(
                "lms/offline/lesson.html", lesson=lesson, previous=previous,
                following=following, **pages))
        quiz_images = url_for("lms.quizzes.image", course_slug=course.slug, filename="")
        for quiz in course.quizzes.values():
            page = render_template("lms/offline/quiz.html", quiz=quiz, **pages)
            bundle.writestr(f"{folder}/quizzes/{quiz.slug}.html",
                            page.replace(quiz_images, "../quiz-images/"))
        bundle.writestr(f"{folder}/{STYLESHEET}", asset_bytes(STYLESHEET))
        _add_folder(bundle, course.path / "images", f"{folder}/images")
        _add_folder(bundle, quiz_pictures(course), f"{folder}/quiz-images")
    return buffer.getvalue()


def _add_folder(bundle: zipfile.ZipFile, source: Path, target: str) -> None:
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            bundle.write(path, f"{target}/{path.relative_to(source).as_posix()}")
