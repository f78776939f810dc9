"""A visitor's course or lesson page is given again from memory, before Flask, only when
it cannot differ: never to someone signed in, never with a message, a cookie or a form."""

from __future__ import annotations

import logging

import pytest
from helpers import sign_in, text_of

from lms.site import visitor_pages
from lms.state import get_state

LESSON = "/courses/first-steps/mouse/"


@pytest.fixture
def counted(make_app):
    """The standalone app, counting the requests that reach Flask."""
    def make(**config):
        app = make_app(**config)
        app.reached_flask = 0

        @app.before_request
        def count():
            app.reached_flask += 1

        return app
    return make


def test_the_second_visitor_gets_the_same_page_without_flask(counted, monkeypatch):
    app = counted()
    first = app.test_client().get(LESSON)
    monkeypatch.setattr(visitor_pages, "http_date", lambda: "Fri, 01 Jan 2027 09:00:00 GMT")
    again = app.test_client().get(LESSON)
    assert app.reached_flask == 1
    assert again.status_code == 200 and again.data == first.data
    assert "Возьмите мышь в правую руку." in text_of(again)
    for header in ("Content-Security-Policy", "ETag", "Cache-Control", "Content-Type"):
        assert again.headers[header] == first.headers[header]
    # every answer has its own date and request id (or the one the proxy gave)
    assert again.headers.getlist("Date") == ["Fri, 01 Jan 2027 09:00:00 GMT"]
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    given = app.test_client().get(LESSON, headers={"X-Request-ID": "proxy-1234-abcd"})
    assert given.headers["X-Request-ID"] == "proxy-1234-abcd" and app.reached_flask == 1


def test_a_kept_page_is_logged_like_any_other(counted, caplog):
    app = counted()
    app.test_client().get(LESSON)
    with caplog.at_level(logging.INFO, logger="lms.requests"):
        again = app.test_client().get(LESSON)
    fields = [r.fields for r in caplog.records if r.name == "lms.requests"]
    assert fields and fields[-1]["path"] == LESSON and fields[-1]["status"] == 200
    assert fields[-1]["request_id"] == again.headers["X-Request-ID"] and fields[-1]["kept"]


def test_a_browser_that_has_the_page_gets_not_modified(counted):
    app = counted()
    etag = app.test_client().get(LESSON).headers["ETag"]
    again = app.test_client().get(LESSON, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    weakened = app.test_client().get(LESSON, headers={"If-None-Match": f"W/{etag}"})
    assert weakened.status_code == 304  # as a compressing proxy may send it back
    assert app.reached_flask == 1
    # conditions Flask answers in its own way are left to it
    other = app.test_client().get(LESSON, headers={"If-None-Match": etag,
                                                   "If-Match": '"another"'})
    assert other.status_code == 412 and app.reached_flask == 2


def test_language_size_and_compression_each_get_their_own_page(counted):
    app = counted()
    plain = text_of(app.test_client().get(LESSON))
    ukrainian = app.test_client()
    ukrainian.set_cookie("lms_lang", "uk")
    assert 'lang="uk"' in text_of(ukrainian.get(LESSON))
    asking = app.test_client().get(LESSON, headers={"Accept-Language": "uk-UA,uk;q=0.9"})
    assert 'lang="uk"' in text_of(asking)
    larger = app.test_client()
    larger.set_cookie("lms_size", "largest")
    assert "size-largest" in text_of(larger.get(LESSON))
    packed = app.test_client().get(LESSON, headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert app.reached_flask == 5
    assert text_of(app.test_client().get(LESSON)) == plain and app.reached_flask == 5


def test_someone_signed_in_or_with_a_message_always_reaches_flask(counted, learner):
    app = counted()
    app.test_client().get(LESSON)  # a visitor's page is kept
    me = app.test_client()
    sign_in(me, learner)
    before = app.reached_flask
    page = text_of(me.get(LESSON))
    assert "Мария Иванова" in page and app.reached_flask == before + 1
    leaving = app.test_client()
    with leaving.session_transaction() as session:
        session["_flashes"] = [("info", "Вы вышли из Грамоты.")]
    assert "Вы вышли из Грамоты." in text_of(leaving.get(LESSON))
    assert "Вы вышли из Грамоты." not in text_of(app.test_client().get(LESSON))


def test_a_page_that_sets_a_cookie_a_form_or_another_page_is_not_kept(counted):
    app = counted()
    for _ in range(2):  # ?lang= remembers the language in a cookie: every time
        chosen = app.test_client().get(f"{LESSON}?lang=uk")
        assert "lms_lang=uk" in chosen.headers.get("Set-Cookie", "")
    assert app.reached_flask == 2
    for _ in range(2):
        assert app.test_client().get("/login").status_code == 200  # a form with a token
        app.test_client().post(f"{LESSON}done")
        app.test_client().head(LESSON)
    assert app.reached_flask == 2 + 6


def test_site_wide_rate_limits_still_count(counted):
    app = counted(RATELIMIT_DEFAULT="1000 per minute")
    for _ in range(3):
        assert app.test_client().get(LESSON).status_code == 200
    assert app.reached_flask == 3


def test_it_can_be_switched_off_and_keeps_a_bounded_number_of_bytes(counted):
    app = counted(LMS_KEEP_VISITOR_PAGES=False)
    for _ in range(2):
        app.test_client().get(LESSON)
    assert app.reached_flask == 2
    # 20 KB: a test lesson page as rendered, as sent, its text and its menus take 13 KB
    small = counted(LMS_PAGE_CACHE_MB=0.02)
    cache = get_state(small).page_cache
    for page in (LESSON, "/courses/first-steps/keyboard/", "/courses/first-steps/"):
        assert small.test_client().get(page).status_code == 200
    assert 0 < cache.size <= cache.bytes_kept
    sent = [key[5] for key in cache.entries if key[0] == "sent"]
    assert sent[-1] == "/courses/first-steps/" and LESSON not in sent  # the first asked went


def test_long_headers_or_queries_are_answered_but_not_kept(counted):
    app = counted()
    crumbs = "; ".join(f"tracker{n}={'x' * 60}" for n in range(40))  # about 3 KB
    for _ in range(2):
        browser = app.test_client()
        browser.set_cookie("tracker", crumbs)
        assert "Возьмите мышь" in text_of(browser.get(LESSON))
        assert "Возьмите мышь" in text_of(app.test_client().get(f"{LESSON}?{'q=1&' * 600}"))
    assert app.reached_flask == 4
