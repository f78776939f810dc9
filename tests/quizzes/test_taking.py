"""Taking a quiz: answers kept as the learner goes, graded on the server, never doubled."""

from __future__ import annotations

import pytest
from helpers import sign_in, text_of
from quiz_pages import (
    DEVICE,
    FINAL,
    RIGHT,
    WRONG,
    answer,
    as_the_page_numbers,
    attempt_url,
    start,
    take,
    token,
)

from lms.certificates.models import Certificate
from lms.db import db
from lms.progress.models import Enrollment, LessonProgress
from lms.quizzes.models import QuizAnswer, QuizAttempt
from lms.state import catalogue


def attempts():
    return list(db.session.scalars(db.select(QuizAttempt).order_by(QuizAttempt.id)))


@pytest.fixture
def signed_in(client, learner):
    sign_in(client, learner)
    return client


def test_quiz_page_for_a_visitor_invites_to_sign_in(client):
    page = text_of(client.get(f"{DEVICE}/"))
    assert "<h1>Проверим: мышь и клавиатура</h1>" in page
    assert "3 вопроса" in page and "Чтобы сдать: 70% верных ответов" in page
    assert "Войдите</a>, чтобы пройти тест" in page


def test_start_twice_resumes_the_same_attempt(signed_in):
    first = start(signed_in)
    assert first.endswith("/1")
    url = attempt_url(first)
    answer(signed_in, url, 1, RIGHT[0])
    assert start(signed_in) == f"{url}/2"  # continues at the first unanswered question
    assert len(attempts()) == 1


def test_each_answer_is_graded_and_explained_at_once(signed_in):
    url = attempt_url(start(signed_in))
    response = answer(signed_in, url, 1, WRONG[0])
    page = text_of(signed_in.get(response.headers["Location"]))
    assert "Не совсем." in page and "Верный ответ:" in page
    assert "Папку открывают двойным щелчком левой кнопки." in page
    chosen = as_the_page_numbers(url, 1, WRONG[0])["answer"]  # as this attempt's page says
    assert f'value="{chosen}" checked disabled' in page
    again = answer(signed_in, url, 1, RIGHT[0])
    assert again.status_code == 422 and "Вы уже ответили на этот вопрос" in text_of(again)
    stored = db.session.scalar(db.select(QuizAnswer))
    assert (stored.answer, stored.points) == ([1], 0.0)


@pytest.mark.parametrize("fields, message", [
    ({}, "Выберите ответ."),
    ({"answer": "q1o0"}, "Этот ответ не относится к вопросу."),  # option of question 2
    ({"answer": "q0o9"}, "Этот ответ не относится к вопросу."),
    ({"answer": "'; DROP TABLE lms_user; --"}, "Этот ответ не относится к вопросу."),
    ({"answer": ["q0o0", "q0o1"]}, "Выберите один ответ."),
])
def test_tampered_or_missing_answers_are_refused(signed_in, fields, message):
    url = attempt_url(start(signed_in))
    response = answer(signed_in, url, 1, {**fields, "score": "100", "points": "1"})
    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(db.select(QuizAnswer)) is None


def test_fail_read_explanations_retake_and_pass_completes_the_lesson(signed_in):
    url = take(signed_in, WRONG)
    result = text_of(signed_in.get(f"{url}/result"))
    assert "Ваш результат: 0%" in result and "Пока не сдан" in result
    assert "Стоит перечитать" in result and "Клавиатура" in result
    assert "Мышь держат одной рукой" in result  # explanations on the result page
    assert db.session.scalar(db.select(LessonProgress)) is None

    url2 = take(signed_in, RIGHT)
    assert url2 != url
    result = text_of(signed_in.get(f"{url2}/result"))
    assert "Ваш результат: 100%" in result and "вы сдали тест" in result
    done = db.session.scalar(db.select(LessonProgress))
    assert (done.lesson_slug, done.enrollment.course_slug) == ("keyboard", "first-steps")
    course = text_of(signed_in.get("/courses/first-steps/"))
    assert "Пройдено уроков: 1 из 2" in course
    assert [(a.score, a.passed) for a in attempts()] == [(0, False), (100, True)]


def test_partial_credit_for_multiple_choice(signed_in):
    url = take(signed_in, {0: RIGHT[0], 1: {"answer": ["q1o0"]}, 2: RIGHT[2]})
    # 1 + 0.5 + 1 of 3 = 83%
    assert "Ваш результат: 83%" in text_of(signed_in.get(f"{url}/result"))


