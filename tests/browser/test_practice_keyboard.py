"""The practice rooms at 200% zoom, with the keyboard only, with JavaScript on and off: she
judges every message of the inbox, misses a trick on purpose and sees it named; she talks
on in the call and hears what it would have cost; she forwards a code in a chat."""

from __future__ import annotations

import pytest
from helpers import WCAG, axe
from helpers_keyboard import enter, sign_in, tab_to
from playwright.sync_api import Page, expect

from lms.state import catalogue

AT_200 = {"width": 683, "height": 384}
VERDICTS = {"safe": 0, "scam": 1}  # how many arrow presses from the first radio button


def radio(page: Page, first_label: str, downs: int) -> None:
    """Tab into the group (its first button), move down with the arrows, tick with Space."""
    tab_to(page, first_label)
    for _ in range(downs):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")


def no_violations(page: Page, javascript: bool) -> None:
    """axe-core runs in the page: checked with JavaScript on (the page is the same off)."""
    if not javascript:
        return
    found = axe().run(page, options=WCAG)
    assert found.response["violations"] == [], found.generate_report()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_inbox_the_call_and_the_chat_by_keyboard_at_200_percent(browser, live_server, live_app,
                                                           javascript):
    context = browser.new_context(viewport=AT_200, device_scale_factor=2, locale="ru-RU",
                                  java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server)
    with live_app.app_context():
        inbox = catalogue().get("first-steps").practices["inbox"].text("ru").model
    page.goto(live_server + "/courses/first-steps/mouse/")
    tab_to(page, "Почтовый ящик")
    enter(page)
    expect(page.locator(".practice-banner")).to_contain_text("Это тренажёр")
    tab_to(page, "тренир")  # «Начать тренировку», or «Потренироваться ещё раз»
    enter(page)
    missed_one = False
    for number in range(1, 4):
        expect(page.locator(".meta").first).to_have_text(f"Шаг {number} из 3")
        subject = page.locator(".mail-subject").inner_text()
        message = next(m for m in inbox.messages if m.subject == subject)
        radio(page, "Письмо безопасное", VERDICTS["scam" if message.scam else "safe"])
        if message.scam:
            tab_to(page, "Чужой адрес отправителя")  # the first trick only
            page.keyboard.press("Space")
        if number == 1:
            no_violations(page, javascript)
        tab_to(page, "Ответить")
        enter(page)
        feedback = page.locator("#feedback")
        expect(feedback).to_be_visible()
        if message.scam and len(message.cues) > 1:
            expect(feedback).to_contain_text("Вы пропустили:")  # the trick left unticked
            missed_one = True
        expect(feedback).to_contain_text("Правило: Банк никогда не просит код из СМС.")
        tab_to(page, "Дальше" if number < 3 else "Посмотреть, как получилось")
        enter(page)
    assert missed_one  # two scams in every draw, one of them has two tricks
    expect(page.locator(".result-summary")).to_contain_text("Вы заметили")
    no_violations(page, javascript)

    page.goto(live_server + "/practice/first-steps/call/")
    tab_to(page, "тренир")
    enter(page)
    expect(page.locator(".call-who")).to_contain_text("+7 900 000-00-00")
    radio(page, "Положу трубку", 1)  # «Спрошу, что за перевод»
    tab_to(page, "Ответить")
    enter(page)
    expect(page.locator("#feedback")).to_contain_text(
        "Вы пропустили: Номер на экране ничего не доказывает.")
    tab_to(page, "Дальше")
    enter(page)
    radio(page, "Продиктую код", 0)
    tab_to(page, "Ответить")
    enter(page)
    expect(page.locator("#feedback")).to_contain_text("85 000 рублей")
    no_violations(page, javascript)
    page.screenshot(path=f"/tmp/practice-call-{'js' if javascript else 'no-js'}.png")

    page.goto(live_server + "/practice/first-steps/chat/")
    tab_to(page, "тренир")
    enter(page)
    expect(page.locator(".phone-who")).to_contain_text("Галина Петровна")
    radio(page, "Перешлю, раз просит", 0)  # the code given away, on purpose
    tab_to(page, "Ответить")
    enter(page)
    feedback = page.locator("#feedback")
    expect(feedback).to_contain_text("Вы пропустили: Просят код из СМС.")
    expect(feedback).to_contain_text("пишет вашим близким")
    no_violations(page, javascript)
    tab_to(page, "Посмотреть, как получилось")
    enter(page)
    expect(page.locator(".result-summary")).to_contain_text("Вы заметили 0 из 2 уловок.")
    context.close()
