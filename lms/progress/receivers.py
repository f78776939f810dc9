"""Quizzes move the learner on (lms/events.py): starting one enrolls them in its course,
passing a lesson's quiz completes the lesson, passing the final quiz may complete the
course."""

from __future__ import annotations

from .. import events
from .merging import merge_progress
from .services import complete_lesson, enroll, refresh_completion


@events.quiz_started.connect
def _quiz_started(user, *, course, **_details) -> None:
    enroll(user, course)  # a quiz taken is a course begun


@events.quiz_finished.connect
def _quiz_passed(attempt, *, user, course, quiz, passed, **_details) -> None:
    if not passed:
        return
    if quiz.lesson_slug:
        complete_lesson(user, course, course.lesson(quiz.lesson_slug))
    else:
        refresh_completion(enroll(user, course), course)


@events.learners_merged.connect
def _merged(kept, *, other, **_details) -> None:
    merge_progress(kept, other)
