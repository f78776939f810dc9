"""A learner's own pages: my courses, my data, download, erasure request."""

from __future__ import annotations

import json
import re

from helpers import csrf_from, sign_in, text_of

from lms.audit.models import AuditEvent
from lms.db import db
from lms.people.models import ConsentRecord, User
from lms.progress import services
from lms.state import catalogue


def test_my_data_shows_everything_stored(client, learner):
    learner.phone = "+7 900 000-00-00"
    learner.consents.append(ConsentRecord(text_version="2026-1", method="paper"))
    db.session.commit()
    sign_in(client, learner)
    page = text_of(client.get("/me/data"))
    for shown in ("Мария Иванова", "ivanova", "Центральная библиотека", "+7 900 000-00-00",
                  "версии 2026-1"):
        assert shown in page, shown


def test_download_is_json_of_my_data_only_and_is_audited(client, learner, make_user):
    course = catalogue().get("first-steps")
    services.complete_lesson(learner, course, course.lesson("mouse"))
    other = make_user("sidorov", full_name="Сидоров Пётр")
    services.complete_lesson(other, course, course.lesson("keyboard"))
    db.session.commit()
    sign_in(client, learner)
    response = client.get("/me/data.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["full_name"] == "Мария Иванова"
    assert data["courses"][0]["lessons_done"][0]["lesson"] == "mouse"
    assert "Сидоров" not in response.get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEvent).filter_by(
        action="data_exported", subject_id=learner.id)) is not None


def test_erasure_request_is_recorded_and_shown_to_the_trainer(client, app, learner,
                                                              make_user):
    from lms.people.models import Role

    sign_in(client, learner)
    page = text_of(client.get("/me/data"))
    response = client.post("/me/erasure", data={"csrf_token": csrf_from(page)},
                           follow_redirects=True)
    assert "Ваша просьба записана" in text_of(response)
    assert db.session.get(User, learner.id).erasure_requested_at is not None
    trainer_client = app.test_client()
    sign_in(trainer_client, make_user("petrova", role=Role.TRAINER))
    assert "просит удалить данные" in text_of(trainer_client.get("/trainer/"))


def test_my_courses_lists_started_courses_with_progress(client, learner):
    sign_in(client, learner)
    assert "Вы ещё не начали ни одного курса" in text_of(client.get("/me/"))
    course = catalogue().get("first-steps")
    services.complete_lesson(learner, course, course.lesson("mouse"))
    db.session.commit()
    page = text_of(client.get("/me/"))
    assert "Первые шаги" in page and "Пройдено уроков: 1 из 2" in page


def test_my_data_holds_my_quiz_answers_and_certificates_with_titles(client, learner):
    from helpers import complete_course

    certificate = complete_course(learner)
    sign_in(client, learner)
    page = client.get("/quizzes/first-steps/device-quiz/")
    start = client.post("/quizzes/first-steps/device-quiz/start",
                        data={"csrf_token": csrf_from(text_of(page))})
    question = text_of(client.get(start.headers["Location"].split("#")[0]))
    option = re.search(r'name="answer" id="(q0o\d)"', question)[1]
    client.post(start.headers["Location"].split("#")[0],
                data={"csrf_token": csrf_from(question), "answer": option})
    data = json.loads(client.get("/me/data.json").get_data(as_text=True))
    assert data["courses"][0]["course_title"] == "Первые шаги"
    quiz = next(q for q in data["quizzes"] if q["quiz"] == "device-quiz")
    assert quiz["quiz_title"] == "Проверим: мышь и клавиатура" and len(quiz["answers"]) == 1
    assert quiz["answers"][0]["question"] == 1
    assert [c["number"] for c in data["certificates"]] == [certificate.number]
    shown = text_of(client.get("/me/data"))
    assert "«Первые шаги»" in shown or "“Первые шаги”" in shown
    assert "first-steps" not in shown.split("<main")[1].split("</main>")[0]  # titles, not slugs
    assert certificate.number in shown and "Проверим: мышь и клавиатура" in shown
