"""When the database cannot answer, learners get a calm 503 page in their language saying
whether their work was saved, nothing is half-written, and the site comes back by itself.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time

import psycopg
import pytest
from helpers import csrf_from, sign_in, text_of

from lms.db import db
from lms.people.models import Role
from lms.people.services import create_user
from lms.progress.models import LessonProgress

LESSON = "/courses/first-steps/mouse/"


def sqlite_path(app) -> str:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        pytest.skip("a SQLite file's own faults")
    return url.removeprefix("sqlite:///")


def signed_in_learner(app, language="ru"):
    with app.app_context():
        from lms.people.branches import get_or_create_library, get_or_create_network

        library = get_or_create_library(get_or_create_network("n", "Сеть"), "c", "Центральная")
        learner = create_user("lidia", "Лидия Петровна", Role.LEARNER, "246810",
                              library=library, language=language)
        db.session.commit()
        learner.plain_password = "246810"
        client = app.test_client()
        sign_in(client, learner)
    return client


def press_lesson_done(client):
    token = csrf_from(text_of(client.get(LESSON)))
    return client.post(f"{LESSON}done", data={"csrf_token": token},
                       headers={"Referer": f"http://localhost{LESSON}"})


def lessons_done(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(LessonProgress.id)))


def test_a_lock_held_past_the_timeout_loses_only_the_last_step_and_passes(make_app):
    app = make_app(LMS_SQLITE_BUSY_TIMEOUT_MS=200)
    path = sqlite_path(app)
    client = signed_in_learner(app, language="uk")
    token = csrf_from(text_of(client.get(LESSON)))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a long write elsewhere holds the lock
    try:
        response = client.post(f"{LESSON}done", data={"csrf_token": token},
                               headers={"Referer": f"http://localhost{LESSON}"})
        page = text_of(response)
        assert response.status_code == 503 and response.headers["Retry-After"] == "30"
        assert "Ваш останній крок не збережено" in page  # the learner's own language
        assert f'href="{LESSON}"' in page  # "try again" leads back to the lesson
        assert "Traceback" not in page and "sqlite" not in page.lower()
        assert client.get(LESSON).status_code == 200  # reading goes on meanwhile (WAL)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert lessons_done(app) == 0
    assert press_lesson_done(client).status_code == 302  # the lock is gone: saved
    assert lessons_done(app) == 1


def test_a_form_sent_takes_the_write_lock_first_and_a_page_does_not(make_app):
    app = make_app()
    sqlite_path(app)
    client = signed_in_learner(app)
    begun = []
    with app.app_context():
        db.event.listen(db.engine, "before_cursor_execute",
                        lambda _c, _cur, sql, *_a: begun.append(sql) if "BEGIN" in sql else None)
    client.get(LESSON)
    assert begun == []
    press_lesson_done(client)
    assert begun and set(begun) == {"BEGIN IMMEDIATE"}  # and the page before it: none


def test_a_read_only_database_file_keeps_the_lessons_open_and_says_nothing_was_saved(
        make_app):
    writable = make_app()
    path = sqlite_path(writable)
    client = signed_in_learner(writable)
    read_only = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///file:{path}?mode=ro&uri=true")
    visitor = read_only.test_client()
    visitor.set_cookie("session", client.get_cookie("session").value)
    lesson = visitor.get(LESSON)
    assert lesson.status_code == 200 and "Лидия Петровна" in text_of(lesson)
    response = visitor.post(f"{LESSON}done", data={"csrf_token": csrf_from(text_of(lesson))})
    page = text_of(response)
    assert response.status_code == 503
    assert "Ваш последний шаг не сохранён" in page and "Номер случая" in page
    assert "Открыть страницу ещё раз" in page  # not the quiz's "take it again"
    assert lessons_done(writable) == 0
    assert press_lesson_done(client).status_code == 302  # the writable file still works
    assert lessons_done(writable) == 1


class Cable:
    """A TCP relay to PostgreSQL that can be unplugged: every connection through it drops
    at once and new ones are refused, as when the database server goes down."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target, self.port, self.sockets, self.listener = target, 0, [], None
        self.plug()

    def plug(self):
        if self.listener is not None and self.listener.fileno() != -1:
            return
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def unplug(self):
        for sock in [self.listener, *self.sockets]:  # shutdown wakes a thread waiting on it
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []

    def _accept(self, listener):
        while True:
            try:
                near, _address = listener.accept()
            except OSError:
                return
            far = socket.create_connection(self.target)
            self.sockets += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):  # one side hung up (or was reset): so does the other
            sink.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def cable():
    relay = Cable()
    yield relay
    relay.unplug()


def test_postgresql_going_down_and_coming_back(cable, make_app, database_url, request):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's own faults")
    postgres_url = request.getfixturevalue("postgres_url")
    url = postgres_url.replace("@127.0.0.1:5432/", f"@127.0.0.1:{cable.port}/")
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    client = signed_in_learner(app, language="uk")
    assert client.get(LESSON).status_code == 200
    token = csrf_from(text_of(client.get(LESSON)))

    # A connection dropped by the server (a restart): replaced unseen, nothing fails.
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres",
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        for _ in range(50):  # the signal is sent at once; wait until the backends are gone
            if not admin.execute("SELECT 1 FROM pg_stat_activity WHERE datname = %s "
                                 "AND pid <> pg_backend_pid()", (name,)).fetchone():
                break
            time.sleep(0.1)
    assert client.get(LESSON).status_code == 200

    cable.unplug()  # the server is down
    try:
        response = client.get(LESSON)
        assert response.status_code == 503
        # In the learner's language (kept in the session), though her profile cannot be read
        assert "Нічого не втрачено" in text_of(response)  # only reading: nothing to lose
        response = client.post(f"{LESSON}done", data={"csrf_token": token})
        assert response.status_code == 503 and "не збережено" in text_of(response)
    finally:
        cable.plug()

    # The server is back: the next request works, with no restart.
    assert client.get(LESSON).status_code == 200
    assert press_lesson_done(client).status_code == 302
    assert lessons_done(app) == 1
