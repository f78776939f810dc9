"""Gramota inside a library's own Flask site (examples/library_site): the site's pages and
Gramota's under /learn in one process, in the library's header and footer; a learner
completes a lesson and passes a quiz there."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import pytest
from helpers import TEST_CONFIG
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.services import create_user

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "library_site" / "app.py"


def load_example():
    spec = importlib.util.spec_from_file_location("library_site_app", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["library_site_app"] = module  # Flask finds the site's templates by it
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def host_site(tmp_path_factory, signing_keys):
    folder = tmp_path_factory.mktemp("host")
    site = load_example().create_app({
        **{k: v for k, v in TEST_CONFIG.items() if k.startswith(("LMS_", "SECRET"))},
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'site.sqlite3'}",
        "LMS_SIGNING_KEYS_DIR": str(signing_keys)})
    with site.app_context():
        db.create_all()
        library = get_or_create_library(get_or_create_network("city", "Город"), "c", "ЦГБ")
        create_user("lidia", "Лидия Петровна", Role.LEARNER, "246810", library=library)
        db.session.commit()
    server = make_server("127.0.0.1", 0, site, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    sys.modules.pop("library_site_app", None)


def test_a_learner_completes_a_lesson_and_a_quiz_inside_the_library_site(
        page: Page, host_site):
    page.goto(host_site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Добро пожаловать в библиотеку")
    page.locator("main").get_by_role("link", name="Курсы цифровой грамотности").click()
    expect(page).to_have_url(host_site + "/learn/")
    expect(page.locator(".library-name")).to_have_text("Центральная городская библиотека")
    expect(page.get_by_role("heading", level=1)).to_have_text("Курсы")

    page.get_by_role("link", name="Первые шаги").click()
    page.get_by_role("link", name="Мышь", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мышь")
    page.get_by_role("link", name="Войдите").click()
    page.get_by_label("Имя пользователя").fill("lidia")
    page.get_by_label("PIN-код или пароль").fill("246810")
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(host_site + "/learn/courses/first-steps/mouse/")
    page.get_by_role("button", name="Урок пройден").click()
    expect(page.locator(".done-mark")).to_have_text("Вы прошли этот урок.")

    page.goto(host_site + "/learn/quizzes/first-steps/device-quiz/")
    page.locator("button.button-primary").click()
    right = [["Левой, двойным щелчком"], ["Щёлкать", "Прокручивать колёсиком"], ["Неверно"]]
    for number, options in enumerate(right, start=1):
        for option in options:
            page.get_by_label(option, exact=True).check()
        page.get_by_role("button", name="Ответить").click()
        if number < 3:
            page.get_by_role("link", name="Следующий вопрос").click()
    page.get_by_role("button", name="Завершить тест").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ваш результат: 100%")
    expect(page.locator(".library-bar").last).to_contain_text("ул. Ленина, 12")  # the library's

    page.get_by_role("link", name="Часы работы").click()  # back to the site's own pages
    expect(page.get_by_role("heading", level=1)).to_have_text("Часы работы")
