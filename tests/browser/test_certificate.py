"""A learner completes a course, downloads the signed certificate, and anyone can check it;
a coordinator revokes it and the check says so."""

from __future__ import annotations

import io
import re

from helpers import WCAG, axe
from helpers_keyboard import click_through
from playwright.sync_api import Page, expect
from pypdf import PdfReader


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("PIN-код или пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(base + "/")


def test_certificate_download_verify_and_revoke(page: Page, live_server, completed_learner):
    sign_in(page, live_server, "orlova", "246810")
    page.get_by_role("link", name="Мои курсы").first.click()
    expect(page.get_by_role("heading", name="Мои сертификаты")).to_be_visible()
    link = page.get_by_role("link", name="Скачать сертификат (PDF)")
    pdf = page.request.get(live_server + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body()))
    text = reader.pages[0].extract_text().replace("\n", "")
    assert "Орлова Нина Петровна" in text and "«Первые шаги»" in text
    assert reader.trailer["/Root"]["/AcroForm"]["/Fields"]  # signed
    verify_url = re.search(r"https?://\S+/verify/[A-Z2-7]{28}", text).group(0)
    number = re.search(r"TEST-\d{4}-\d{5}", text).group(0)  # other tests give some too

    click_through(page, page.get_by_role("button", name="Выйти"))
    click_through(page, page.get_by_role("button", name="Да, выйти"))  # it asks first
    page.goto(verify_url.replace(verify_url.split("/verify/")[0], live_server))
    expect(page.locator(".verdict")).to_contain_text("Сертификат подлинный.")
    expect(page.locator("main")).to_contain_text("О. Н. П.")  # initials only
    assert axe().run(page, options=WCAG).violations_count == 0

    sign_in(page, live_server, "metodist", "Long-password-1")
    page.goto(live_server + "/admin/certificates/")
    page.get_by_role("link", name=number).click()
    page.get_by_label("Причина").fill("Выдан по ошибке")
    page.get_by_role("button", name="Отозвать").click()
    expect(page.get_by_role("status")).to_contain_text("Сертификат отозван.")
    page.goto(verify_url.replace(verify_url.split("/verify/")[0], live_server))
    expect(page.locator(".verdict")).to_contain_text("Сертификат отозван")
