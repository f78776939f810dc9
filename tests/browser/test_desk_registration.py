"""At the desk: a trainer registers a learner, who then signs in with the printed card."""

from __future__ import annotations

from helpers import WCAG, axe
from helpers_keyboard import click_through
from playwright.sync_api import Page, expect


def sign_in(page: Page, live_server: str, username: str, password: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("PIN-код или пароль").fill(password)
    click_through(page, page.get_by_role("button", name="Войти"))


def sign_out(page: Page) -> None:
    click_through(page, page.get_by_role("button", name="Выйти"))
    click_through(page, page.get_by_role("button", name="Да, выйти"))  # it asks first


def test_trainer_registers_a_learner_who_signs_in_with_the_card(page: Page, live_server):
    sign_in(page, live_server, "petrova", "Long-password-1")
    page.get_by_role("link", name="Слушатели", exact=True).click()
    click_through(page, page.get_by_role("link", name="Записать слушателя").first)
    assert axe().run(page, options=WCAG).violations_count == 0

    page.get_by_label("Фамилия, имя, отчество").fill("Коваленко Ганна Петрівна")
    page.get_by_label("Год рождения (необязательно)").fill("1948")
    page.get_by_label("Язык уроков").select_option("uk")
    page.get_by_label("Подписал(а) бумажный бланк согласия").check()
    page.get_by_role("button", name="Записать и выдать PIN-код").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Карточка для входа")
    values = page.locator(".login-card-value").all_inner_texts()
    assert values[0] == "kovalenko.hp"
    assert axe().run(page, options=WCAG).violations_count == 0
    pin = values[1]

    sign_out(page)
    sign_in(page, live_server, values[0], pin)
    # The learner chose Ukrainian: the interface follows their profile.
    expect(page.get_by_role("status")).to_contain_text("Вітаємо, Ганна Петрівна!")
    expect(page.locator("html")).to_have_attribute("lang", "uk")


def test_registration_form_shows_errors_next_to_the_fields(page: Page, live_server):
    sign_in(page, live_server, "petrova", "Long-password-1")
    page.goto(live_server + "/trainer/learners/new")
    page.get_by_label("Год рождения (необязательно)").fill("19a5")
    page.get_by_role("button", name="Записать и выдать PIN-код").click()
    name = page.get_by_label("Фамилия, имя, отчество")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#full_name-error")).to_have_text("Введите имя.")
    expect(page.locator("#birth_year-error")).to_contain_text("четырьмя цифрами")
    expect(page.locator(".radio-group .field-error")).to_contain_text("Без согласия")
    assert axe().run(page, options=WCAG).violations_count == 0