def test_finish_is_idempotent_and_needs_every_answer(signed_in):
    url = attempt_url(start(signed_in))
    answer(signed_in, url, 1, RIGHT[0])
    response = signed_in.post(f"{url}/finish", data={"csrf_token": token(signed_in)},
                              follow_redirects=True)
    assert "Сначала ответьте на вопрос 2." in text_of(response)
    assert attempts()[0].finished_at is None
    for index in (1, 2):
        answer(signed_in, url, index + 1, RIGHT[index])
    for _ in range(3):  # double click, back button, a second tab
        signed_in.post(f"{url}/finish", data={"csrf_token": token(signed_in)})
    finished = attempts()
    assert len(finished) == 1 and finished[0].score == 100
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 1
    late = answer(signed_in, url, 1, WRONG[0])
    assert late.headers["Location"].endswith("/result")
    assert db.session.scalar(db.select(QuizAnswer).filter_by(question_index=0)).points == 1.0


def test_another_learners_attempt_is_not_found(app, signed_in, make_user):
    url = attempt_url(start(signed_in))
    other = app.test_client()
    sign_in(other, make_user("sidorov"))
    assert other.get(f"{url}/1").status_code == 404
    assert answer(other, url, 1, RIGHT[0]).status_code == 404
    assert other.post(f"{url}/finish", data={"csrf_token": token(other)}).status_code == 404
    assert other.get(f"{url}/result").status_code == 404
    assert db.session.scalar(db.select(QuizAnswer)) is None


def test_final_quiz_with_every_type_completes_the_course(signed_in, learner):
    from lms.progress import services

    course = catalogue().get("first-steps")
    services.complete_lesson(learner, course, course.lesson("mouse"))
    db.session.commit()
    take(signed_in, RIGHT)
    assert db.session.scalar(db.select(Enrollment)).completed_at is None
    url = attempt_url(start(signed_in, FINAL))
    page = text_of(signed_in.get(f"{url}/1"))
    assert "Поставьте номер у каждого шага" in page
    answer(signed_in, url, 1, {"q0s0": "1", "q0s1": "2", "q0s2": "3"})
    answer(signed_in, url, 2, {"q1m0": "0", "q1m1": "1", "q1m2": "2"})
    answer(signed_in, url, 3, {"answer": "  БЭКСПЕЙС. "})
    page = text_of(signed_in.get(f"{url}/4"))
    assert 'src="/quizzes/first-steps/images/mouse.svg" alt="Компьютерная мышь сверху"' in page
    with signed_in.get("/quizzes/first-steps/images/mouse.svg") as picture:
        assert picture.status_code == 200 and b"<svg" in picture.data
    answer(signed_in, url, 4, {"answer": "q3o0"})
    signed_in.post(f"{url}/finish", data={"csrf_token": token(signed_in)})
    assert attempts()[-1].score == 100
    assert db.session.scalar(db.select(Enrollment)).completed_at is not None
    assert "Курс пройден" in text_of(signed_in.get("/"))


def test_the_way_on_is_one_button_from_the_last_lesson_to_the_certificate(signed_in, learner):
    import re

    from lms.progress import services

    course = catalogue().get("first-steps")
    services.complete_lesson(learner, course, course.lesson("mouse"))
    db.session.commit()
    take(signed_in, RIGHT)
    last_lesson = text_of(signed_in.get("/courses/first-steps/keyboard/"))
    assert re.search(r'href="/quizzes/first-steps/final/">\s*Итоговый тест: ', last_lesson)
    assert 'Итоговый тест' in text_of(signed_in.get("/courses/first-steps/"))
    url = attempt_url(start(signed_in, FINAL))
    for number, fields in ((1, {"q0s0": "1", "q0s1": "2", "q0s2": "3"}),
                           (2, {"q1m0": "0", "q1m1": "1", "q1m2": "2"}),
                           (3, {"answer": "Backspace"}), (4, {"answer": "q3o0"})):
        answer(signed_in, url, number, fields)
    result = signed_in.post(f"{url}/finish", data={"csrf_token": token(signed_in)},
                            follow_redirects=True)
    link = re.search(r'<a class="button button-primary" href="([^"]+)">Получить сертификат</a>',
                     text_of(result))
    assert link and link[1] == "/me/courses/first-steps/certificate"
    page = text_of(signed_in.get(link[1]))
    number = db.session.scalar(db.select(Certificate.number))
    assert "Ваш сертификат" in page and number in page and "«Загрузки»" in page
    saved = signed_in.get(f"/me/certificates/{number}.pdf?save=1")
    disposition = saved.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and saved.data.startswith(b"%PDF")
    assert "filename*=UTF-8''%D0%A1%D0%B5%D1%80%D1%82%D0%B8%D1%84" in disposition  # «Серти…»
    assert "на этой странице" in page and "/verify/" in page


