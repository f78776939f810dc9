"""A 75-year-old at a library PC, the screen at 200% (1366×768 becomes 683×384 CSS pixels),
the keyboard only: from signing in to her certificate, without a dead end."""

from __future__ import annotations

import pytest
from helpers import WCAG, add_learner, axe
from helpers_keyboard import enter, tab_to
from playwright.sync_api import Page, expect

from lms.db import db

AT_200 = {"width": 683, "height": 384}


@pytest.fixture(scope="module")
def sokolova(live_app):
    return add_learner(live_app, "sokolova", "Соколова Нина Петровна", "246813")


def in_view(page: Page, selector: str) -> bool:
    """Whether the element's top line is on the screen as it is, without scrolling."""
    return page.locator(selector).first.evaluate(
        "el => { const box = el.getBoundingClientRect();"
        " return box.top >= 0 && box.top + 20 <= window.innerHeight; }")


def sign_in_by_keyboard(page: Page, base: str, typed_username: str, pin: str) -> None:
    page.goto(base + "/login")
    tab_to(page, "Имя пользователя")
    page.keyboard.type(typed_username)
    tab_to(page, "PIN-код или пароль")
    page.keyboard.type(pin)
    page.keyboard.press("Tab")
    enter(page)


def pick(page: Page, option: str) -> None:
    """A radio button or a check box, as the keyboard reaches it: Tab into a group of
    radio buttons (its first option), then the arrows; Space ticks a check box."""
    radios = {"Левой": ("Левой", 0), "Правой": ("Левой", 1), "Неверно": ("Верно", 1)}
    first, downs = radios.get(option, (option, 0))
    tab_to(page, first)
    page.keyboard.press("Space")
    for _ in range(downs):
        page.keyboard.press("ArrowDown")


def choose_by_keyboard(page: Page, field: str, option_text: str) -> None:
    """Tab to a list and move down it with the arrow key to the option she reads."""
    tab_to(page, field)
    options = page.evaluate("[...document.activeElement.options].map(o => o.text)")
    steps = next(n for n, text in enumerate(options) if text.startswith(option_text))
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def test_from_signing_in_to_the_certificate_at_200_percent(page: Page, live_server, sokolova):
    page.set_viewport_size(AT_200)
    # Her username typed with the Russian layout on, as before lesson 3: «ыщлщдщмф» is sokolova.
    sign_in_by_keyboard(page, live_server, "ыщлщдщмф", "246813")
    expect(page.get_by_role("status")).to_contain_text("Здравствуйте")
    top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert top < 0.3 * AT_200["height"], f"the header takes {top}px of {AT_200['height']}"

    page.goto(live_server + "/courses/first-steps/")
    tab_to(page, "Начать курс")
    enter(page)
    tab_to(page, "Урок пройден")  # the first lesson, read
    enter(page)
    tab_to(page, "Следующий урок")
    enter(page)
    tab_to(page, "Пройти тест")  # the second ends with a quiz
    enter(page)
    tab_to(page, "Начать тест")
    enter(page)
    # A wrong answer: the page opens at the verdict, on the screen she sees.
    pick(page, "Правой")
    tab_to(page, "Ответить")
    enter(page)
    expect(page.locator(".feedback")).to_contain_text("Не совсем.")
    assert in_view(page, ".feedback-verdict"), "the verdict is below the screen"
    assert axe().run(page, options=WCAG).violations_count == 0
    for number, options in ((2, ["Щёлкать", "Прокручивать колёсиком"]), (3, ["Неверно"])):
        tab_to(page, "Следующий вопрос")
        enter(page)
        expect(page.locator(".meta").first).to_have_text(f"Вопрос {number} из 3")
        for option in options:
            pick(page, option)
        tab_to(page, "Ответить")
        enter(page)
        assert in_view(page, ".feedback-verdict")
    tab_to(page, "Завершить тест")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ваш результат: 67%")
    tab_to(page, "Пройти ещё раз")
    enter(page)
    for number, options in ((1, ["Левой"]), (2, ["Щёлкать", "Прокручивать колёсиком"]),
                            (3, ["Неверно"])):
        for option in options:
            pick(page, option)
        tab_to(page, "Ответить")
        enter(page)
        if number < 3:
            tab_to(page, "Следующий вопрос")
            enter(page)
    tab_to(page, "Завершить тест")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ваш результат: 100%")

    # The last lesson leads to the final quiz in one step.
    page.goto(live_server + "/courses/first-steps/keyboard/")
    tab_to(page, "Итоговый тест")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Итоговый тест")
    tab_to(page, "Начать тест")
    enter(page)
    for field, value in (("Найдите папку", "1"), ("Откройте папку", "2"),
                         ("Дважды щёлкните", "3")):
        choose_by_keyboard(page, field, value)
    tab_to(page, "Сохранить и продолжить")
    enter(page)
    for field, value in (("Enter", "подтв"), ("Backspace", "стир"), ("Пробел", "став")):
        choose_by_keyboard(page, field, value)
    tab_to(page, "Сохранить и продолжить")
    enter(page)
    tab_to(page, "Ваш ответ")
    page.keyboard.type("Backspace")
    tab_to(page, "Сохранить и продолжить")
    enter(page)
    for _ in range(40):  # into the group of pictures, then the arrows to the mouse
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    for _ in range(3):
        page.keyboard.press("Space")
        if "мышь" in page.evaluate("document.activeElement.labels[0].innerHTML"):
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "Сохранить и продолжить")
    enter(page)
    tab_to(page, "Завершить тест")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ваш результат: 100%")
    page.screenshot(path="test-results/zoom-200-result.png")
    assert axe().run(page, options=WCAG).violations_count == 0

    # The certificate, from the result, in one step.
    tab_to(page, "Получить сертификат")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ваш сертификат")
    expect(page.locator("main")).to_contain_text("Соколова Нина Петровна")
    assert axe().run(page, options=WCAG).violations_count == 0


