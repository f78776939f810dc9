"""Sign-in attempts counted in Redis, shared by every worker; and still counted, in
memory, when Redis stops answering."""

from __future__ import annotations

import secrets
import sys
from importlib.util import find_spec

import pytest
import redis
from helpers import csrf_from, sign_in, text_of

REDIS = "redis://127.0.0.1:6379/15"


def guess(app, username: str, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        client = app.test_client()
        page = text_of(client.get("/login"))
        statuses.append(client.post("/login", data={
            "csrf_token": csrf_from(page), "username": username, "password": "000000"},
        ).status_code)
    return statuses


@pytest.fixture
def redis_db():
    connection = redis.Redis.from_url(REDIS)
    connection.ping()
    yield connection
    connection.flushdb()


def test_attempts_are_counted_in_redis_across_app_servers(make_app, learner, redis_db):
    settings = {"LMS_RATELIMIT_STORAGE_URI": REDIS,
                "LMS_LOGIN_USERNAME_LIMIT": "3 per 10 minutes",
                "RATELIMIT_KEY_PREFIX": secrets.token_hex(4)}
    first, second = make_app(**settings), make_app(**settings)
    assert guess(first, "ivanova", 2) == [422, 422]
    assert guess(second, "ivanova", 2) == [422, 429]  # the other server knew of the two
    assert redis_db.keys("*")


def test_when_redis_is_gone_signing_in_goes_on_and_is_still_limited(make_app, learner):
    app = make_app(LMS_RATELIMIT_STORAGE_URI="redis://127.0.0.1:6390/0",  # nobody there
                   LMS_LOGIN_USERNAME_LIMIT="3 per 10 minutes")
    assert guess(app, "ivanova", 4) == [422, 422, 422, 429]


def test_flask_limiters_own_key_with_redis_gone_still_signs_in(make_app, learner):
    # RATELIMIT_STORAGE_URI, as an instance/config.py copied from an older example has it
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6390/0",  # nobody there
                   LMS_LOGIN_USERNAME_LIMIT="3 per 10 minutes")
    assert "Мария Иванова" in text_of(sign_in(app.test_client(), learner))
    assert guess(app, "ivanova", 4) == [422, 422, 422, 429]


def test_redis_named_but_not_installed_stops_the_start_with_what_to_do(make_app, monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)
    monkeypatch.setattr("importlib.util.find_spec",
                        lambda name, *a: None if name == "redis" else find_spec(name, *a))
    with pytest.raises(RuntimeError, match=r"pip install 'gramota\[redis\]'"):
        make_app(LMS_RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")


def test_wrong_pins_are_counted_in_the_database_across_app_servers(make_app, learner):
    # no Redis: each server counts addresses in its own memory, but a person's wrong PINs
    # are counted in the database they share (as two gunicorn workers share it)
    first, second = make_app(), make_app()
    assert guess(first, "ivanova", 3) == [422, 422, 422]
    assert guess(second, "ivanova", 3) == [422, 422, 429]  # 5 in all, then the pause
    client = second.test_client()
    page = text_of(client.get("/login"))
    paused = client.post("/login", data={"csrf_token": csrf_from(page), "username": "ivanova",
                                         "password": "246810"})  # the right PIN, not checked
    assert paused.status_code == 429 and 0 < int(paused.headers["Retry-After"]) <= 600
    assert "Слишком много неверных PIN-кодов для этого имени" in text_of(paused)
