"""A quiz finished or a lesson done by someone who came from a platform: her grade goes
back to the platform's gradebook, after the answer is sent."""

from __future__ import annotations

import threading
from functools import partial

from flask import after_this_request, current_app, has_request_context, request

from .. import events
from ..db import db
from ..state import catalogue
from .services import forget_accounts, move_accounts, queue_grade, send_scores

_sending = threading.Lock()  # one sender at a time per process
SENDING = "lms.lti.sending"  # in the request's environ: the sender is to start after it


@events.quiz_finished.connect
def _quiz_finished(attempt, *, user, course, quiz, passed, **_details) -> None:
    lesson = quiz.lesson_slug or None
    _send_after_answer(queue_grade(user, course.slug, lesson_slug=lesson, quiz=quiz,
                                   completed=passed))


@events.lesson_completed.connect
def _lesson_done(enrollment, *, lesson_slug, **_details) -> None:
    course = catalogue().get(enrollment.course_slug)
    lesson = course.lesson(lesson_slug) if course else None
    if lesson is not None and lesson.quiz is None:  # a quiz sends its own score
        _send_after_answer(queue_grade(enrollment.user, course.slug, lesson_slug=lesson_slug,
                                       quiz=None, completed=True))


@events.course_completed.connect
def _course_done(enrollment, *, course, **_details) -> None:
    if course.final_quiz is None:  # else the final quiz sent its score
        _send_after_answer(queue_grade(enrollment.user, course.slug, lesson_slug=None,
                                       quiz=None, completed=True))


@events.learners_merged.connect
def _merged(kept, *, other, **_details) -> None:
    """Her two accounts joined: the platform's account leads to the one kept."""
    move_accounts(kept, other)


@events.learner_anonymised.connect
def _untie(learner, **_details) -> None:
    """Erased at her request: no platform's account leads to her any more."""
    forget_accounts(learner)


def _send_after_answer(queued) -> None:
    if not queued or not has_request_context() or request.environ.get(SENDING):
        return  # elsewhere (a command, a sync): `flask lms lti send-scores` sends them
    request.environ[SENDING] = True
    app = current_app._get_current_object()

    @after_this_request
    def _after(response):
        response.call_on_close(partial(threading.Thread(
            target=send_waiting, args=(app,), name="lti-scores", daemon=True).start))
        return response


def send_waiting(app) -> None:
    """Send every grade on its way, in this thread, after the sender before it (a grade
    queued while another is sent is not left for the timer)."""
    if not _sending.acquire(timeout=120):
        return  # a platform slower than its timeouts allow: the timer sends it
    try:
        with app.app_context():
            send_scores()
            db.session.commit()
    except Exception:
        app.logger.exception("LTI grades not sent")
    finally:
        _sending.release()
