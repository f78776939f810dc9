"""The "listen" button: only where the browser has a voice for the lesson's language."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

# A browser voice for Russian, and a record of what it was asked to say.
FAKE_VOICE = """
window.__spoken = [];
const voices = [{lang: "ru-RU", name: "Проба"}];
Object.defineProperty(window, "speechSynthesis", {value: {
  speaking: false, getVoices: () => voices, cancel() { this.speaking = false; },
  speak(words) { this.speaking = true; window.__spoken.push(words.text); },
  addEventListener() {}}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
LESSON = "/courses/first-steps/mouse/"


def test_with_a_voice_the_lesson_is_read_aloud(page: Page, live_server):
    page.add_init_script(FAKE_VOICE)
    page.goto(live_server + LESSON)
    button = page.get_by_role("button", name="Прослушать урок")
    button.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and "мыш" in spoken[0].lower()
    expect(page.get_by_role("button", name="Остановить чтение")).to_be_visible()


def test_without_a_voice_for_the_language_there_is_no_button(page: Page, live_server):
    page.add_init_script(FAKE_VOICE.replace('"ru-RU"', '"de-DE"'))
    page.goto(live_server + LESSON)
    expect(page.locator(".lesson h1")).to_be_visible()
    assert page.get_by_role("button", name="Прослушать урок").count() == 0


def test_without_javascript_there_is_no_button(browser: Browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.goto(live_server + LESSON)
    assert page.locator(".listen").is_hidden()
    assert page.get_by_role("button", name="Прослушать урок").count() == 0
    context.close()
