"""Course and lesson pages are rendered once for visitors and kept; never for a signed-in
person, never with someone's message in them."""

from __future__ import annotations

from helpers import sign_in, text_of

from lms.state import get_state

LESSON = "/courses/first-steps/mouse/"


def kept(app) -> int:
    """Whole pages kept (not the parts kept for everyone)."""
    return sum(1 for key in get_state(app).kept_pages.pages if key[0] != "part")


def test_a_lessons_text_is_rendered_once_for_every_learner(app, learner, make_user):
    readers = [learner, make_user("petrova", full_name="Анна Петрова")]
    for person in readers:
        client = app.test_client()
        sign_in(client, person)
        page = text_of(client.get(LESSON))
        assert person.full_name in page and "Возьмите мышь в правую руку." in page
    pages = get_state(app).kept_pages.pages
    texts = [key for key in pages if key[0] == "part" and key[3] != "fragment"]
    assert len(texts) == 1 and texts[0][3:] == ("first-steps", "mouse", "ru")
    # the menu of text sizes and the languages at the foot are kept too, once per address
    fragments = {key[4:6] for key in pages if key[0] == "part" and key[3] == "fragment"}
    assert ("comfort", "/courses/first-steps/mouse/?") in fragments
    assert ("footer", "/courses/first-steps/mouse/?") in fragments
    # and nothing kept for everyone carries a person's name or form token
    for person in readers:
        assert not any(person.full_name in part for part in pages.values())
    assert not any("csrf_token" in part for part in pages.values())


def test_a_visitors_lesson_is_rendered_once_per_language_and_comfort(app, client):
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
