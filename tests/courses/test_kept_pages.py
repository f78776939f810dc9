"""The page cache: a visitor's course or lesson page is rendered and compressed once and
kept; a lesson's text is rendered once for everyone; nothing personal is ever kept, and
the memory it takes is bounded."""

from __future__ import annotations

import brotli
import flask_compress.flask_compress as compression
import pytest
from helpers import csrf_from, sign_in, text_of

from lms.state import PageCache, get_state

LESSON = "/courses/first-steps/mouse/"


@pytest.fixture
def app(make_app):
    """Gramota as a host site would mount it: no visitor pages answered before Flask."""
    app = make_app(LMS_KEEP_VISITOR_PAGES=False)
    with app.app_context():
        yield app


def entries(app, kind: str) -> dict:
    return {key: value for key, value in get_state(app).page_cache.entries.items()
            if key[0] == kind}


def kept(app) -> int:
    """Whole pages kept (not the parts kept for everyone)."""
    return len(entries(app, "page"))


def test_a_lessons_text_is_rendered_once_for_every_learner(app, learner, make_user):
    readers = [learner, make_user("petrova", full_name="Анна Петрова")]
    for person in readers:
        client = app.test_client()
        sign_in(client, person)
        page = text_of(client.get(LESSON))
        assert person.full_name in page and "Возьмите мышь в правую руку." in page
    parts = entries(app, "part")
    assert [key[3:] for key in parts if key[3] == "lesson"] == [
        ("lesson", "first-steps", "mouse", "ru", "RU")]  # both read it in Russia
    # the menu of text sizes and the languages at the foot are kept too, once per address
    assert ("comfort", LESSON, "ru", "normal", "calm") in {key[3:] for key in parts}
    assert ("footer", LESSON, "ru") in {key[3:] for key in parts}
    # nothing kept for everyone carries a person's name, form token or menu: a menu may
    # one day hold something for one person only
    for person in readers:
        assert not any(person.full_name in part for part in parts.values())
    assert not any("csrf_token" in part or 'href="/me/"' in part for part in parts.values())
    assert kept(app) == 0


def test_a_visitors_lesson_is_kept_per_language_and_comfort(app, client):
    first = text_of(client.get(LESSON))
    assert kept(app) == 1
    assert text_of(client.get(LESSON)) == first and kept(app) == 1
    assert 'lang="uk"' in text_of(client.get(f"{LESSON}?lang=uk")) and kept(app) == 1
    ukrainian = text_of(client.get(LESSON))  # the language now comes from the cookie
    assert 'lang="uk"' in ukrainian and ukrainian != first and kept(app) == 2
    for made_up in range(5):  # made-up queries are answered, never kept
        assert client.get(f"{LESSON}?x={made_up}").status_code == 200
    assert kept(app) == 2
    larger = app.test_client()
    larger.set_cookie("lms_size", "largest")
    assert "size-largest" in text_of(larger.get(LESSON)) and kept(app) == 3


def test_the_catalogue_is_kept_for_visitors_and_shows_a_learner_her_own_progress(
        app, learner):
    visitor = text_of(app.test_client().get("/"))
    assert "Первые шаги" in visitor and kept(app) == 1
    me = app.test_client()
    sign_in(me, learner)
    me.post("/courses/first-steps/mouse/done", data={"csrf_token": csrf_from(
        text_of(me.get("/courses/first-steps/mouse/")))})
    mine = text_of(me.get("/"))
    assert 'id="progress-first-steps"' in mine and 'id="progress-first-steps"' not in visitor
    assert text_of(app.test_client().get("/")) == visitor and kept(app) == 1


