"""Text size and colour theme: chosen with a link, kept in a cookie and in the profile."""

from __future__ import annotations

from helpers import sign_in, text_of

from lms.db import db
from lms.people.models import User


def html_class(response) -> str:
    page = text_of(response)
    return page[page.index("<html"):page.index(">", page.index("<html"))]


def test_a_size_and_theme_picked_by_link_stay_for_the_next_pages(client):
    first = client.get("/courses/first-steps/?size=largest&theme=contrast")
    assert 'class="size-largest theme-contrast"' in html_class(first)
    assert 'aria-current="true">Ещё крупнее' in text_of(first)
    later = client.get("/")
    assert 'class="size-largest theme-contrast"' in html_class(later)
    assert 'href="/?theme=calm">Обычные цвета' in text_of(later)


def test_unknown_values_change_nothing(client):
    response = client.get("/?size=huge&theme=%3Cscript%3E")
    assert 'class="size-normal theme-calm"' in html_class(response)
    assert "lms_size" not in response.headers.get("Set-Cookie", "")


def test_a_learner_finds_their_choice_on_another_pc(app, client, learner):
    sign_in(client, learner)
    client.get("/?size=large")
    assert db.session.get(User, learner.id).text_size == "large"
    other_pc = app.test_client()
    sign_in(other_pc, learner)
    assert 'class="size-large theme-calm"' in html_class(other_pc.get("/"))


def test_the_language_switch_keeps_the_page_and_its_arguments(client):
    page = text_of(client.get("/courses/first-steps/?size=large"))
    assert 'href="/courses/first-steps/?size=large&amp;lang=uk"' in page


def test_size_and_language_links_keep_the_address_prefix_a_proxy_adds(make_app):
    app = make_app(LMS_PROXY_HOPS=1, LMS_PROXY_PREFIX=True)
    page = text_of(app.test_client().get("/courses/first-steps/",
                                         headers={"X-Forwarded-Prefix": "/learn"}))
    assert 'href="/learn/courses/first-steps/?size=large"' in page
    assert 'href="/learn/courses/first-steps/?lang=uk"' in page
    assert 'href="/courses/first-steps/?' not in page