def test_the_menu_folds_and_sign_out_asks_first(page: Page, live_server):
    page.set_viewport_size(AT_200)
    page.goto(live_server + "/?size=largest")
    sign_in_by_keyboard(page, live_server, "ivanova", "246810")
    assert "size-largest" in page.evaluate("document.documentElement.className")
    assert page.locator(".site-nav").is_hidden()  # folded behind "Меню"
    top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert top < 0.35 * AT_200["height"], f"the header takes {top}px at the largest text"
    page.screenshot(path="test-results/zoom-200-header-largest.png")
    tab_to(page, "Меню")
    page.keyboard.press("Enter")
    expect(page.locator(".site-nav")).to_be_visible()
    assert axe().run(page, options=WCAG).violations_count == 0
    tab_to(page, "Выйти")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Выйти из Грамоты?")
    assert axe().run(page, options=WCAG).violations_count == 0
    tab_to(page, "Нет, вернуться")
    enter(page)
    expect(page.locator("body")).to_contain_text("Мария Иванова")  # still signed in


@pytest.fixture(scope="module")
def lebedeva(live_app):
    return add_learner(live_app, "lebedeva", "Лебедева Анна Ивановна", "246813")


def test_a_strangers_wrong_pins_do_not_lock_her_out(browser, live_server, lebedeva):
    hers = browser.new_context(viewport=AT_200, locale="ru-RU")
    mine = hers.new_page()
    sign_in_by_keyboard(mine, live_server, "lebedeva", "246813")  # her PC knows her now
    mine.context.clear_cookies(name="session")
    stranger = browser.new_context(viewport=AT_200, locale="ru-RU").new_page()
    for _ in range(6):
        sign_in_by_keyboard(stranger, live_server, "lebedeva", "000000")
    error = stranger.locator(".field-error")
    expect(error).to_contain_text("Слишком много неверных PIN-кодов")
    expect(error).to_contain_text("через 10 минут")
    expect(stranger.get_by_label("PIN-код или пароль")).to_be_visible()  # the form stays
    assert in_view(stranger, ".field-error")
    sign_in_by_keyboard(mine, live_server, "lebedeva", "246813")
    expect(mine.get_by_role("status")).to_contain_text("Здравствуйте")


def test_nothing_scrolls_sideways_on_a_narrow_screen_or_with_the_largest_text(
        browser, live_server, completed_learner, live_app):
    from lms.certificates.models import Certificate

    with live_app.app_context():
        code = db.session.scalar(db.select(Certificate.code))
    sideways = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    narrow = browser.new_context(viewport={"width": 320, "height": 640}, locale="ru-RU")
    learner = narrow.new_page()
    learner.goto(live_server + "/?size=largest")
    learner.goto(live_server + f"/verify/{code}")
    assert learner.evaluate(sideways) <= 0, "the verification page"
    sign_in_by_keyboard(learner, live_server, "smirnov", "246810")
    learner.goto(live_server + "/quizzes/first-steps/final/")
    learner.get_by_role("button", name="Начать тест").click()
    learner.goto(learner.url.split("#")[0].rsplit("/", 1)[0] + "/2")  # pairs to match
    expect(learner.locator(".pairs")).to_be_visible()
    assert learner.evaluate(sideways) <= 0, "a matching question"
    wide = browser.new_context(viewport={"width": 640, "height": 480}, locale="ru-RU")
    trainer = wide.new_page()
    trainer.goto(live_server + "/?size=largest")
    sign_in_by_keyboard(trainer, live_server, "petrova", "Long-password-1")
    for path in ("/trainer/", "/trainer/classes/", "/trainer/consultations/", "/reports/"):
        trainer.goto(live_server + path)
        assert trainer.evaluate(sideways) <= 0, path
