"""Gramota mounted as an extension into a library's own Flask site."""

from __future__ import annotations

from flask import Flask
from helpers import FIXTURES, csrf_from

from lms import LMS
from lms.db import db
from lms.people.models import Role
from lms.people.services import create_user


def make_host(database_url, tmp_path, templates=None):
    host = Flask("library_site", instance_path=str(tmp_path / "host-instance"),
                 template_folder=templates)
    host.config.update(SECRET_KEY="host-secret", SQLALCHEMY_DATABASE_URI=database_url,
                       LMS_URL_PREFIX="/learn", LMS_COURSES_DIR=str(FIXTURES / "courses"),
                       LMS_QUIZZES_DIR=str(FIXTURES / "quizzes"),
                       LMS_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")

    @host.get("/")
    def home():
        return "Сайт библиотеки"

    LMS(host)
    return host


def test_engine_lives_under_the_prefix_beside_the_host_pages(database_url, tmp_path):
    host = make_host(database_url, tmp_path)
    client = host.test_client()
    assert client.get("/").get_data(as_text=True) == "Сайт библиотеки"
    page = client.get("/learn/").get_data(as_text=True)
    assert '<a href="/learn/courses/first-steps/">Первые шаги</a>' in page
    assert 'href="/learn/lms-static/gramota.css?v=' in page
    lesson = client.get("/learn/courses/first-steps/mouse/").get_data(as_text=True)
    assert 'src="../images/mouse.svg"' in lesson  # resolves to /learn/courses/…/images/
    with client.get("/learn/courses/first-steps/images/mouse.svg") as image:
        assert image.status_code == 200
    assert client.get("/learn/healthz").json["status"] == "ok"
    assert "lms_network" in db.metadata.tables
    with host.app_context():
        db.drop_all()
        db.engine.dispose()


def test_sign_in_and_progress_work_under_the_prefix(database_url, tmp_path):
    host = make_host(database_url, tmp_path)
    client = host.test_client()
    with host.app_context():
        db.create_all()
        create_user("ivanova", "Мария Иванова", Role.LEARNER, "246810")
        db.session.commit()
    token = csrf_from(client.get("/learn/login").get_data(as_text=True))
    response = client.post("/learn/courses/first-steps/mouse/done", data={"csrf_token": token},
                           headers={"Referer": "http://localhost/learn/courses/first-steps/mouse/"})
    assert response.headers["Location"] == (
        "/learn/login?next=/learn/courses/first-steps/mouse/")
    client.post("/learn/login", data={"username": "ivanova", "password": "246810",
                                      "csrf_token": token})
    page = client.get("/learn/courses/first-steps/mouse/").get_data(as_text=True)
    client.post("/learn/courses/first-steps/mouse/done", data={"csrf_token": csrf_from(page)})
    course = client.get("/learn/courses/first-steps/").get_data(as_text=True)
    assert "Пройдено уроков: 1 из 2" in course
    with host.app_context():
        db.drop_all()
        db.engine.dispose()


def test_a_host_replaces_a_gramota_template_by_shipping_one(database_url, tmp_path):
    override = tmp_path / "host-templates" / "lms" / "core"
    override.mkdir(parents=True)
    (override / "error.html").write_text(
        "{% extends lms_layout %}{% block content %}<h1>Страница библиотеки: {{ code }}</h1>"
        "{% endblock %}", encoding="utf-8")
    host = make_host(database_url, tmp_path, templates=str(tmp_path / "host-templates"))
    page = host.test_client().get("/learn/courses/no-such-course/")
    assert page.status_code == 404
    assert "Страница библиотеки: 404" in page.get_data(as_text=True)
    with host.app_context():
        db.drop_all()
        db.engine.dispose()


def test_the_hosts_own_login_manager_is_used_and_a_second_user_system_refused(
        database_url, tmp_path):
    import pytest
    from flask_login import LoginManager
    from flask_sqlalchemy import SQLAlchemy

    host = Flask("library_site", instance_path=str(tmp_path / "i1"))
    host.config.update(SECRET_KEY="s", SQLALCHEMY_DATABASE_URI=database_url,
                       LMS_COURSES_DIR=str(FIXTURES / "courses"),
                       LMS_QUIZZES_DIR=str(FIXTURES / "quizzes"))
    manager = LoginManager(host)  # the site's, with no user loader of its own yet
    LMS(host)
    assert host.login_manager is manager and manager._user_callback is not None

    taken = Flask("other_site", instance_path=str(tmp_path / "i2"))
    taken.config.update(host.config)
    LoginManager(taken).user_loader(lambda user_id: None)
    with pytest.raises(RuntimeError, match="loads its own users"):
        LMS(taken)

    separate = Flask("third_site", instance_path=str(tmp_path / "i3"))
    separate.config.update(host.config)
    SQLAlchemy(separate)
    with pytest.raises(RuntimeError, match="from lms.db import db"):
        LMS(separate)
