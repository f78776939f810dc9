"""Driving Chromium as a person does: Tab to a control by its name, press Enter; click a
link or button and wait for the page it loads."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

# The accessible name of the focused element and whether its focus can be seen.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                  || style.boxShadow !== "none";
  const own = ["A", "BUTTON"].includes(el.tagName) ? el.innerText : "";
  return {name: (label || el.getAttribute("aria-label") || own || "")
                 .trim().replace(/\\s+/g, " "), tag: el.tagName, visible: visible};
}"""
MAX_TABS = 150


def tab_to(page: Page, name: str) -> dict:
    """Press Tab until the element named ``name`` has the focus; fail if it never comes."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and name in focused["name"]:
            assert focused["visible"], f"no visible focus on {focused}"
            return focused
    raise AssertionError(f"Tab never reached {name!r}")


def enter(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def click_through(page: Page, target: Locator) -> None:
    """Click a link or a form's button and wait for the page it loads: what the test
    checks next is that page, never the one being left."""
    with page.expect_navigation():
        target.click()


def sign_in(page: Page, base: str, username: str = "smirnov", secret: str = "246810") -> None:
    """Sign in on the sign-in page with the keyboard only (the live server's learner)."""
    page.goto(base + "/login")
    tab_to(page, "Имя пользователя")
    page.keyboard.type(username)
    tab_to(page, "PIN-код или пароль")
    page.keyboard.type(secret)
    page.keyboard.press("Tab")
    enter(page)
