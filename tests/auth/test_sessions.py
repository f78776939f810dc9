"""Sessions end when they should: sign-out, a new PIN, idle time; sign-in throttling."""

from __future__ import annotations

import time
from datetime import timedelta

from helpers import csrf_from, sign_in, text_of

from lms.audit.models import AuditEvent
from lms.db import db
from lms.people.models import Role, User


def signed_in(client) -> bool:
    return "Выйти" in text_of(client.get("/"))


def test_a_copied_cookie_stops_working_after_sign_out(app, client, learner):
    sign_in(client, learner)
    cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert signed_in(thief)
    client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/")))})
    assert not signed_in(thief)  # the old cookie is replayed, and refused


def test_changing_the_pin_ends_other_sessions_but_keeps_this_one(app, client, learner):
    other = app.test_client()
    sign_in(other, learner)
    sign_in(client, learner)
    page = text_of(client.get("/me/password"))
    response = client.post("/me/password", data={
        "csrf_token": csrf_from(page), "current": "246810", "new": "975310",
        "repeat": "975310"}, follow_redirects=True)
    assert "PIN-код или пароль изменён" in text_of(response)
    assert signed_in(client)
    assert not signed_in(other)
    learner.plain_password = "975310"
    other2 = app.test_client()
    assert "Здравствуйте" in text_of(sign_in(other2, learner))


def test_new_pin_must_be_six_digits_and_not_easy(client, learner):
    sign_in(client, learner)
    for new, message in (("12345", "ровно из 6 цифр"), ("111111", "слишком простой"),
                         ("123456", "слишком простой"), ("short", "не короче 8")):
        page = text_of(client.get("/me/password"))
        response = client.post("/me/password", data={
            "csrf_token": csrf_from(page), "current": "246810", "new": new, "repeat": new})
        assert response.status_code == 422
        assert message in text_of(response), new
    wrong = client.post("/me/password", data={
        "csrf_token": csrf_from(text_of(client.get("/me/password"))), "current": "000000",
        "new": "975310", "repeat": "975310"})
    assert "Текущий PIN-код или пароль неверен" in text_of(wrong)


def test_a_learner_is_not_signed_out_by_a_timer(client, learner, monkeypatch):
    sign_in(client, learner)
    later = time.time() + 8 * 3600  # a long pause in the middle of a lesson
    monkeypatch.setattr(time, "time", lambda: later)
    assert signed_in(client)


def test_without_a_timer_the_session_cookie_is_not_sent_again(client, learner,
                                                              monkeypatch):
    sign_in(client, learner)
    client.get("/")  # forgets the time of signing in: one new cookie
    for minutes in (2, 5, 30):
        later = time.time() + minutes * 60
        monkeypatch.setattr(time, "time", lambda later=later: later)
        page = client.get("/courses/first-steps/mouse/")
        assert "Мария Иванова" in text_of(page) and "Set-Cookie" not in page.headers


def test_staff_activity_is_kept_up_to_date_once_a_minute(client, make_user, monkeypatch):
    sign_in(client, make_user("petrova", role=Role.TRAINER))
    later = time.time() + 2 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert "session=" in client.get("/").headers.get("Set-Cookie", "")
    assert "Set-Cookie" not in client.get("/").headers  # the same minute: not again


def test_a_network_may_ask_for_an_idle_limit_for_learners(app, client, learner,
                                                          monkeypatch):
    app.config["LMS_LEARNER_IDLE_MINUTES"] = 30
    sign_in(client, learner)
    assert signed_in(client)
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    page = text_of(client.get("/"))
    assert "Вы вышли автоматически" in page and "Выйти" not in page


def test_staff_have_a_longer_idle_limit(client, make_user, monkeypatch):
    trainer = make_user("petrova", role=Role.TRAINER)
    sign_in(client, trainer)
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert signed_in(client)


def test_guessing_one_username_is_stopped_from_any_address(app, client, learner):
    app.config["LMS_LOGIN_USERNAME_LIMIT"] = "3 per 10 minutes"
    statuses = []
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"):
        page = text_of(client.get("/login"))
        response = client.post("/login", data={"csrf_token": csrf_from(page),
                                               "username": "ivanova", "password": "000000"},
                               environ_base={"REMOTE_ADDR": address})
        statuses.append(response.status_code)
    assert statuses == [422, 422, 422, 429]
    failed = db.session.scalars(db.select(AuditEvent).filter_by(action="sign_in_failed"))
    assert [e.details["username"] for e in failed] == ["ivanova"] * 3