def test_a_visitors_page_is_compressed_once_and_sent_as_compressed(app, monkeypatch):
    plain = app.test_client().get(LESSON)
    squeezed = []
    real = compression._compress_data

    def counting(app_, data, algorithm):
        squeezed.append(algorithm)
        return real(app_, data, algorithm)

    monkeypatch.setattr(compression, "_compress_data", counting)
    answers = [app.test_client().get(LESSON, headers={"Accept-Encoding": "br, gzip"})
               for _ in range(3)]
    assert squeezed == ["br"]  # the first visitor's page; the next two get the kept bytes
    for answer in answers:
        assert answer.headers["Content-Encoding"] == "br"
        assert "Accept-Encoding" in answer.headers["Vary"].split(", ")
        assert answer.headers["Content-Length"] == str(len(answer.data))
        assert brotli.decompress(answer.data) == plain.data  # the same page, byte for byte
    assert len({answer.data for answer in answers}) == 1
    assert len({answer.headers["ETag"] for answer in answers}) == 1
    assert answers[0].headers["ETag"] != plain.headers["ETag"]  # each encoding its own
    gzip = app.test_client().get(LESSON, headers={"Accept-Encoding": "gzip"})
    assert gzip.headers["Content-Encoding"] == "gzip" and squeezed == ["br", "gzip"]
    assert kept(app) == 3  # plain, br and gzip


def test_a_visitor_who_has_the_page_gets_not_modified(app):
    packed = {"Accept-Encoding": "br"}
    etag = app.test_client().get(LESSON, headers=packed).headers["ETag"]
    again = app.test_client().get(LESSON, headers={**packed, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert app.test_client().get(LESSON, headers={**packed, "If-None-Match": '"old"'}
                                 ).status_code == 200


def test_a_signed_in_learners_page_is_never_kept_nor_shown_to_others(app, learner):
    me = app.test_client()
    sign_in(me, learner)
    assert "Мария Иванова" in text_of(me.get(LESSON))
    assert kept(app) == 0
    assert "Мария Иванова" not in text_of(app.test_client().get(LESSON))


def test_a_message_waiting_for_one_visitor_is_not_kept_for_the_next(app):
    leaving = app.test_client()
    with leaving.session_transaction() as session:
        session["_flashes"] = [("info", "Вы вышли из Грамоты.")]
    assert "Вы вышли из Грамоты." in text_of(leaving.get(LESSON))
    assert kept(app) == 0
    assert "Вы вышли из Грамоты." not in text_of(app.test_client().get(LESSON))


def test_a_forwarded_prefix_sent_by_a_visitor_never_reaches_anothers_page(make_app):
    for trusted in (False, True):
        app = make_app(LMS_PROXY_HOPS=1, LMS_PROXY_PREFIX=trusted)
        forged = app.test_client().get(LESSON, headers={"X-Forwarded-Prefix": "//evil.example"})
        assert ("//evil.example" in text_of(forged)) is trusted  # trusted only if asked
        assert "evil.example" not in text_of(app.test_client().get(LESSON))


def test_the_cache_keeps_a_bounded_number_of_bytes_the_least_recently_asked_go_first():
    cache = PageCache(megabytes=0.01)  # 10 KB
    for number in range(6):
        cache.keep(("part", number), "ы" * 1000)  # about 2 KB each in memory
    assert 0 < cache.size <= cache.bytes_kept
    assert cache.get(("part", 0)) is None and cache.get(("part", 5)) is not None
    kept_keys = list(cache.entries)
    cache.get(kept_keys[0])  # asked again: it stays when the next comes in
    cache.keep(("part", 6), "ы" * 1000)
    assert kept_keys[0] in cache.entries and kept_keys[1] not in cache.entries
    assert cache.get_or_render(("part", 7), lambda: "новое") == "новое"
    assert cache.get_or_render(("part", 7), lambda: "другое") == "новое"


def test_a_quizs_first_page_is_kept_for_visitors_and_not_for_a_learner(app, learner):
    quiz = "/quizzes/first-steps/device-quiz/"
    visitor = text_of(app.test_client().get(quiz))
    assert "чтобы пройти тест и сохранить результат" in visitor
    assert kept(app) == 1 and text_of(app.test_client().get(quiz)) == visitor
    me = app.test_client()
    sign_in(me, learner)
    mine = text_of(me.get(quiz))
    assert "Начать тест" in mine and "Начать тест" not in visitor and kept(app) == 1
