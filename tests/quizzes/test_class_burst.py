"""A class of 30 finishes the same quiz in the same second: every attempt stored once."""

from __future__ import annotations

import threading

from helpers import csrf_from
from helpers_live import Visitor, serving
from werkzeug.datastructures import MultiDict

from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.services import create_user
from lms.progress.models import LessonProgress
from lms.quizzes import services
from lms.quizzes.models import QuizAttempt
from lms.state import catalogue

CLASS_SIZE = 30
RIGHT = [MultiDict({"answer": "q0o0"}), MultiDict([("answer", "q1o0"), ("answer", "q1o1")]),
         MultiDict({"answer": "q2o1"})]


def test_thirty_learners_finish_at_once_and_each_attempt_is_stored_once(make_app):
    app = make_app()
    with app.app_context():
        course = catalogue().get("first-steps")
        quiz = course.quizzes["device-quiz"]
        library = get_or_create_library(get_or_create_network("n", "Сеть"), "c", "Центральная")
        attempt_ids = {}
        for i in range(CLASS_SIZE):
            user = create_user(f"learner{i}", f"Слушатель {i}", Role.LEARNER, "246810",
                               library=library)
            db.session.commit()
            attempt = services.start_or_resume(user, course, quiz, "ru")
            for index, form in enumerate(RIGHT):
                services.save_answer(attempt, quiz, index, form)
            db.session.commit()
            attempt_ids[user.username] = attempt.id
        db.session.remove()

    with serving(app) as base:
        learners = []
        for username, attempt_id in attempt_ids.items():
            visitor = Visitor(base)
            visitor.sign_in(username, "246810")
            token = csrf_from(visitor.request("/")[1])
            learners.append((visitor, attempt_id, token))

        barrier = threading.Barrier(CLASS_SIZE)
        statuses, errors = [], []

        def finish(visitor, attempt_id, token):
            path = f"/quizzes/first-steps/device-quiz/attempts/{attempt_id}/finish"
            try:
                barrier.wait(timeout=30)
                for _click in range(2):  # a double click on "Finish"
                    statuses.append(visitor.request(path, {"csrf_token": token})[0])
            except Exception as exc:  # noqa: BLE001 - collected and asserted
                errors.append(repr(exc))

        threads = [threading.Thread(target=finish, args=learner) for learner in learners]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

    assert errors == []
    assert statuses == [302] * (2 * CLASS_SIZE)
    with app.app_context():
        attempts = list(db.session.scalars(db.select(QuizAttempt)))
        assert len(attempts) == CLASS_SIZE
        assert all(a.finished_at is not None and a.score == 100 for a in attempts)
        assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == CLASS_SIZE
