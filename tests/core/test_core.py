"""Health check and error pages."""

from __future__ import annotations

import pytest
from helpers import clean_environment, text_of
from sqlalchemy.exc import OperationalError

from lms.db import db


def test_healthz_reports_database_and_content(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "courses": 2,
                              "content_errors": 0}


def test_healthz_says_503_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"
    assert "refused" not in response.get_data(as_text=True)


def test_an_unexpected_error_shows_a_kind_page_without_details(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "У нас что-то сломалось" in page
    assert "secret detail" not in page and "Traceback" not in page


@pytest.mark.parametrize("lang, title", [("ru", "Страница не найдена"),
                                         ("uk", "Сторінку не знайдено"),
                                         ("en", "Page not found")])
def test_not_found_page_speaks_the_visitors_language(client, lang, title):
    response = client.get(f"/nothing?lang={lang}")
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.get_data(as_text=True)


def test_security_headers_and_secure_cookie_over_https(client, learner):
    from helpers import csrf_from, text_of

    response = client.get("/login", base_url="https://gramota.example")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    token = csrf_from(text_of(response))
    signed_in = client.post("/login", base_url="https://gramota.example", data={
        "csrf_token": token, "username": "ivanova", "password": "246810"})
    cookie = signed_in.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = client.get("/login")
    assert "Strict-Transport-Security" not in plain.headers


def test_readiness_needs_the_schema_the_code_expects(app, client):
    from flask_migrate import downgrade, upgrade

    from lms.db import MIGRATIONS_DIR
    from lms.site.schema import expected_revision

    behind = client.get("/readyz")  # tables made by the tests, no migration recorded
    assert behind.status_code == 503
    assert behind.json == {"status": "not ready", "database": "ok", "schema": "behind",
                           "content": "ok", "schema_revision": None}
    db.drop_all()
    upgrade(directory=str(MIGRATIONS_DIR))
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["status"] == "ready" and ready.json["schema_revision"] == expected_revision()
    downgrade(directory=str(MIGRATIONS_DIR), revision="0007")
    assert client.get("/readyz").json["schema"] == "behind"
    db.session.remove()
    downgrade(directory=str(MIGRATIONS_DIR), revision="base")
    db.create_all()  # as the other tests expect to find it


def test_readiness_says_503_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "connection", broken)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["database"] == "unavailable"


def test_a_server_will_not_start_on_a_database_that_needs_upgrading(tmp_path):
    """`gunicorn wsgi:app` on an old database stops with a clear message; `flask lms init`
    (a flask command) still runs, brings the database up to date, and then it starts."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = clean_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'old.sqlite3'}",
                            FLASK_SECRET_KEY="test", LMS_LOG_FORMAT="",
                            GRAMOTA_INSTANCE_PATH=str(tmp_path / "instance"))
    server = [sys.executable, "-c", "import wsgi"]
    refused = subprocess.run(server, cwd=root, env=env, capture_output=True, text=True,
                             timeout=120)
    assert refused.returncode == 3
    assert "will not start" in refused.stderr and "lms init" in refused.stderr
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "lms", "init"]
    init = subprocess.run(flask, cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)
    assert init.returncode == 0, init.stderr
    started = subprocess.run(server, cwd=root, env=env, capture_output=True, text=True,
                             timeout=120)
    assert started.returncode == 0, started.stderr


def test_a_server_starts_while_the_database_is_down_and_says_back_soon(tmp_path, capsys):
    from helpers import TEST_CONFIG, build_app

    from lms.site.schema import refuse_to_start_when_behind

    app = build_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI":
                     "postgresql+psycopg://postgres@127.0.0.1:1/gramota"}, tmp_path)  # nobody
    refuse_to_start_when_behind(app)  # no SystemExit: the site starts
    assert "does not answer" in capsys.readouterr().err
    page = app.test_client().get("/login")
    assert page.status_code == 503 and "Retry-After" in page.headers
    assert "Сайт сейчас не может ответить" in text_of(page)
    assert app.test_client().get("/readyz").status_code == 503
