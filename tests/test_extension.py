"""Gramota mounted as an extension into a library's own Flask site."""

from __future__ import annotations

from flask import Flask
from helpers import FIXTURES, csrf_from

from lms import LMS
from lms.db import db
from lms.people.models import Role
from lms.people.services import create_user


def make_host(database_url, tmp_path):
    host = Flask("library_site", instance_path=str(tmp_path / "host-instance"))
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
