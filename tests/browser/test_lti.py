"""In Chromium: a learner clicks a Gramota lesson in a platform's course (the test
platform plays Moodle, on 127.0.0.1), goes through the platform's sign-in and lands on
Gramota's welcome page, then on the lesson, signed in; at 200% zoom, with no axe-core
violation on the way."""

from __future__ import annotations

from conftest import LIVE_APPS
from helpers import WCAG, axe
from lti_platform import learner_claims, served
from playwright.sync_api import Page, expect

from lms.db import db
from lms.people.models import Library


def test_a_learner_comes_from_the_platform_at_200_percent_zoom(page: Page, live_server):
    app = LIVE_APPS["live"]
    with app.app_context():
        library = db.session.scalar(db.select(Library).filter_by(code="central"))
        with served(app, library) as platform:
            platform.tool = live_server
            platform.launch_claims = learner_claims(
                platform, custom={"course": "first-steps", "lesson": "keyboard"},
                sub="browser-7", given_name="Галина", family_name="Кузнецова",
                **{"https://purl.imsglobal.org/spec/lti/claim/target_link_uri":
                   live_server + "/lti/launch"})
            page.set_viewport_size({"width": 640, "height": 480})  # 1280 px at 200%
            page.goto(platform.base + "/course/view")  # her click in the platform's course

            expect(page.get_by_role("heading", name="Добро пожаловать в «Грамоту»")).to_be_visible()
            expect(page.get_by_text("Кузнецова Галина")).to_be_visible()
            results = axe().run(page, options=WCAG)
            assert results.violations_count == 0, results.generate_report()

            page.get_by_role("button", name="Я согласен(на), открыть курс").click()
            expect(page).to_have_url(live_server + "/courses/first-steps/keyboard/")
            expect(page.get_by_role("heading", level=1)).to_contain_text("Клавиатура")
            expect(page.locator("li.who")).to_have_text("Кузнецова Галина")  # in the menu
