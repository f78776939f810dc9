"""Signing in with a username and PIN, safely, in the learner's language."""

from __future__ import annotations

from helpers import csrf_from, sign_in, text_of

from lms.db import db
from lms.people.models import User


def test_login_page_is_labelled_and_explains_the_card(client):
    page = text_of(client.get("/login"))
    assert '<label class="field-label" for="username">Имя пользователя</label>' in page
    assert '<label class="field-label" for="password">PIN-код или пароль</label>' in page
    assert 'aria-describedby="username-hint"' in page
    assert "напечатаны на вашей карточке" in page
    assert 'autocomplete="current-password"' in page


def test_learner_signs_in_with_pin_and_sees_their_name(client, learner):
    page = text_of(sign_in(client, learner))
    assert "Здравствуйте, Мария Иванова!" in page
    assert "Мария Иванова</li>" in page
    assert db.session.get(User, learner.id).last_login_at is not None


def test_username_is_accepted_in_capitals_and_with_spaces(client, learner):
    token = csrf_from(text_of(client.get("/login")))
    response = client.post("/login", data={"username": "  IVANOVA ", "password": "246810",
                                           "csrf_token": token}, follow_redirects=True)
    assert "Здравствуйте, Мария Иванова!" in text_of(response)


def test_wrong_pin_is_explained_and_tied_to_the_field(client, learner):
    response = sign_in(client, learner, password="000000")
    page = text_of(response)
    assert response.status_code == 422
    assert "Имя пользователя или PIN-код неверны" in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="password-error"' in page
    assert "Выйти" not in page


def test_unknown_user_gets_the_same_message(client):
    token = csrf_from(text_of(client.get("/login")))
    page = text_of(client.post("/login", data={"username": "nobody", "password": "246810",
                                               "csrf_token": token}))
    assert "Имя пользователя или PIN-код неверны" in page


def test_switched_off_account_cannot_sign_in(client, learner):
    learner.is_active = False
    db.session.commit()
    assert "Имя пользователя или PIN-код неверны" in text_of(sign_in(client, learner))


def test_empty_form_names_each_missing_field(client):
    token = csrf_from(text_of(client.get("/login")))
    page = text_of(client.post("/login", data={"csrf_token": token}))
    assert "Введите имя пользователя." in page
    assert "Введите PIN-код или пароль." in page


def test_login_without_csrf_token_is_refused_politely(client, learner):
    response = client.post("/login", data={"username": "ivanova", "password": "246810"})
    assert response.status_code == 400
    assert "<h1>Страница устарела</h1>" in text_of(response)
    assert "Мария Иванова</li>" not in text_of(client.get("/"))


def test_next_page_is_followed_only_within_the_site(client, learner):
    for target, expected in (("/courses/first-steps/", "/courses/first-steps/"),
                             ("https://evil.example/", "/"), ("//evil.example/", "/")):
        token = csrf_from(text_of(client.get("/login")))
        response = client.post(f"/login?next={target}", data={
            "username": "ivanova", "password": "246810", "csrf_token": token})
        assert response.headers["Location"] == expected
        client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/")))})


def test_logout_needs_the_form_not_a_link(client, learner):
    sign_in(client, learner)
    response = client.post("/logout")
    assert response.status_code == 400
    assert "Мария Иванова</li>" in text_of(client.get("/"))
    assert "Выйти из Грамоты?" in text_of(client.get("/logout"))  # a question, no more
    token = csrf_from(text_of(client.get("/")))
    page = text_of(client.post("/logout", data={"csrf_token": token}, follow_redirects=True))
    assert "Вы вышли. До новой встречи!" in page
    assert "Мария Иванова</li>" not in page


def test_sign_in_attempts_are_limited(app, client, learner):
    app.config["LMS_LOGIN_RATE_LIMIT"] = "3 per minute"
    statuses = []
    for _ in range(4):
        token = csrf_from(text_of(client.get("/login")))
        response = client.post("/login", data={"username": "ivanova", "password": "999999",
                                               "csrf_token": token})
        statuses.append(response.status_code)
    assert statuses == [422, 422, 422, 429]
    assert "Слишком много попыток" in text_of(response)
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_the_form_secret_is_new_after_signing_in(client, learner):
    before = csrf_from(text_of(client.get("/login")))
    client.post("/login", data={"username": "ivanova", "password": learner.plain_password,
                                "csrf_token": before})
    token = csrf_from(text_of(client.get("/")))
    stale = client.post("/logout", data={"csrf_token": before})  # a token from before
    assert stale.status_code == 400 and "Мария Иванова" in text_of(client.get("/"))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_the_headers_sign_out_asks_first(client, learner):
    sign_in(client, learner)
    header = text_of(client.get("/me/"))
    asked = client.post("/logout", data={"csrf_token": csrf_from(header), "ask": "1"},
                        headers={"Referer": "http://localhost/me/"})
    assert asked.status_code == 200 and "Выйти из Грамоты?" in text_of(asked)
    assert 'href="/me/">Нет, вернуться' in text_of(asked)  # back where she was
    assert "Мария Иванова</li>" in text_of(client.get("/"))  # still signed in
    done = client.post("/logout", data={"csrf_token": csrf_from(text_of(asked))},
                       follow_redirects=True)
    assert "Вы вышли. До новой встречи!" in text_of(done)
    assert client.get("/logout").headers["Location"] == "/"  # nothing to ask any more


def test_a_username_typed_with_the_russian_layout_on_still_signs_in(client, make_user):
    make_user("smirnova.ap9", full_name="Смирнова Антонина Павловна")
    for typed in ("ЫЬШКТЩМФюФЗ9", "ыьшктщмфюфз9 ", "іьшктщмфюфз9"):  # Caps Lock, Ukrainian і
        page = text_of(client.get("/login"))
        response = client.post("/login", data={"csrf_token": csrf_from(page),
                                               "username": typed, "password": "246810"})
        assert response.status_code == 302, typed
        assert "Смирнова Антонина Павловна" in text_of(client.get("/"))
        client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/")))})
    page = text_of(client.get("/login"))
    wrong = client.post("/login", data={"csrf_token": csrf_from(page),
                                        "username": "ыьшктщмфюфз9", "password": "000000"})
    assert wrong.status_code == 422
    assert db.session.scalar(db.select(User.known_device_failures).filter_by(
        username="smirnova.ap9")) == 1  # the same person's count (on her own PC)


def test_she_is_greeted_by_her_name_and_patronymic(client, make_user):
    make_user("smirnova.ap", full_name="Смирнова Антонина Павловна")
    page = text_of(client.get("/login"))
    client.post("/login", data={"csrf_token": csrf_from(page), "username": "smirnova.ap",
                                "password": "246810"})
    assert "Здравствуйте, Антонина Павловна!" in text_of(client.get("/"))
