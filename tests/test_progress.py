"""Progress is stored once, even when the same learner's requests arrive together."""

from __future__ import annotations

import threading

from lms.db import db
from lms.people.models import User
from lms.progress import services
from lms.progress.models import Enrollment, LessonProgress
from lms.state import catalogue


def test_simultaneous_completions_store_one_row(app, learner):
    course = catalogue().get("first-steps")
    lesson = course.lesson("mouse")
    errors, barrier = [], threading.Barrier(8)
    learner_id = learner.id  # read here: the threads must not share the test's session

    def press_the_button():
        with app.app_context():
            try:
                user = db.session.get(User, learner_id)
                barrier.wait(timeout=10)
                services.complete_lesson(user, course, lesson)
                db.session.commit()  # as the request does when its page is answered
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press_the_button) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert db.session.scalar(db.select(db.func.count(Enrollment.id))) == 1
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 1


def test_course_is_completed_only_when_every_lesson_is_done(app, learner):
    course = catalogue().get("staff-basics")  # one lesson, no quiz
    services.complete_lesson(learner, course, course.lesson("first-class"))
    enrollment = db.session.scalar(db.select(Enrollment))
    assert enrollment.completed_at is not None
    assert enrollment.completed_at.tzinfo is not None


def test_a_course_with_a_final_quiz_needs_it_passed(app, learner):
    course = catalogue().get("first-steps")
    for lesson in course.lessons:
        services.complete_lesson(learner, course, lesson)
    assert db.session.scalar(db.select(Enrollment)).completed_at is None


def test_lesson_marked_by_a_trainer_records_who(app, learner, make_user):
    from lms.people.models import Role

    trainer = make_user("petrova", role=Role.TRAINER)
    course = catalogue().get("first-steps")
    progress = services.complete_lesson(learner, course, course.lesson("mouse"),
                                        marked_by=trainer)
    assert progress.marked_by_id == trainer.id
