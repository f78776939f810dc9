"""Take the screenshots in README.md and docs/screenshots/ from a running demo.

    make run        # in another terminal; it prints the demo accounts' passwords
    .venv/bin/python tools/screenshots.py --learner-pin 123456   # ivanova.ma's PIN

Headless Chromium (/usr/bin/chromium) opens the demo as a learner would: the catalogue,
a lesson in both colour themes and at the largest text, and at 200% zoom of a 1366×768
screen the header at the largest text, a question answered wrongly and a quiz's result.
Each picture is written to docs/screenshots/ (the reports' pictures are taken by hand).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

FOLDER = Path(__file__).parents[1] / "docs" / "screenshots"
WIDE = {"width": 1280, "height": 900}
AT_200 = {"width": 683, "height": 384}  # 1366×768 at 200%
LESSON = "/courses/computer-basics/mouse/"
QUIZ = "/quizzes/computer-basics/mouse-quiz/"


def sign_in(page: Page, base: str, username: str, secret: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", secret)
    page.click("main button[type=submit]")


def learner_pictures(browser, base: str, pin: str) -> None:
    page = browser.new_page(viewport=WIDE, locale="ru-RU")
    page.goto(base + "/")
    page.screenshot(path=FOLDER / "catalogue.png")
    for theme, size, name in (("calm", "normal", "lesson-calm"),
                              ("contrast", "normal", "lesson-contrast"),
                              ("calm", "largest", "lesson-largest")):
        page.goto(f"{base}{LESSON}?theme={theme}&size={size}")
        page.screenshot(path=FOLDER / f"{name}.png")
    page.goto(base + "/?theme=calm&size=normal")
    page.close()

    zoomed = browser.new_page(viewport=AT_200, device_scale_factor=2, locale="ru-RU")
    sign_in(zoomed, base, "ivanova.ma", pin)
    zoomed.goto(base + "/?size=largest")
    zoomed.screenshot(path=FOLDER / "zoom-200-header-largest.png")
    zoomed.goto(base + "/?size=normal")
    zoomed.goto(base + QUIZ)
    zoomed.click("main button.button-primary")  # start, or go on with, the quiz
    first = re.sub(r"/\d+(#.*)?$", "/1", zoomed.url)
    zoomed.goto(first)
    if zoomed.locator(".feedback").count() == 0:
        zoomed.locator("main input[type=radio]").last.check()
        zoomed.click("main button.button-primary")
    zoomed.screenshot(path=FOLDER / "zoom-200-answer.png")
    count = int(re.search(r"из (\d+)", zoomed.locator(".meta").first.inner_text())[1])
    for number in range(2, count + 1):
        zoomed.goto(re.sub(r"/\d+(#.*)?$", f"/{number}", first))
        if zoomed.locator(".feedback").count() == 0:
            options = zoomed.locator("main input[type=radio], main input[type=checkbox]")
            if options.count():
                options.first.check()
            for place, select in enumerate(zoomed.locator("main select").all(), start=1):
                select.select_option(index=place)  # steps: 1, 2, 3…; pairs: one each
            zoomed.click("main button.button-primary")
    finish = zoomed.locator("button:has-text('Завершить тест')")
    if finish.count():
        finish.click()
    zoomed.screenshot(path=FOLDER / "zoom-200-result.png")
    zoomed.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--learner-pin", required=True, help="ivanova.ma's PIN, from make run")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        learner_pictures(browser, args.base, args.learner_pin)
        browser.close()
    print(f"written to {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
