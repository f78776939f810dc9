"""The offline copy of a course opens from the disk (file://) with no JavaScript: the
lessons, their pictures, and a self-check quiz whose answers open with a click."""

from __future__ import annotations

import io
import zipfile

from playwright.sync_api import Browser, expect


def test_the_copy_opens_from_a_usb_stick_and_its_self_check_works(
        browser: Browser, live_app, tmp_path):
    from lms.courses.offline import course_bundle
    from lms.state import catalogue

    with live_app.test_request_context():
        data = course_bundle(catalogue().get("first-steps"), "ru")
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.goto((tmp_path / "first-steps" / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("Первые шаги")
    page.get_by_role("link", name="Мышь", exact=True).click()
    expect(page.locator("h1")).to_have_text("Мышь")
    picture = page.locator(".content img").first
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate("getComputedStyle(document.body).fontSize") != "16px"  # styled
    page.get_by_role("link", name="Следующий урок: Клавиатура").click()
    expect(page.locator("h1")).to_have_text("Клавиатура")
    page.goto((tmp_path / "first-steps" / "quizzes" / "device-quiz.html").as_uri())
    answer = page.locator("details").first
    expect(answer.locator(".right-answers")).to_be_hidden()
    answer.locator("summary").click()
    expect(answer.locator(".right-answers")).to_be_visible()
    context.close()
