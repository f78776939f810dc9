"""The pages of a quiz, a learner's progress, the verification page, the trainer's grid
and the dashboard, at the largest size: no WCAG 2.2 A/AA violation in either theme."""

from __future__ import annotations

import pytest
from helpers import WCAG, axe
from helpers_keyboard import click_through
from playwright.sync_api import Page, expect


def clean(page: Page, theme: str = "contrast") -> None:
    assert page.evaluate("document.documentElement.className") == (
        f"size-largest theme-{theme}")
    results = axe().run(page, options=WCAG)
    assert results.violations_count == 0, (page.url, results.generate_report())


def sign_in(page: Page, base: str, username: str, secret: str, theme="contrast") -> None:
    page.goto(base + f"/login?theme={theme}&size=largest")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("PIN-код или пароль").fill(secret)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("theme", ["contrast", "calm"])
def test_a_learners_pages_in_both_themes(page: Page, live_server, theme):
    sign_in(page, live_server, "ivanova", "246810", theme)
    page.goto(live_server + "/me/")
    clean(page, theme)
    page.goto(live_server + "/quizzes/first-steps/device-quiz/")
    clean(page, theme)
    click_through(page, page.locator("button.button-primary").first)
    for number in range(3):
        clean(page, theme)  # the question
        page.locator("input[type=radio], input[type=checkbox]").first.check()
        click_through(page, page.locator("button:has-text('Ответить')"))
        clean(page, theme)  # right or wrong, with the explanation
        if number < 2:
            click_through(page, page.locator("a:has-text('Следующий вопрос')"))
    click_through(page, page.locator("button:has-text('Завершить тест')"))
    assert "Ваш результат" in page.locator("h1").inner_text()
    clean(page, theme)
    page.goto(live_server + "/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    clean(page, theme)


def test_the_trainers_grid_in_high_contrast(page: Page, live_server):
    sign_in(page, live_server, "petrova", "Long-password-1")
    page.goto(live_server + "/trainer/classes/")
    page.get_by_label("Название класса").fill("Контрастная группа")
    page.get_by_role("button", name="Создать класс").click()
    expect(page.get_by_text("Класс создан. Теперь запишите в него слушателей.")).to_be_visible()
    page.get_by_label("Найти слушателя этого филиала по имени").fill("Иванова")
    page.get_by_role("button", name="Найти").click()
    page.get_by_role("button", name="Записать Мария Иванова").click()
    # the class page again, after the enrolment: checked only once it is there
    expect(page.get_by_text("Мария Иванова теперь в классе.")).to_be_visible()
    clean(page)
    page.goto(page.url + "print")
    expect(page.get_by_role("heading", name="Контрастная группа", exact=True)).to_be_visible()
    clean(page)


def test_the_coordinators_dashboard_in_high_contrast(page: Page, live_server):
    sign_in(page, live_server, "metodist", "Long-password-1")
    page.goto(live_server + "/reports/?period=year")
    clean(page)
