"""Forwarding the log to a learning record store: in order, in batches, a batch refused
for a moment tried again, and nothing sent twice once the store has taken it."""

from __future__ import annotations

import json

import pytest

from lms.db import db
from lms.people.models import Role
from lms.people.services import change_learner_details
from lms.progress.services import complete_lesson
from lms.state import catalogue
from lms.sync.lrs import ForwardStopped, forward

STORE = "http://lrs.test/xapi"


class Store:
    """A learning record store: it takes statements, refuses ids it has (409), and can be
    down for the first ``down`` calls."""

    def __init__(self, down=0):
        self.kept, self.calls, self.down = {}, 0, down

    def __call__(self, url, body):
        self.calls += 1
        assert url == STORE + "/statements"
        if self.calls <= self.down:
            return 503, "down for maintenance"
        statements = json.loads(body)
        if any(s["id"] in self.kept for s in statements):
            return 409, "already here"
        self.kept.update({s["id"]: s for s in statements})
        return 200, ""


@pytest.fixture
def three_statements(app, make_user):
    learner = make_user("orlova")
    course = catalogue().get("first-steps")
    for lesson in course.lessons:
        complete_lesson(learner, course, lesson)
    change_learner_details(make_user("trener", role=Role.TRAINER), learner,
                           library_id=learner.library_id, language="ru", birth_year=1950)
    db.session.commit()


def test_the_log_goes_to_the_store_in_batches_and_once(app, three_statements):
    store = Store(down=1)
    done = forward(STORE, store, batch=2, pause=0)
    assert (done.statements, done.batches, done.retried) == (3, 2, 1)
    assert [s["verb"]["display"]["en-US"] for s in store.kept.values()] == [
        "completed", "completed", "corrected"]
    again = forward(STORE, store, batch=2, pause=0)
    assert (again.statements, store.calls) == (0, 3)  # nothing new: nothing sent


def test_a_store_that_stays_down_keeps_the_place(app, three_statements):
    with pytest.raises(ForwardStopped, match="after 3 tries \\(503\\)"):
        forward(STORE, Store(down=10), pause=0)
    store = Store()
    assert forward(STORE, store, pause=0).statements == 3 and len(store.kept) == 3


def test_a_refusal_is_said(app, three_statements):
    with pytest.raises(ForwardStopped, match="refused the statements \\(401\\)"):
        forward(STORE, lambda url, body: (401, "bad credentials"), pause=0)


def test_the_command_needs_a_store(runner):
    said = runner.invoke(args=["lms", "sync", "forward"])
    assert said.exit_code == 1 and "set LMS_LRS_URL" in said.output
