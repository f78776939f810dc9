"""A course as a zip of plain pages for a branch with no connection."""

from __future__ import annotations

import io
import re
import zipfile

from helpers import sign_in, text_of

from lms.db import db
from lms.people.models import Role

URL = "/courses/first-steps/offline.zip"


def bundle(client, url=URL) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_a_trainer_downloads_the_course_with_lessons_pictures_and_self_check(app, make_user):
    from lms.audit.models import AuditEvent

    trainer = app.test_client()
    sign_in(trainer, make_user("petrova", role=Role.TRAINER))
    assert URL in text_of(trainer.get("/courses/first-steps/"))
    files = bundle(trainer)
    names = set(files.namelist())
    assert {"first-steps/index.html", "first-steps/lessons/mouse.html",
            "first-steps/lessons/keyboard.html", "first-steps/images/mouse.svg",
            "first-steps/quizzes/device-quiz.html", "first-steps/gramota.css"} <= names
    lesson = files.read("first-steps/lessons/mouse.html").decode()
    assert "Возьмите мышь в правую руку." in lesson and 'src="../images/mouse.svg"' in lesson
    assert 'href="../gramota.css"' in lesson and 'href="keyboard.html"' in lesson
    quiz = files.read("first-steps/quizzes/device-quiz.html").decode()
    assert "<details>" in quiz and "Показать ответ" in quiz
    for name in names:
        if name.endswith(".html"):  # nothing points back to the site
            page = files.read(name).decode()
            assert not re.search(r'(href|src)="(/|https?:)', page), name
            assert "<script" not in page
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="course_bundled"))


def test_the_copy_is_in_the_language_asked_for_and_only_for_staff(app, make_user, learner):
    trainer = app.test_client()
    sign_in(trainer, make_user("petrova", role=Role.TRAINER))
    odd = bundle(trainer, f"{URL}?lang=xx").read("first-steps/index.html").decode()
    assert 'lang="ru"' in odd  # an unknown language: the interface's own
    ukrainian = bundle(trainer, f"{URL}?lang=uk").read("first-steps/index.html").decode()
    assert 'lang="uk"' in ukrainian and "Перевірте себе" in ukrainian
    reader = app.test_client()
    sign_in(reader, learner)
    assert reader.get(URL).status_code == 403
    assert "offline.zip" not in text_of(reader.get("/courses/first-steps/"))
    assert app.test_client().get(URL).status_code == 302  # a visitor: sign in first
