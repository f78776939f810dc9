"""A live Gramota server on 127.0.0.1 and a real headless Chromium to drive it."""

from __future__ import annotations

import threading

import pytest
from helpers import TEST_CONFIG
from werkzeug.serving import make_server

from lms import create_app
from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.services import create_user

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU"}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app with a file database (shared between the server's threads)."""
    path = tmp_path_factory.mktemp("live") / "live.sqlite3"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        network = get_or_create_network("test", "Тестовая сеть")
        library = get_or_create_library(network, "central", "Центральная библиотека")
        create_user("ivanova", "Мария Иванова", Role.LEARNER, "246810", library=library)
        create_user("smirnov", "Смирнов Иван", Role.LEARNER, "246810", library=library)
        create_user("petrova", "Петрова Ольга", Role.TRAINER, "Long-password-1", library=library)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()
