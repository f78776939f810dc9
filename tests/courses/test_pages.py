"""What a visitor and a signed-in learner see on the catalogue, course and lesson pages."""

from __future__ import annotations

from helpers import csrf_from, sign_in, text_of

from lms.db import db
from lms.people.models import Role
from lms.progress.models import Enrollment, LessonProgress

LESSON = "/courses/first-steps/mouse/"


def stored_progress():
    return [(p.enrollment.course_slug, p.lesson_slug, p.enrollment.user.username)
            for p in db.session.scalars(db.select(LessonProgress))]


def test_catalogue_shows_learner_courses_in_russian(client):
    page = text_of(client.get("/"))
    assert '<html lang="ru" class="size-normal theme-calm">' in page
    assert "<h1>Курсы</h1>" in page
    assert '<a href="/courses/first-steps/">Первые шаги</a>' in page
    assert "2 урока · около 1 часа" in page
    assert "Школа тренера" not in page  # trainer track is for library staff


def test_trainer_courses_are_listed_for_staff_only(client, make_user):
    trainer = make_user("petrova", role=Role.TRAINER)
    assert client.get("/courses/staff-basics/").status_code == 404
    sign_in(client, trainer)
    page = text_of(client.get("/"))
    assert "Школа тренера" in page and "для сотрудников библиотек" in page
    assert "Первое занятие" in text_of(client.get("/courses/staff-basics/"))


def test_trainer_course_is_hidden_from_a_learner(client, learner):
    sign_in(client, learner)
    assert client.get("/courses/staff-basics/first-class/").status_code == 404


def test_course_page_lists_lessons_in_order(client):
    page = text_of(client.get("/courses/first-steps/"))
    assert "<h1>Первые шаги</h1>" in page
    assert page.index("Мышь") < page.index("Клавиатура")
    assert "Начать курс: Мышь" in page
    assert "Уроки можно читать без входа" in page


def test_lesson_page_renders_markdown_with_previous_and_next(client):
    page = text_of(client.get(LESSON))
    assert "<h1>Мышь</h1>" in page
    assert "Урок 1 из 2 · около 10 мин" in page
    assert '<p class="callout-title">Осторожно, мошенники</p>' in page
    assert 'src="../images/mouse.svg"' in page
    assert 'rel="next" href="/courses/first-steps/keyboard/"' in page
    assert 'rel="prev"' not in page
    last = text_of(client.get("/courses/first-steps/keyboard/"))
    assert 'rel="prev" href="/courses/first-steps/mouse/"' in last
    assert "Итоговый тест: " in last  # the last lesson leads on to the final quiz
    assert "<th>Клавиша</th>" in last


def test_visitor_is_invited_to_sign_in_and_cannot_post(client):
    page = text_of(client.get(LESSON))
    assert "Урок пройден</button>" not in page
    assert 'href="/login?next=/courses/first-steps/mouse/">Войдите</a>' in page
    response = client.post(LESSON + "done",
                           data={"csrf_token": csrf_from(text_of(client.get("/login")))})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"  # no page to return to: no Referer
    assert stored_progress() == []


def test_learner_marks_a_lesson_done(client, learner):
    sign_in(client, learner)
    page = text_of(client.get(LESSON))
    response = client.post(LESSON + "done", data={"csrf_token": csrf_from(page)},
                           follow_redirects=True)
    page = text_of(response)
    assert "Отлично! Урок отмечен как пройденный." in page
    assert "Вы прошли этот урок." in page
    assert stored_progress() == [("first-steps", "mouse", "ivanova")]

    course_page = text_of(client.get("/courses/first-steps/"))
    assert "Пройдено уроков: 1 из 2" in course_page
    assert "Продолжить: Клавиатура" in course_page
    assert "Итоговый тест" in course_page
    enrollment = db.session.scalar(db.select(Enrollment))
    assert enrollment.completed_at is None and enrollment.library.code == "central"


def test_a_lesson_with_a_quiz_is_completed_by_the_quiz_not_the_button(client, learner):
    sign_in(client, learner)
    page = text_of(client.get("/courses/first-steps/keyboard/"))
    assert "Урок пройден</button>" not in page
    assert 'href="/quizzes/first-steps/device-quiz/"' in page
    response = client.post("/courses/first-steps/keyboard/done",
                           data={"csrf_token": csrf_from(page)})
    assert response.headers["Location"] == "/quizzes/first-steps/device-quiz/"
    assert stored_progress() == []


def test_marking_the_same_lesson_twice_stores_it_once(client, learner):
    sign_in(client, learner)
    token = csrf_from(text_of(client.get(LESSON)))
    client.post(LESSON + "done", data={"csrf_token": token})
    client.post(LESSON + "done", data={"csrf_token": token})
    assert stored_progress() == [("first-steps", "mouse", "ivanova")]


