"""What comes out of the printer: a lesson as a handout and a quiz's paper version,
printed by Chromium: no menus or buttons, large enough type, the link addresses."""

from __future__ import annotations

import io

from playwright.sync_api import Page
from pypdf import PdfReader


def printed(page: Page, url: str) -> str:
    page.goto(url)
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return " ".join(sheet.extract_text() for sheet in reader.pages)


def test_a_lesson_prints_as_a_handout(page: Page, live_server):
    text = printed(page, live_server + "/courses/first-steps/mouse/?size=largest&theme=contrast")
    assert "Мышь" in text
    for screen_only in ("Войти", "Перейти к основному", "Текст:", "Прослушать",
                        "Русский"):
        assert screen_only not in text, screen_only
    font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= 15  # 12 pt and more on paper, whatever the screen size was
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"  # paper stays white in high contrast


def test_a_quiz_paper_version_prints_every_question(page: Page, live_server):
    text = printed(page, live_server + "/quizzes/first-steps/device-quiz/print")
    assert "Какой кнопкой мыши открывают папку?" in text
    assert "Войти" not in text
