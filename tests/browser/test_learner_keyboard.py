"""A learner's journey with the keyboard alone: sign in, a lesson marked done, a quiz
passed, the certificate on "My courses"; focus visible at every step."""

from __future__ import annotations

import pytest
from helpers import add_learner
from helpers_keyboard import FOCUSED, enter, tab_to
from playwright.sync_api import Page, expect


@pytest.fixture(scope="module")
def new_learner(live_app):
    return add_learner(live_app, "klaviatura", "Клавишина Анна", "135790")


def sign_in(page: Page, base: str, username: str, secret: str) -> None:
    page.goto(base + "/")
    tab_to(page, "Войти")
    enter(page)
    tab_to(page, "Имя пользователя")
    page.keyboard.type(username)
    tab_to(page, "PIN-код или пароль")
    page.keyboard.type(secret)
    page.keyboard.press("Tab")
    enter(page)


def test_sign_in_a_lesson_and_a_quiz_with_the_keyboard(page: Page, live_server, new_learner):
    sign_in(page, live_server, new_learner, "135790")
    expect(page.get_by_role("status")).to_contain_text("Здравствуйте, Клавишина Анна!")
    tab_to(page, "Первые шаги")
    enter(page)
    tab_to(page, "Мышь")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Мышь")
    tab_to(page, "Урок пройден")
    enter(page)
    expect(page.get_by_role("status")).to_contain_text("Урок отмечен как пройденный")

    page.goto(live_server + "/quizzes/first-steps/device-quiz/")
    tab_to(page, "Начать тест")
    enter(page)
    # (first option of the group, the option to choose): Tab into a group of radio
    # buttons and move with the arrows; Tab to each check box and press Space.
    questions = [[("Левой", "Левой")], [("Щёлкать", "Щёлкать"), ("Прокручивать", "Прокручивать")],
                 [("Верно", "Неверно")]]
    for number, choices in enumerate(questions):
        for first, wanted in choices:
            tab_to(page, first)
            for _ in range(5):
                if wanted in page.evaluate(FOCUSED)["name"]:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        tab_to(page, "Ответить")
        enter(page)
        expect(page.locator(".feedback")).to_contain_text("Верно")
        tab_to(page, "Следующий вопрос" if number < 2 else "Завершить тест")
        enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ваш результат: 100%")


def test_the_certificate_is_reached_with_the_keyboard(page: Page, live_server,
                                                      completed_learner):
    sign_in(page, live_server, completed_learner, "246810")
    tab_to(page, "Мои курсы")
    enter(page)
    expect(page.get_by_role("heading", name="Мои сертификаты")).to_be_visible()
    tab_to(page, "Скачать сертификат (PDF)")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    pdf = page.request.get(live_server + href)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
