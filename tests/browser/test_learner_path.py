"""A learner in a real browser: catalogue, a lesson, sign in, mark it done."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_learner_reads_a_lesson_and_marks_it_done(page: Page, live_server):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Курсы")
    page.get_by_role("link", name="Первые шаги").click()
    page.get_by_role("link", name="Мышь", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мышь")
    expect(page.locator(".callout-warning")).to_contain_text("Никому не сообщайте код из СМС")

    page.get_by_role("link", name="Войдите").click()
    page.get_by_label("Имя пользователя").fill("ivanova")
    page.get_by_label("PIN-код или пароль").fill("246810")
    page.get_by_role("button", name="Войти").click()

    # Back on the lesson the learner came from.
    expect(page).to_have_url(live_server + "/courses/first-steps/mouse/")
    expect(page.get_by_role("status")).to_contain_text("Здравствуйте, Мария Иванова!")
    page.get_by_role("button", name="Урок пройден").click()
    expect(page.get_by_role("status")).to_contain_text("Урок отмечен как пройденный")
    expect(page.locator(".done-mark")).to_have_text("Вы прошли этот урок.")

    page.get_by_role("link", name="Первые шаги").click()
    expect(page.locator("#course-progress")).to_contain_text("Пройдено уроков: 1 из 2")
    expect(page.locator(".lesson-list .is-done")).to_contain_text("Мышь")


def test_keyboard_only_reaches_the_main_content(page: Page, live_server):
    page.goto(live_server + "/courses/first-steps/mouse/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к основному содержанию")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/courses/first-steps/mouse/#main")