def test_post_without_csrf_token_stores_nothing_and_explains(client, learner):
    sign_in(client, learner)
    response = client.post(LESSON + "done")
    assert response.status_code == 400
    assert "ничего не сохранено" in text_of(response)
    assert stored_progress() == []


def test_progress_of_one_learner_is_not_shown_to_another(client, learner, make_user):
    sign_in(client, learner)
    client.post(LESSON + "done", data={"csrf_token": csrf_from(text_of(client.get(LESSON)))})
    client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/")))})
    sign_in(client, make_user("sidorov"))
    page = text_of(client.get("/courses/first-steps/"))
    assert "Начать курс: Мышь" in page
    assert "Пройдено уроков" not in page and "badge-done" not in page
    assert "Урок пройден</button>" in text_of(client.get(LESSON))


def test_missing_course_and_lesson_give_a_friendly_404(client):
    for url in ("/courses/nothing/", "/courses/first-steps/nothing/", "/no-such-page",
                "/courses/first-steps/..%2F..%2Fetc/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Страница не найдена" in text_of(response)
        assert "Traceback" not in text_of(response)


def test_course_images_are_served_and_nothing_else(client):
    with client.get("/courses/first-steps/images/mouse.svg") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
    assert client.get("/courses/first-steps/images/../index.ru.md").status_code == 404
    assert client.get("/courses/first-steps/images/%2e%2e/index.ru.md").status_code == 404
    assert client.get("/courses/staff-basics/images/x.png").status_code == 404


def test_untranslated_lesson_says_so_in_the_chosen_language(client):
    page = text_of(client.get("/courses/first-steps/keyboard/?lang=uk"))
    assert '<html lang="uk" class="size-normal theme-calm">' in page
    assert "Цей текст ще не перекладено вашою мовою" in page
    assert '<div class="content" lang="ru">' in page
    translated = text_of(client.get(LESSON))  # the cookie keeps Ukrainian
    assert "<h1>Миша</h1>" in translated
    assert "ще не перекладено" not in translated


def test_unknown_language_is_ignored(client):
    response = client.get("/?lang=xx")
    assert response.status_code == 200
    assert '<html lang="ru" class="size-normal theme-calm">' in text_of(response)
    assert "lms_lang" not in response.headers.get("Set-Cookie", "")


def test_pages_carry_a_content_security_policy(client):
    policy = client.get(LESSON).headers["Content-Security-Policy"]
    # scripts and styles fall back to default-src: only this site's own, never inline
    assert "default-src 'self';" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy and "'unsafe-inline'" not in policy


def test_the_interface_speaks_kazakh_and_english(client):
    page = text_of(client.get("/?lang=kk"))
    assert '<html lang="kk" class="size-normal theme-calm">' in page
    assert "<h1>Курстар</h1>" in page
    english = text_of(client.get("/?lang=en"))
    assert "<h1>Courses</h1>" in english


def test_drawings_are_compressed_on_the_line_and_revalidated(make_app):
    """An SVG drawing is text: gzip takes it to about a third (issue of slow lines)."""
    import gzip
    from pathlib import Path

    root = Path(__file__).parents[2]
    app = make_app(LMS_COURSES_DIR=str(root / "courses"), LMS_QUIZZES_DIR=str(root / "quizzes"))
    drawing = root / "courses" / "computer-basics" / "images" / "browser.ru.svg"
    address = "/courses/computer-basics/images/browser.ru.svg"
    packed = app.test_client().get(address, headers={"Accept-Encoding": "gzip"})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == drawing.read_bytes()
    assert len(packed.data) < drawing.stat().st_size / 2
    assert packed.headers["Cache-Control"] == "public, max-age=86400"
    again = app.test_client().get(address, headers={"Accept-Encoding": "gzip",
                                                    "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain = app.test_client().get(address)
    assert plain.data == drawing.read_bytes() and "Content-Encoding" not in plain.headers


def test_text_not_in_the_pages_language_is_marked_with_its_own(client):
    kazakh = text_of(client.get("/?lang=kk"))
    assert '<a href="/courses/first-steps/"><span lang="ru">Первые шаги</span></a>' in kazakh
    assert "Курс тілі: Русский" in kazakh  # no Kazakh text: said, and marked
    ukrainian = text_of(client.get("/?lang=uk"))
    assert '<a href="/courses/first-steps/">Перші кроки</a>' in ukrainian  # translated
    lesson = text_of(client.get("/courses/first-steps/keyboard/?lang=uk"))
    assert '<h1><span lang="ru">Клавиатура</span></h1>' in lesson
    assert 'Попередній урок: Миша' in lesson
