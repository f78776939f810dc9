"""One transaction per request: a page's changes are committed once, together, or not at
all (on SQLite and on PostgreSQL)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from helpers import csrf_from, sign_in, text_of
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from lms.classes.models import StudyClass
from lms.db import db
from lms.figures import counting
from lms.figures.models import DailyFigures
from lms.people.models import Role
from lms.progress.models import LessonProgress

CLASS_SIZE = 10


@contextmanager
def commits_counted():
    """Count the COMMITs the app's engine sends while the block runs."""
    commits = []

    def counted(_connection):
        commits.append(1)

    event.listen(db.engine, "commit", counted)
    try:
        yield commits
    finally:
        event.remove(db.engine, "commit", counted)


@pytest.fixture
def a_class(client, make_user, library):
    """A signed-in trainer's class of ten learners, made through the pages."""
    trainer = make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга")
    learners = [make_user(f"learner{i}", full_name=f"Слушатель {i}") for i in range(CLASS_SIZE)]
    sign_in(client, trainer)
    token = csrf_from(text_of(client.get("/trainer/classes/")))
    client.post("/trainer/classes/", data={
        "csrf_token": token, "name": "Вторничная группа", "course": "first-steps",
        "library_id": str(library.id), "starts_on": "2026-12-01"})
    group = db.session.scalar(db.select(StudyClass))
    page = f"/trainer/classes/{group.id}/"
    for learner in learners:
        client.post(f"{page}enrol", data={"csrf_token": csrf_from(text_of(client.get(page))),
                                          "learner_id": str(learner.id)})
    return page, learners


def mark_done(client, page, learners, token):
    return client.post(f"{page}done", data={
        "csrf_token": token, "lesson": "mouse",
        "learners": [str(learner.id) for learner in learners]})


def test_marking_a_lesson_for_a_class_of_ten_is_one_commit(client, a_class):
    page, learners = a_class
    token = csrf_from(text_of(client.get(page)))
    with commits_counted() as commits:
        response = mark_done(client, page, learners, token)
    assert response.status_code == 302
    assert len(commits) == 1
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == CLASS_SIZE
    figures = db.session.scalar(db.select(db.func.sum(DailyFigures.lessons)))
    assert figures == CLASS_SIZE


@pytest.mark.parametrize("page", ["/", "/courses/first-steps/mouse/", "/trainer/classes/"])
def test_a_page_that_only_reads_commits_nothing(client, a_class, page):
    with commits_counted() as commits:
        assert client.get(page).status_code == 200
    assert commits == []


def test_a_page_that_changes_the_profile_commits_it_once(client, a_class):
    from lms.people.models import User

    with commits_counted() as commits:
        assert client.get("/trainer/classes/?size=largest").status_code == 200
    assert len(commits) == 1
    assert db.session.scalar(db.select(User.text_size).filter_by(username="petrova")) \
        == "largest"


def test_a_failure_half_way_through_the_class_leaves_no_learner_marked(
        app, client, a_class, monkeypatch):
    page, learners = a_class
    counted, count = [], counting.count

    def count_until_the_database_fails(*args, **kwargs):
        counted.append(args)
        if len(counted) == 6:  # the sixth learner's lesson
            raise OperationalError("INSERT INTO lms_daily_figures", {}, Exception("disk I/O"))
        return count(*args, **kwargs)

    monkeypatch.setattr(counting, "count", count_until_the_database_fails)
    monkeypatch.setattr("lms.figures.receivers.count", count_until_the_database_fails)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the calm outage page
    response = mark_done(client, page, learners, csrf_from(text_of(client.get(page))))

    assert len(counted) == 6
    assert response.status_code == 503
    assert "Ваш последний шаг не сохранён." in text_of(response)
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 0
    assert db.session.scalar(db.select(db.func.count(DailyFigures.day))) == 0
