"""A stranger who types a learner's username cannot keep her out of her library PC."""

from __future__ import annotations

from urllib.parse import unquote

from helpers import csrf_from, text_of

from lms.db import db
from lms.people.models import User
from lms.people.services import reset_pin


def attempt(client, pin, username="ivanova", address="10.0.0.7"):
    page = text_of(client.get("/login"))
    return client.post("/login", data={"csrf_token": csrf_from(page), "username": username,
                                       "password": pin}, environ_base={"REMOTE_ADDR": address})


def sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/")))})


def test_a_strangers_wrong_pins_pause_other_computers_not_hers(app, learner):
    app.config["LMS_LOGIN_USERNAME_LIMIT"] = "5 per 10 minutes"
    library_pc, stranger = app.test_client(), app.test_client()
    assert attempt(library_pc, "246810").status_code == 302  # she signed in here before
    sign_out(library_pc)
    assert [attempt(stranger, "000000", address="203.0.113.9").status_code
            for _ in range(6)] == [422] * 5 + [429]
    paused = attempt(stranger, "246810", address="203.0.113.9")
    assert paused.status_code == 429 and "Слишком много" in text_of(paused)
    assert attempt(library_pc, "246810").status_code == 302  # her PC still lets her in
    assert "Мария Иванова" in text_of(library_pc.get("/"))


def test_wrong_pins_on_her_own_computer_are_limited_too(app, learner):
    """A stolen mark is no way round the limit: tries with it have a count of their own."""
    app.config["LMS_LOGIN_USERNAME_LIMIT"] = "3 per 10 minutes"
    library_pc = app.test_client()
    attempt(library_pc, "246810")
    sign_out(library_pc)
    assert [attempt(library_pc, "000000").status_code for _ in range(4)] == [422] * 3 + [429]
    db.session.expire_all()
    person = db.session.get(User, learner.id)
    assert (person.known_device_failures, person.sign_in_failures) == (3, 0)


def test_a_new_pin_retires_the_mark_and_lifts_the_pause(app, learner, make_user):
    from lms.people.models import Role

    app.config["LMS_LOGIN_USERNAME_LIMIT"] = "2 per 10 minutes"
    library_pc = app.test_client()
    attempt(library_pc, "246810")
    sign_out(library_pc)
    for _ in range(3):
        attempt(app.test_client(), "000000")
    person = db.session.get(User, learner.id)
    new_pin = reset_pin(make_user("petrova", role=Role.TRAINER), person)
    db.session.commit()
    assert person.sign_in_failures == 0
    stranger = app.test_client()
    assert attempt(stranger, new_pin).status_code == 302  # the librarian lets her in at once
    for _ in range(3):
        attempt(app.test_client(), "000000")
    # The PIN changed since the library PC kept its mark: it is a stranger now.
    assert attempt(library_pc, new_pin).status_code == 429


def test_the_mark_says_nothing_about_who_signed_in(app, learner, make_user):
    make_user("smirnova", full_name="Анна Смирнова")
    shared_pc = app.test_client()
    for username in ("ivanova", "smirnova"):
        assert attempt(shared_pc, "246810", username=username).status_code == 302
        sign_out(shared_pc)
    cookie = shared_pc.get_cookie("lms_device", path="/login")
    marks = cookie.value.split(".")
    assert len(marks) == 2 and all(len(mark) == 22 for mark in marks)
    for readable in ("ivanova", "smirnova", "Иванова", "246810"):
        assert readable not in unquote(cookie.value)
    assert shared_pc.get_cookie("lms_device") is None  # sent to the sign-in page only


def test_a_class_behind_one_address_is_not_stopped_by_one_broken_pc(app, learner):
    """Tries from browsers that know the person do not count against the shared address."""
    app.config["LMS_LOGIN_RATE_LIMIT"] = "3 per minute"
    library_pc = app.test_client()
    assert attempt(library_pc, "246810").status_code == 302
    sign_out(library_pc)
    broken = app.test_client()
    assert [attempt(broken, "000000", username="nobody").status_code
            for _ in range(3)] == [422, 422, 429]
    assert attempt(library_pc, "246810").status_code == 302
    garbage = app.test_client()
    garbage.set_cookie("lms_device", "A" * 22, path="/login")
    assert attempt(garbage, "246810").status_code == 429  # a made-up mark counts for nothing
