"""A live Gramota server on 127.0.0.1 and a real headless Chromium to drive it."""

from __future__ import annotations

import threading

import pytest
from helpers import TEST_CONFIG, build_app
from werkzeug.serving import make_server

from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Library, Role
from lms.people.services import create_user

CHROMIUM = "/usr/bin/chromium"
LIVE_APPS = {}  # the app behind live_server, for fixtures that prepare data in it
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
def live_server(tmp_path_factory, signing_keys):
    """Serve the app with a file database (shared between the server's threads)."""
    path = tmp_path_factory.mktemp("live") / "live.sqlite3"
    app = build_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                     "LMS_SIGNING_KEYS_DIR": str(signing_keys)}, path.parent / "instance")
    with app.app_context():
        db.create_all()
        network = get_or_create_network("test", "Тестовая сеть")
        library = get_or_create_library(network, "central", "Центральная библиотека")
        create_user("ivanova", "Мария Иванова", Role.LEARNER, "246810", library=library)
        create_user("smirnov", "Смирнов Иван", Role.LEARNER, "246810", library=library)
        create_user("petrova", "Петрова Ольга", Role.TRAINER, "Long-password-1", library=library)
        create_user("metodist", "Соколова Елена", Role.COORDINATOR, "Long-password-1",
                    library=library, network=network)
        db.session.commit()
    LIVE_APPS["live"] = app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_app(live_server):
    """The app behind live_server, to prepare data in it."""
    return LIVE_APPS["live"]


@pytest.fixture(scope="session")
def completed_learner(live_server):
    """A learner who has done every lesson of the fixture course and passed its quizzes."""
    from lms.db import utcnow
    from lms.progress import services
    from lms.quizzes.models import QuizAttempt
    from lms.state import catalogue

    app = LIVE_APPS["live"]
    with app.app_context():
        library = db.session.scalar(db.select(Library))
        learner = create_user("orlova", "Орлова Нина Петровна", Role.LEARNER, "246810",
                              library=library)
        db.session.commit()
        course = catalogue().get("first-steps")
        for quiz in course.quizzes.values():
            db.session.add(QuizAttempt(user_id=learner.id, course_slug=course.slug,
                                       quiz_slug=quiz.slug, lang="ru", seed=1,
                                       finished_at=utcnow(), score=100, passed=True))
        db.session.commit()
        for lesson in course.lessons:
            services.complete_lesson(learner, course, lesson)
        db.session.commit()  # as the request that finishes the course would
        db.session.remove()
    return "orlova"
