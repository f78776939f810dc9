"""Fixtures: an app per test on SQLite (and on PostgreSQL when asked), clients, people."""

from __future__ import annotations

import contextvars
import os
import uuid

import psycopg
import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from helpers import TEST_CONFIG, build_app
from sqlalchemy import text

from lms.db import VERSION_TABLE, db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.services import create_user

# Which databases the suite runs against: "sqlite", or "sqlite,postgresql" (make test).
BACKENDS = os.environ.get("GRAMOTA_TEST_DATABASES", "sqlite").split(",")
POSTGRES_SERVER = os.environ.get("GRAMOTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


class IsolatedClient(FlaskClient):
    """Runs every request in its own app context, as in production.

    Tests keep an app context open to query the database; without this, requests would
    share it, and with it ``g`` (the signed-in user, the chosen language) and the
    database session, hiding bugs that only show across requests.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # let the test see what the request committed
        return response


@pytest.fixture(scope="session")
def postgres_url():
    """Create a throwaway PostgreSQL database for this run and drop it afterwards."""
    name = f"gramota_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://{POSTGRES_SERVER.split('://', 1)[1]}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(scope="session")
def signing_keys(tmp_path_factory):
    """One self-signed key for the whole run (making keys is slow)."""
    from lms.certificates.signing import DEFAULT_KEY, create_self_signed

    root = tmp_path_factory.mktemp("signing")
    create_self_signed(root / DEFAULT_KEY, "Тестовая ЦБС")
    return root


@pytest.fixture(scope="session", autouse=True)
def kept_content(tmp_path_factory):
    """The test apps share one folder of rendered content, as a site's workers do: the
    test courses are rendered once for the whole run (lms/content/cache.py)."""
    TEST_CONFIG["LMS_CONTENT_CACHE_DIR"] = str(tmp_path_factory.mktemp("content-cache"))


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def make_app(database_url, tmp_path, signing_keys):
    """Return a function building an app with extra settings; tables are created."""
    apps = []

    def make(**overrides):
        instance = tmp_path / "instance"
        instance.mkdir(exist_ok=True)
        config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url,
                  "LMS_SIGNING_KEYS_DIR": str(signing_keys), **overrides}
        app = build_app(config, instance)
        app.test_client_class = IsolatedClient
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            if db.engine.dialect.name == "postgresql":
                tables = ", ".join(t.name for t in db.metadata.sorted_tables)
                with db.engine.begin() as connection:
                    connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
                    # the next test starts, like this one, with no migration recorded
                    connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def library(app):
    network = get_or_create_network("test", "Тестовая сеть")
    library = get_or_create_library(network, "central", "Центральная библиотека")
    db.session.commit()
    return library


@pytest.fixture
def make_user(app, library):
    """Return a function creating a person: make_user("ivanova", role=Role.LEARNER)."""

    def make(username="ivanova", *, role=Role.LEARNER, password=None, at=None, **details):
        password = password or ("246810" if role is Role.LEARNER else "Long-password-1")
        user = create_user(username, details.pop("full_name", username.title()), role, password,
                           library=at or library, **details)
        db.session.commit()
        user.plain_password = password
        return user

    return make


@pytest.fixture
def learner(make_user):
    return make_user("ivanova", full_name="Мария Иванова")
