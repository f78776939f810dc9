"""axe-core finds no WCAG 2.x A/AA violations on each page type, also at 320 px wide."""

from __future__ import annotations

import pytest
from helpers import WCAG, axe
from helpers_keyboard import click_through
from playwright.sync_api import Page, expect

PAGES = ["/", "/courses/first-steps/", "/courses/first-steps/mouse/",
         "/courses/first-steps/keyboard/?lang=uk", "/login", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page: Page, live_server, path):
    page.goto(live_server + path)
    results = axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", PAGES)
def test_high_contrast_at_the_largest_size_has_no_violations(page: Page, live_server, path):
    page.goto(live_server + "/?theme=contrast&size=largest")  # kept in cookies from here
    page.goto(live_server + path)
    assert page.evaluate("document.documentElement.className") == (
        "size-largest theme-contrast")
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 28
    results = axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("theme", ["calm", "contrast"])
def test_at_200_percent_zoom_there_are_no_violations(page: Page, live_server, theme):
    """A 1280 px screen at 200% zoom lays pages out in 640 CSS pixels."""
    page.set_viewport_size({"width": 640, "height": 480})
    page.goto(live_server + f"/?theme={theme}")
    for path in PAGES:
        page.goto(live_server + path)
        results = axe().run(page, options=WCAG)
        assert results.violations_count == 0, (path, results.generate_report())
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)


def test_the_largest_text_fits_a_narrow_screen(page: Page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server + "/?size=largest")
    for path in PAGES:
        page.goto(live_server + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at the largest size"


def test_narrow_screen_has_no_horizontal_scrolling(page: Page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in PAGES:
        page.goto(live_server + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_large_type_and_large_targets(page: Page, live_server):
    page.goto(live_server + "/courses/first-steps/")
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 20
    for name in ("Начать курс: Мышь", "Войти", "Курсы"):
        box = page.get_by_role("link", name=name, exact=True).first.bounding_box()
        assert box["height"] >= 44, (name, box)


def test_focus_is_clearly_visible(page: Page, live_server):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the site name link in the header
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline == "solid" and width >= 3


def test_the_coordinators_reports_have_no_accessibility_violations(page: Page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("Имя пользователя").fill("metodist")
    page.get_by_label("PIN-код или пароль").fill("Long-password-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for path in ("/reports/?period=year", "/reports/print", "/reports/courses/first-steps"):
        page.goto(live_server + path)
        results = axe().run(page, options=WCAG)
        assert results.violations_count == 0, (path, results.generate_report())
    page.goto(live_server + "/reports/")
    click_through(page, page.locator("table.report-table a").first)  # a branch's page
    results = axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()
    page.set_viewport_size({"width": 640, "height": 480})  # 200% zoom
    for path in (page.url, "/reports/?period=year", "/reports/print",
                 "/trainer/consultations/", "/trainer/classes/"):
        page.goto(path if path.startswith("http") else live_server + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)  # wide tables scroll in their own box
        results = axe().run(page, options=WCAG)
        assert results.violations_count == 0, (path, results.generate_report())


@pytest.mark.parametrize("comfort", ["theme=calm&size=normal", "theme=contrast&size=largest"])
def test_a_learners_own_pages_have_no_violations_in_both_themes_and_sizes(
        page: Page, live_server, completed_learner, comfort):
    """The pages only a signed-in learner sees: her courses, her data, a question with its
    verdict, a result, her certificate, the menu opened at 200%, signing out."""
    page.goto(f"{live_server}/?{comfort}")
    page.goto(live_server + "/login")
    page.get_by_label("Имя пользователя").fill(completed_learner)
    page.get_by_label("PIN-код или пароль").fill("246810")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(live_server + "/quizzes/first-steps/device-quiz/")
    click_through(page, page.locator("main button.button-primary"))  # try it again, or go on
    page.goto(page.url.split("#")[0].rsplit("/", 1)[0] + "/1")
    if not page.locator(".feedback").count():  # answered already in the other comfort
        page.get_by_label("Правой", exact=True).check()
        click_through(page, page.get_by_role("button", name="Ответить"))
    expect(page.locator(".feedback")).to_be_visible()
    pages = [page.url.split("#")[0], "/me/", "/me/data", "/me/courses/first-steps/certificate",
             "/logout"]
    for path in pages:
        page.goto(path if path.startswith("http") else live_server + path)
        results = axe().run(page, options=WCAG)
        assert results.violations_count == 0, (path, comfort, results.generate_report())
    page.set_viewport_size({"width": 683, "height": 384})
    page.goto(live_server + "/me/#menu")
    results = axe().run(page, options=WCAG)
    assert results.violations_count == 0, ("menu", comfort, results.generate_report())


@pytest.mark.parametrize("comfort", ["theme=calm&size=normal", "theme=contrast&size=largest"])
def test_staff_pages_have_no_violations_in_both_themes_and_sizes(page: Page, live_server,
                                                                 comfort):
    page.goto(f"{live_server}/?{comfort}")
    page.goto(live_server + "/login")
    page.get_by_label("Имя пользователя").fill("metodist")
    page.get_by_label("PIN-код или пароль").fill("Long-password-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for path in ("/trainer/", "/trainer/learners/new", "/trainer/learners/import",
                 "/admin/", "/admin/staff/", "/admin/staff/new", "/admin/certificates/",
                 "/admin/audit/",
                 "/verify/"):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.className").startswith("size-")
        results = axe().run(page, options=WCAG)
        assert results.violations_count == 0, (path, comfort, results.generate_report())
