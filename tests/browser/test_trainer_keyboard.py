"""The trainer's pages with the keyboard alone (Tab, typing, Enter, Space), and their
printouts as they come out of Chromium's print: the grid on A4 landscape, login cards
whose QR codes open the sign-in page."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2
import zxingcpp
from helpers_keyboard import FOCUSED, MAX_TABS, click_through, enter, tab_to
from playwright.sync_api import Page, expect
from pypdf import PdfReader


def test_a_class_week_with_the_keyboard_alone(page: Page, live_server):
    base = live_server
    page.goto(base + "/login")
    tab_to(page, "Имя пользователя")
    page.keyboard.type("petrova")
    tab_to(page, "PIN-код или пароль")
    page.keyboard.type("Long-password-1")
    enter(page)

    page.goto(base + "/trainer/classes/")
    tab_to(page, "Название класса")
    page.keyboard.type("Клавиатурная группа")
    tab_to(page, "Создать класс")  # the first session is today unless changed
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Клавиатурная группа")
    class_url = page.url

    for name, full_name in (("иванова", "Мария Иванова"), ("Смирнов", "Смирнов Иван")):
        tab_to(page, "Найти слушателя этого филиала по имени")
        page.keyboard.type(name)
        enter(page)
        tab_to(page, f"Записать {full_name}")
        enter(page)
        expect(page.get_by_role("status")).to_contain_text("теперь в классе")

    tab_to(page, "Отметить урок пройденным")
    enter(page)
    expect(page.get_by_role("status")).to_contain_text("для 2 слушателей")

    tab_to(page, "Последняя активность")  # a sorting link in the grid's header
    enter(page)
    expect(page.locator("th[aria-sort]")).to_contain_text("Последняя активность")

    tab_to(page, "Добавить занятие")  # today, unless another date is given
    enter(page)
    tab_to(page, f"{date.today().year}")  # the session's link: its date
    enter(page)
    tab_to(page, "Мария Иванова")
    page.keyboard.press("Space")
    tab_to(page, "Сохранить посещаемость")
    enter(page)
    expect(page.locator("main")).to_contain_text("пришёл 1")

    # A consultation: the topic chosen in the list with the arrow keys.
    page.goto(base + "/trainer/consultations/")
    tab_to(page, "Тема")
    for _ in range(10):
        if page.evaluate("document.activeElement.selectedOptions[0].text") == "Пенсия":
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "Записать консультацию")
    enter(page)
    expect(page.get_by_role("status")).to_contain_text("Консультация записана")
    expect(page.locator("tbody")).to_contain_text("Пенсия")

    # Focus is never trapped: Tab goes through the whole page and back to its start.
    page.goto(class_url)
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (seen and focused == seen[0]):
            break
        assert focused["visible"], f"no visible focus on {focused}"
        seen.append(focused)
    else:
        raise AssertionError("Tab went round more than the page has controls")
    assert seen[0]["name"] == "Перейти к основному содержанию" and len(seen) > 20


def test_the_printouts_come_out_right(page: Page, live_server):
    base = live_server
    page.goto(base + "/login")
    page.get_by_label("Имя пользователя").fill("petrova")
    page.get_by_label("PIN-код или пароль").fill("Long-password-1")
    enter(page)
    page.goto(base + "/trainer/classes/")
    page.get_by_label("Название класса").fill("Группа для печати")
    page.get_by_label("Первое занятие").fill(date.today().isoformat())
    click_through(page, page.get_by_role("button", name="Создать класс"))
    class_url = page.url
    for name in ("Иванова", "Смирнов"):
        page.get_by_label("Найти слушателя этого филиала по имени").fill(name)
        click_through(page, page.get_by_role("button", name="Найти"))
        click_through(page, page.get_by_role("button", name="Записать").first)

    page.goto(class_url + "print")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # the grid on one page, the register on the next
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    grid, register = (sheet.extract_text() for sheet in reader.pages)
    assert "Мария Иванова" in grid and "Смирнов Иван" in grid and "Последняя" in grid
    assert "Выйти" not in grid  # no site navigation on paper
    assert "Журнал посещаемости" in register
    picture = pypdfium2.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("L")
    assert picture.width > picture.height
    ink = sum(picture.histogram()[:128]) / (picture.width * picture.height)
    assert 0.005 < ink < 0.3, ink  # something is printed, and not a black sheet

    cards = page.request.get(class_url + "cards.pdf").body()
    sheet = pypdfium2.PdfDocument(cards)[0].render(scale=3).to_pil()
    codes = sorted(code.text for code in zxingcpp.read_barcodes(sheet))
    assert codes == [f"{base}/login?username=ivanova", f"{base}/login?username=smirnov"]
