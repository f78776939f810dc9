"""The portal sandbox and the signing practice at 200% zoom, with the keyboard only, with
JavaScript on and off: she registers with the card's data (one digit wrong on purpose, and
the portal says so kindly), confirms the phone with the code on the screen's phone, finds
the service and applies; she signs with the PIN from the envelope, and trusts a changed
document on purpose and sees the cue named."""

from __future__ import annotations

import pytest
from helpers import WCAG, axe
from helpers_keyboard import enter, sign_in, tab_to
from playwright.sync_api import Page, expect

AT_200 = {"width": 683, "height": 384}


def answer(page: Page, first_label: str, downs: int = 0) -> None:
    """Tab into the choices, move down with the arrows, tick with Space, answer."""
    tab_to(page, first_label)
    for _ in range(downs):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "Ответить")
    enter(page)


def type_into(page: Page, label: str, text: str) -> None:
    """Tab to the field (past the link of the same name in the list of what to correct)."""
    tab_to(page, label)
    if page.evaluate("document.activeElement.tagName") == "A":
        tab_to(page, label)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def next_step(page: Page, last: bool = False) -> None:
    tab_to(page, "Посмотреть, как получилось" if last else "Дальше")
    enter(page)


def checked(page: Page, javascript: bool, name: str) -> None:
    """axe-core in the page (with JavaScript on; the page is the same off), a screenshot."""
    page.screenshot(path=f"/tmp/practice-{name}-{'js' if javascript else 'no-js'}.png",
                    full_page=True)
    if javascript:
        found = axe().run(page, options=WCAG)
        assert found.response["violations"] == [], found.generate_report()


def start(page: Page, base: str, practice: str) -> None:
    page.goto(f"{base}/practice/first-steps/{practice}/")
    tab_to(page, "тренир")
    enter(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_portal_by_keyboard_at_200_percent(browser, live_server, javascript):
    context = browser.new_context(viewport=AT_200, device_scale_factor=2, locale="ru-RU",
                                  java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server)
    start(page, live_server, "portal")
    expect(page.locator(".practice-banner-large")).to_contain_text(
        "вводите только данные с карточки, никогда свои")
    answer(page, "gosuslugi.ru")
    expect(page.locator("#feedback")).to_contain_text("Вы справились: Адрес сайта.")
    next_step(page)

    type_into(page, "Фамилия", "Смирнова")
    type_into(page, "Дата рождения", "14.03.1951")
    type_into(page, "СНИЛС", "112-233-445 96")  # one digit wrong, on purpose
    type_into(page, "Мобильный телефон", "+7 912 345-67-89")
    tab_to(page, "Зарегистрироваться")
    enter(page)
    expect(page.locator("#snils-error")).to_contain_text("В номере СНИЛС 11 цифр")
    expect(page.locator("#surname")).to_have_value("Смирнова")  # shown back, not kept
    checked(page, javascript, "portal-field")
    type_into(page, "СНИЛС", "112-233-445 95")
    tab_to(page, "Зарегистрироваться")
    enter(page)
    expect(page.locator("#feedback")).to_contain_text(
        "Обратите внимание в следующий раз: Данные как в документе.")
    next_step(page)

    code = page.locator(".phone-message").inner_text().split(": ")[1][:6]
    checked(page, javascript, "portal-code")
    type_into(page, "Код из СМС", code)
    page.keyboard.press("Enter")  # Enter in a field sends its form
    page.wait_for_url("**/3")
    expect(page.locator("#feedback")).to_contain_text("Вы справились: Код из СМС.")
    next_step(page)

    type_into(page, "Пароль", "Kot-Vaska-7")
    type_into(page, "Пароль ещё раз", "Kot-Vaska-7")
    tab_to(page, "Продолжить")
    enter(page)
    next_step(page)

    type_into(page, "Поиск услуг на портале", "пенси")
    page.keyboard.press("Enter")
    page.wait_for_url("**?q=*")
    expect(page.get_by_text("Запись к врачу")).to_have_count(0)
    answer(page, "Справка о размере пенсии")
    next_step(page)

    answer_way = "В личный кабинет"
    tab_to(page, answer_way)
    page.keyboard.press("Space")
    tab_to(page, "Подтверждаю, что данные верны")
    page.keyboard.press("Space")
    tab_to(page, "Подать заявление")
    enter(page)
    next_step(page, last=True)
    expect(page.locator(".result-summary")).to_contain_text("С первой попытки верно: 4 из 5")
    expect(page.locator(".cues")).to_contain_text("Данные как в документе")
    checked(page, javascript, "portal-result")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_signing_by_keyboard_at_200_percent(browser, live_server, javascript):
    context = browser.new_context(viewport=AT_200, device_scale_factor=2, locale="ru-RU",
                                  java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server)
    start(page, live_server, "signing")
    pin = page.locator(".login-card-value").inner_text()
    checked(page, javascript, "signing-certificate")
    tab_to(page, "Получить сертификат")
    enter(page)
    next_step(page)
    type_into(page, "PIN", pin)
    tab_to(page, "Подписать")
    enter(page)
    expect(page.locator("#feedback")).to_contain_text("Вы справились: PIN-код из конверта.")
    next_step(page)

    expect(page.locator(".signature-check")).to_contain_text("Подпись действительна")
    checked(page, javascript, "signing-valid")
    answer(page, "Подписала Смирнова, документ не изменён")
    next_step(page)
    expect(page.locator(".signature-check")).to_contain_text(
        "Документ изменили после того, как его подписали.")
    answer(page, "Нет, его изменили после подписи", downs=1)  # trusts it, on purpose
    expect(page.locator("#feedback")).to_contain_text(
        "Обратите внимание в следующий раз: Изменённый документ.")
    checked(page, javascript, "signing-changed")
    next_step(page)
    expect(page.locator(".signature-check")).to_contain_text("Сертификат отозван")
    answer(page, "Сертификату больше не доверяют")
    next_step(page, last=True)
    expect(page.locator(".result-summary")).to_contain_text("С первой попытки верно: 3 из 4")
    context.close()
