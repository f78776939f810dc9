"""A trainer's week at the desk, in Chromium, driven from the keyboard."""

from __future__ import annotations

import io
import re
from datetime import date

from helpers import WCAG, axe
from playwright.sync_api import Page, expect
from pypdf import PdfReader


def press_button(page: Page, name: str) -> None:
    """Focus a button and press Enter, as a keyboard user does."""
    button = page.get_by_role("button", name=name).first
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_trainer_runs_a_class_and_logs_consultations(page: Page, live_server):
    base = live_server
    page.goto(base + "/login")
    page.get_by_label("Имя пользователя").fill("petrova")
    page.get_by_label("PIN-код или пароль").fill("Long-password-1")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")

    # A new learner registered at the desk.
    page.goto(base + "/trainer/learners/new")
    page.get_by_label("Фамилия, имя, отчество").fill("Новикова Зоя Павловна")
    page.get_by_label("Подписал(а) бумажный бланк согласия").check()
    press_button(page, "Записать и выдать PIN-код")
    expect(page.get_by_role("heading", level=1)).to_have_text("Карточка для входа")

    # The class.
    page.goto(base + "/trainer/classes/")
    page.get_by_label("Название класса").fill("Группа по вторникам")
    page.get_by_label("Первое занятие").fill(date.today().isoformat())
    press_button(page, "Создать класс")
    expect(page.get_by_role("heading", level=1)).to_have_text("Группа по вторникам")
    assert axe().run(page, options=WCAG).violations_count == 0
    class_url = page.url

    for name in ("Иванова", "Смирнов", "Новикова"):
        page.get_by_label("Найти слушателя этого филиала по имени").fill(name)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        press_button(page, re.compile(f"Записать .*{name}"))
        expect(page.get_by_role("status")).to_contain_text("теперь в классе")

    press_button(page, "Отметить урок пройденным")
    expect(page.get_by_role("status")).to_contain_text("для 3 слушателей")
    expect(page.locator(".grid")).to_contain_text("✓* пройден")

    page.get_by_label("Дата", exact=True).fill(date.today().isoformat())
    press_button(page, "Добавить занятие")
    page.locator("a[href*='/sessions/']").first.click()
    page.get_by_label("Новикова Зоя Павловна").check()
    page.get_by_label("Иванова", exact=False).first.check()
    press_button(page, "Сохранить посещаемость")
    expect(page.locator("main")).to_contain_text("пришли 2")

    cards = page.request.get(class_url + "cards.pdf")
    text = PdfReader(io.BytesIO(cards.body())).pages[0].extract_text()
    assert "Новикова Зоя Павловна" in text and "ivanova" in text

    # Two consultations (other tests on this server may have recorded some already).
    page.goto(base + "/trainer/consultations/")
    before = int(re.search(r"помог\w* (\d+)", page.locator("main").inner_text())[1])
    for topic, people in (("Пенсия", "1"), ("Регистрация на портале госуслуг", "5")):
        page.goto(base + "/trainer/consultations/")
        page.get_by_label("Тема").select_option(label=topic)
        if people != "1":
            page.get_by_label("Группа", exact=True).check()
            page.get_by_label("Количество людей").fill(people)
        press_button(page, "Записать консультацию")
        expect(page.get_by_role("status")).to_contain_text("Консультация записана")
    helped = re.compile(f"помогли {before + 6} (людям|человеку)")
    expect(page.locator("main")).to_contain_text(helped)
    assert axe().run(page, options=WCAG).violations_count == 0
