"""A learner takes a quiz with the keyboard only: fails, reads why, retakes and passes."""

from __future__ import annotations

from helpers import WCAG, axe
from playwright.sync_api import Page, expect

QUIZ = "/quizzes/first-steps/device-quiz/"


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element is focused, as someone without a mouse would."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def press(page: Page, selector: str, key: str = "Enter") -> None:
    """Reach ``selector`` with Tab and press ``key``; Enter on a link or button navigates."""
    tab_to(page, selector)
    if key == "Enter":
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def choose(page: Page, option: str) -> None:
    """Pick an option by its words, by keyboard: Tab into a radio group and move with the
    arrows, or Tab to a check box and press Space."""
    field = page.get_by_label(option, exact=True)
    if field.get_attribute("type") == "checkbox":
        tab_to(page, f"#{field.get_attribute('id')}")
        page.keyboard.press("Space")
        return
    tab_to(page, "input[type=radio]")
    for _ in range(10):
        if field.evaluate("element => element === document.activeElement"):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{option} cannot be chosen with the arrow keys")


def answer_question(page: Page, options: list[str], button: str = "Ответить") -> None:
    for option in options:
        choose(page, option)
    press(page, f"button:has-text('{button}')")


def take(page: Page, answers: list[list[str]]) -> None:
    press(page, "button.button-primary")  # start / try again
    for number, options in enumerate(answers, start=1):
        expect(page.locator(".meta").first).to_have_text(f"Вопрос {number} из 3")
        answer_question(page, options)
        expect(page.locator(".feedback")).to_be_visible()
        if number < len(answers):
            press(page, "a:has-text('Следующий вопрос')")
    press(page, "button:has-text('Завершить тест')")


def test_keyboard_only_quiz_fail_then_pass(page: Page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("Имя пользователя").fill("smirnov")
    page.get_by_label("PIN-код или пароль").fill("246810")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/")
    page.goto(live_server + QUIZ)
    assert axe().run(page, options=WCAG).violations_count == 0

    # First try: every answer wrong; each time the explanation appears at once.
    press(page, "button.button-primary")
    answer_question(page, ["Правой"])
    feedback = page.locator(".feedback")
    expect(feedback).to_contain_text("Не совсем.")
    expect(feedback).to_contain_text("Папку открывают двойным щелчком левой кнопки.")
    assert axe().run(page, options=WCAG).violations_count == 0
    press(page, "a:has-text('Следующий вопрос')")
    answer_question(page, ["Печатать буквы"])
    press(page, "a:has-text('Следующий вопрос')")
    answer_question(page, ["Верно"])
    press(page, "button:has-text('Завершить тест')")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ваш результат: 0%")
    expect(page.locator("main")).to_contain_text("Пока не сдан")
    expect(page.locator("main")).to_contain_text("Мышь держат одной рукой")
    assert axe().run(page, options=WCAG).violations_count == 0

    # Try again, with the right answers.
    take(page, [["Левой, двойным щелчком"], ["Щёлкать", "Прокручивать колёсиком"], ["Неверно"]])
    expect(page.get_by_role("heading", level=1)).to_have_text("Ваш результат: 100%")
    expect(page.locator("main")).to_contain_text("вы сдали тест")

    press(page, "a:has-text('Вернуться к курсу')")
    expect(page.locator(".lesson-list .is-done")).to_contain_text("Клавиатура")