def test_without_a_certificate_its_page_says_what_is_left(signed_in):
    page = text_of(signed_in.get("/me/courses/first-steps/certificate"))
    assert "Сертификат ещё не выдан" in page
    assert signed_in.get("/me/courses/no-such-course/certificate").status_code == 404


def test_the_verdict_and_an_error_are_where_the_page_opens(signed_in):
    url = attempt_url(start(signed_in))
    answered = answer(signed_in, url, 1, {"answer": "q0o1"})
    assert answered.headers["Location"].endswith("/1#feedback")
    page = text_of(signed_in.get(answered.headers["Location"]))
    assert 'id="feedback" tabindex="-1"' in page
    refused = answer(signed_in, url, 2, {})
    assert refused.status_code == 422
    assert 'id="answer-error" role="alert" tabindex="-1" autofocus' in text_of(refused)


def test_a_quiz_follows_the_language_she_switches_to(signed_in):
    url = attempt_url(start(signed_in))  # begun in Russian
    assert "Какой кнопкой мыши открывают папку?" in text_of(signed_in.get(f"{url}/1"))
    switched = text_of(signed_in.get(f"{url}/1?lang=uk"))
    assert "Якою кнопкою миші відкривають теку?" in switched
    assert "Какой кнопкой" not in switched  # no Russian question under Ukrainian buttons
    answer(signed_in, url, 1, {"answer": "q0o0"})  # the same options, in either language
    assert "Верно!" in text_of(signed_in.get(f"{url}/1?lang=ru"))


def test_order_and_matching_answers_are_checked(signed_in):
    url = attempt_url(start(signed_in, FINAL))
    twice = answer(signed_in, url, 1, {"q0s0": "1", "q0s1": "1", "q0s2": "3"})
    assert "Каждый номер можно использовать только один раз." in text_of(twice)
    missing = answer(signed_in, url, 2, {"q1m0": "0", "q1m1": "7"})
    assert "Выберите пару для каждой строки." in text_of(missing)
    # numbers only in the digits 0–9, within the choices: anything else is the same message
    for hostile in ("²", "١", "99999999999999999999", "-1", " 1"):
        refused = answer(signed_in, url, 1, {"q0s0": hostile, "q0s1": "2", "q0s2": "3"})
        assert refused.status_code == 422, hostile
        refused = answer(signed_in, url, 2, {"q1m0": hostile, "q1m1": "1", "q1m2": "2"})
        assert refused.status_code == 422 and "Выберите пару" in text_of(refused), hostile
    assert db.session.scalar(db.select(QuizAnswer)) is None


def test_the_right_answers_cannot_be_read_from_the_page(signed_in):
    import re

    from lms.content.question_types.base import Mask

    # Each attempt numbers options, steps and matches afresh: the first option, the step
    # numbered 1 in the file, the match of the first line is not always "0".
    firsts = {Mask(seed, 1, 3).shown(0) for seed in range(1, 40)}
    assert firsts == {0, 1, 2}
    assert all(sorted(Mask(seed, 0, 5).numbers) == list(range(5)) for seed in range(40))
    url = attempt_url(start(signed_in, FINAL))
    attempt = db.session.scalar(db.select(QuizAttempt))
    mask = Mask(attempt.seed, 1, 3)
    page = text_of(signed_in.get(f"{url}/2"))
    enter_options = re.search(r'<select name="q1m0"[^>]*>(.*?)</select>', page, re.S)[1]
    value = re.search(r'<option value="(\d+)">подтверждает</option>', enter_options)[1]
    assert value == str(mask.shown(0))  # what the page says is this attempt's number
    steps = text_of(signed_in.get(f"{url}/1"))
    first_step = re.search(r'<select name="q0s(\d+)"[^>]*>(?:(?!</select>).)*</select>\s*'
                           r'<label[^>]*>Найдите папку', steps, re.S)[1]
    assert first_step == str(Mask(attempt.seed, 0, 3).shown(0))


def test_paper_version_for_all_and_answer_key_for_trainers(client, learner, make_user):
    from lms.people.models import Role

    paper = text_of(client.get(f"{FINAL}/print"))
    assert "Соедините клавишу и её действие." in paper and "☒" not in paper
    assert "Backspace / бэкспейс" not in paper
    sign_in(client, learner)
    assert client.get(f"{FINAL}/key").status_code == 403
    client.post("/logout", data={"csrf_token": token(client)})
    sign_in(client, make_user("petrova", role=Role.TRAINER))
    key = text_of(client.get(f"{FINAL}/key"))
    assert "Backspace / бэкспейс" in key and "☒" in key
    assert "Enter, Backspace стирает" in key or "Enter подтверждает" in key