def test_the_pause_ends_with_its_window_and_a_right_pin_clears_the_count(
        app, client, learner, monkeypatch):
    from lms.auth import services

    app.config["LMS_LOGIN_USERNAME_LIMIT"] = "2 per 10 minutes"

    def attempt(pin):
        page = text_of(client.get("/login"))
        return client.post("/login", data={"csrf_token": csrf_from(page),
                                           "username": "ivanova", "password": pin})

    assert [attempt("000000").status_code for _ in range(3)] == [422, 422, 429]
    later = services.utcnow() + timedelta(minutes=11)
    monkeypatch.setattr(services, "utcnow", lambda: later)
    assert attempt("246810").status_code == 302  # the window has passed
    db.session.expire_all()
    assert db.session.get(User, learner.id).sign_in_failures == 0


def test_a_class_of_thirty_signs_in_from_one_library_address(app, make_user):
    learners = [make_user(f"learner{i}", full_name=f"Слушатель {i}") for i in range(30)]
    for person in learners:
        client = app.test_client()
        page = text_of(client.get("/login"))
        # One typo each, then the right PIN: 60 attempts from one address in a minute.
        client.post("/login", data={"csrf_token": csrf_from(page), "username": person.username,
                                    "password": "000000"})
        response = client.post("/login", data={"csrf_token": csrf_from(page),
                                               "username": person.username,
                                               "password": "246810"})
        assert response.status_code == 302, person.username
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="sign_in")) == 30


def test_a_form_sent_after_being_signed_out_comes_back_to_its_page(client, learner):
    sign_in(client, learner)
    page = "/quizzes/first-steps/device-quiz/"
    token = csrf_from(text_of(client.get(page)))
    client.post("/logout", data={"csrf_token": token})
    response = client.post(f"{page}start", data={"csrf_token": token},
                           headers={"Referer": f"http://localhost{page}"})
    assert response.headers["Location"] == f"/login?next={page}"
    response = client.post(f"{page}start", data={"csrf_token": token},
                           headers={"Referer": "https://evil.example/phish"})
    assert response.headers["Location"] == "/login"


def test_over_https_at_the_root_the_session_cookie_is_a_host_cookie(client, learner):
    page = text_of(client.get("/login", base_url="https://localhost"))
    signed_in_page = client.post(  # over https a form comes with its page as the referrer
        "/login", base_url="https://localhost", headers={"Referer": "https://localhost/login"},
        data={"csrf_token": csrf_from(page), "username": "ivanova", "password": "246810"})
    assert signed_in_page.status_code == 302
    cookie, = (cookie for cookie in signed_in_page.headers.getlist("Set-Cookie")
               if "session=" in cookie)
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    assert "Мария Иванова" in text_of(client.get("/", base_url="https://localhost"))
    plain = client.get("/login")  # over http: the usual name (a __Host- cookie needs https)
    assert "__Host-" not in plain.headers.get("Set-Cookie", "")


def test_the_pause_doubles_for_a_guesser_who_keeps_on_and_a_quiet_day_forgets(
        app, client, learner, monkeypatch):
    from lms.auth import services

    app.config["LMS_LOGIN_USERNAME_LIMIT"] = "2 per 10 minutes"
    start = services.utcnow()

    def attempt_at(minutes, pin="000000"):
        monkeypatch.setattr(services, "utcnow", lambda: start + timedelta(minutes=minutes))
        page = text_of(client.get("/login"))
        return client.post("/login", data={"csrf_token": csrf_from(page),
                                           "username": "ivanova", "password": pin})

    assert [attempt_at(0).status_code, attempt_at(0).status_code] == [422, 422]
    assert attempt_at(9).status_code == 429  # 2 wrong: 10 minutes
    assert attempt_at(11).status_code == 422  # then one try a pause: 3 wrong, 10 minutes
    assert attempt_at(12).status_code == 429
    assert attempt_at(22).status_code == 422  # 4 wrong: 20 minutes
    paused = attempt_at(41)
    # a minute; Flask-Limiter restates Retry-After counting from its own clock
    assert paused.status_code == 429 and int(paused.headers["Retry-After"]) in (59, 60)
    assert attempt_at(43).status_code == 422  # 5 wrong: 20 minutes
    assert attempt_at(64).status_code == 422  # 6 wrong: 40 minutes
    assert attempt_at(103).status_code == 429
    for n in range(10):  # a guesser who keeps on, about once a day: 16 wrong, 1280 minutes
        assert attempt_at(105 + 1400 * n).status_code == 422
    long_pause = attempt_at(105 + 1400 * 9 + 60)
    assert long_pause.status_code == 429 and "через 21 час или" in text_of(long_pause)
    db.session.expire_all()
    assert db.session.get(User, learner.id).sign_in_failures == 16
    assert attempt_at(105 + 1400 * 9 + 1441, pin="246810").status_code == 302  # a day later
