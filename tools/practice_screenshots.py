"""Take the practice rooms' screenshots (docs/screenshots/zoom-200-practice-portal-*.png,
zoom-200-practice-signing-*.png) by playing the shipped practices on a running demo.

    make run        # in another terminal; it prints the demo accounts' passwords
    .venv/bin/python tools/practice_screenshots.py --password <ivanova.ma's PIN> \\
        --uk-password <petrenko.ov's PIN> --admin-password <admin's password>

Headless Chromium at 200% zoom of a 1366×768 screen plays each practice to its end with
the right answers, but for the steps named below: a field typed wrong once (its kind
message shown), or a wrong choice (its feedback shown). The picture is the practice's
screen: the portal or the signature program, the card, the phone.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
FOLDER = ROOT / "docs" / "screenshots"
AT_200 = {"width": 683, "height": 384}

# (who, course, practice, language, {step: "before" | "wrong"}, fields typed wrong once,
#  {step: picture name})
PLAYS = [
    ("learner", "gosuslugi", "portal", "ru", {}, {"snils": "156-874-392 18"},
     {"personal": "zoom-200-practice-portal-ru-field.png",
      "find": "zoom-200-practice-portal-ru-service.png"}),
    ("uk", "diia", "portal", "uk", {}, {}, {"bank-code": "zoom-200-practice-portal-uk-code.png"}),
    ("admin", "egov-kz", "portal", "ru", {}, {},
     {"register": "zoom-200-practice-portal-kz-register.png"}),
    ("learner", "e-signature", "signing", "ru", {"forged": "wrong"}, {},
     {"get": "zoom-200-practice-signing-certificate.png",
      "forged": "zoom-200-practice-signing-changed.png",
      "lost": "zoom-200-practice-signing-revoked.png"}),
]


def model_of(course: str, practice: str, lang: str):
    from lms.state import catalogue
    from wsgi import app

    with app.app_context():
        return catalogue().get(course).practices[practice].text(lang).model


def shoot(page: Page, name: str) -> None:
    """The practice's screen, in 64 colours (a tenth of the bytes, the same to the eye)."""
    path = FOLDER / name
    page.locator(".practice-room").screenshot(path=str(path))
    try:
        from PIL import Image
    except ImportError:
        return
    Image.open(path).convert("RGB").quantize(colors=64).save(path, optimize=True)


def submit(page: Page, form: str = "form.practice-form") -> None:
    page.locator(f"{form} button[type=submit]").click()


def play(page: Page, base: str, course: str, slug: str, lang: str, choose: dict,
         wrong: dict, pictures: dict) -> None:
    model = model_of(course, slug, lang)
    page.goto(f"{base}/practice/{course}/{slug}/?lang={lang}")
    page.locator("form.form button[type=submit]").click()
    while True:
        step = model.steps[page.locator("[data-step]").get_attribute("data-step")]
        picture = pictures.get(step.id)
        typed_wrong = step.type == "fields" and set(step.extra["ask"]) & set(wrong)
        if picture and not typed_wrong and choose.get(step.id) != "wrong":
            shoot(page, picture)
        if step.type == "choice":
            rights = [choice.right for choice in step.choices]
            pick = rights.index(False) if choose.get(step.id) == "wrong" else rights.index(True)
            page.locator(f"input[name=choice][value='{pick}']").check()
            submit(page, "form.question-form")
            if picture and choose.get(step.id) == "wrong":
                shoot(page, picture)
        elif step.type == "fields":
            for name in step.extra["ask"]:
                page.fill(f"#{name}", wrong.get(name, model.extra["card"][name][1]))
            submit(page)
            if page.locator(".field-error").count():
                if picture:
                    shoot(page, picture)
                for name in step.extra["ask"]:
                    page.fill(f"#{name}", model.extra["card"][name][1])
                submit(page)
        elif step.type == "code":
            page.fill("#code", re.search(r"\d{6}", page.locator(".phone-message").inner_text())[0])
            submit(page)
        elif step.type == "password":
            page.fill("#password", "Kot-Vaska-7")
            page.fill("#repeat", "Kot-Vaska-7")
            submit(page)
        elif step.type == "apply":
            page.locator("input[name=receive]").first.check()
            page.check("#consent")
            submit(page)
        elif step.type == "sign":
            page.fill("#pin", page.locator(".login-card-value").inner_text())
            submit(page)
        else:
            submit(page)
        following = page.locator("a[rel=next]")
        last = "result" in following.get_attribute("href")
        following.click()
        if last:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--password", required=True, help="ivanova.ma's PIN (Russia)")
    parser.add_argument("--uk-password", required=True, help="petrenko.ov's PIN (Ukraine)")
    parser.add_argument("--admin-password", required=True, help="admin's password (sees KZ)")
    args = parser.parse_args()
    people = {"learner": ("ivanova.ma", args.password), "uk": ("petrenko.ov", args.uk_password),
              "admin": ("admin", args.admin_password)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for who, course, slug, lang, choose, wrong, pictures in PLAYS:
            context = browser.new_context(viewport=AT_200, device_scale_factor=2, locale=lang)
            page = context.new_page()
            page.goto(args.base + "/login")
            page.fill("#username", people[who][0])
            page.fill("#password", people[who][1])
            page.click("button[type=submit]")
            play(page, args.base, course, slug, lang, choose, wrong, pictures)
            context.close()
        browser.close()
    print(f"written to {FOLDER}")


if __name__ == "__main__":
    main()
