"""A question type from another package, installed with pip: a quiz uses it, a learner
answers it, and it is graded."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import csrf_from, install_example, sign_in, text_of

from lms.content import question_types
from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.services import create_user
from lms.quizzes.models import QuizAttempt
from lms.state import catalogue

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gramota-question-number"
QUIZ = """---
title: Проверим себя: номера экстренных служб
pass: 100
---

## По какому номеру звонить в полицию с мобильного телефона? {number}

= 112
= 102

## Сколько примерно стоит поверка счётчика воды, в рублях? {number}

= 1000 ± 200
"""


@pytest.fixture
def number_type(tmp_path, monkeypatch):
    """The example package installed with pip (offline) into a folder on sys.path."""
    install_example(EXAMPLE, tmp_path, monkeypatch)
    yield
    question_types.QUESTION_TYPES.pop("number", None)
    sys.modules.pop("gramota_question_number", None)


def course_pack(root: Path) -> Path:
    course = root / "courses" / "emergency"
    course.mkdir(parents=True)
    (course / "index.ru.md").write_text(
        "---\ntitle: Экстренные службы\nsummary: Куда звонить.\naudience: learner\n---\n\n"
        "Короткий курс.\n", encoding="utf-8")
    (course / "01-numbers.ru.md").write_text(
        "---\ntitle: Номера\nminutes: 5\n---\n\nС мобильного звоните 112.\n", encoding="utf-8")
    quizzes = root / "quizzes" / "emergency"
    quizzes.mkdir(parents=True)
    (quizzes / "final-quiz.ru.md").write_text(QUIZ, encoding="utf-8")
    (quizzes / "images").mkdir()
    (quizzes / "images" / "phone.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    return root


def test_a_number_question_from_an_installed_package_is_asked_and_graded(
        number_type, make_app, tmp_path):
    app = make_app(LMS_CONTENT_PATHS=[str(course_pack(tmp_path / "pack"))])
    with app.app_context():
        quiz = catalogue().get("emergency").final_quiz
        assert not catalogue().errors and quiz.questions[0].kind == "number"
        kind = question_types.question_type("number")
        assert kind.grade(quiz.questions[0], "1 1 2", False) == 1.0
        assert kind.grade(quiz.questions[0], "113", False) == 0.0
        # its own answer lines: a number with a margin, which Gramota's parser does not know
        assert quiz.questions[1].kind == "number" and quiz.questions[1].data == ["1000 ± 200"]
        assert kind.grade(quiz.questions[1], "1 150", False) == 1.0
        assert kind.grade(quiz.questions[1], "1250", False) == 0.0
        library = get_or_create_library(get_or_create_network("n", "Сеть"), "c", "Центральная")
        create_user("orlova", "Орлова Нина", Role.LEARNER, "246810", library=library)
        db.session.commit()
    learner = SimpleNamespace(username="orlova", plain_password="246810")
    client = app.test_client()
    sign_in(client, learner)
    base = "/quizzes/emergency/final-quiz"
    token = csrf_from(text_of(client.get("/me/")))  # one token serves the whole session
    attempt = client.post(f"{base}/start", data={"csrf_token": token}).headers["Location"]
    attempt = attempt.rsplit("/", 1)[0]
    page = text_of(client.get(f"{attempt}/1"))
    assert "По какому номеру звонить в полицию" in page
    assert 'inputmode="decimal" name="answer"' in page  # the type's own template
    client.post(f"{attempt}/1", data={"csrf_token": token, "answer": "112"})
    client.post(f"{attempt}/2", data={"csrf_token": token, "answer": "900"})
    client.post(f"{attempt}/finish", data={"csrf_token": token})
    with app.app_context():
        stored = db.session.scalar(db.select(QuizAttempt))
        assert stored.finished_at is not None and stored.passed and stored.score == 100
    # the pack's quiz pictures are served from the pack, and the right answer is shown
    with client.get("/quizzes/emergency/images/phone.svg") as picture:  # closes the file
        assert picture.status_code == 200
    from lms.courses.offline import course_bundle

    with app.test_request_context():
        files = zipfile.ZipFile(io.BytesIO(course_bundle(catalogue().get("emergency"), "ru")))
    offline = files.read("emergency/quizzes/final-quiz.html").decode()
    assert "<strong>112</strong>" in offline and "<strong>1000 ± 200</strong>" in offline
    paper = text_of(client.get(f"{base}/print"))  # on paper: the type's short line
    assert paper.count('<p class="paper-line">______________</p>') == 2
    assert "emergency/quiz-images/phone.svg" in files.namelist()
