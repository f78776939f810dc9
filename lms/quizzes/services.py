"""Taking a quiz: start or resume, save each answer, finish once."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import events
from ..content import Course
from ..content.question_types import InvalidAnswer, question_type
from ..content.quiz import Quiz
from ..db import db, insert_once, utcnow
from ..people.models import User
from .models import QuizAnswer, QuizAttempt
from .queries import open_attempt


class QuizError(ValueError):
    """The quiz cannot do what was asked; the message says why, for the learner."""


def start_or_resume(user: User, course: Course, quiz: Quiz, lang: str) -> QuizAttempt:
    """Return the learner's open attempt at ``quiz``, or start a new one (never two)."""
    events.quiz_started.send(user, course=course, quiz=quiz)
    attempt = open_attempt(user.id, quiz)
    if attempt is not None:
        return attempt
    lang = lang if lang in quiz.texts else quiz.default_language
    return insert_once(
        QuizAttempt(user_id=user.id, course_slug=course.slug, quiz_slug=quiz.slug, lang=lang,
                    seed=secrets.randbelow(2**31)),
        lambda: open_attempt(user.id, quiz))


def save_answer(attempt: QuizAttempt, quiz: Quiz, index: int, form) -> QuizAnswer:
    """Check, grade and keep the answer to question ``index`` (replacing an earlier one).

    Raises InvalidAnswer for an answer that does not fit the question, QuizError when the
    attempt is finished or (with feedback after each answer) the question is answered.
    """
    if attempt.is_finished:
        raise QuizError(_l("This attempt is finished; your result is below."))
    question = quiz.questions[index]
    existing = attempt.answer_to(index)
    if existing is not None and quiz.feedback == "each":
        raise QuizError(_l("You have already answered this question."))
    kind = question_type(question.kind)
    answer = kind.read(question, form)
    points = kind.grade(question, answer, quiz.partial)
    if existing is None:
        row = QuizAnswer(attempt_id=attempt.id, question_index=index, answer=answer,
                         points=points)
        stored = insert_once(row, lambda: db.session.scalar(db.select(QuizAnswer).filter_by(
            attempt_id=attempt.id, question_index=index)))
        if stored is row or quiz.feedback == "each":
            return stored  # (or the same answer, sent twice at once, kept the first time)
        existing = stored
    existing.answer, existing.points, existing.answered_at = answer, points, utcnow()
    db.session.flush()
    return existing


def unanswered(attempt: QuizAttempt, quiz: Quiz) -> list[int]:
    done = {answer.question_index for answer in attempt.answers}
    return [i for i in range(len(quiz.questions)) if i not in done]


def finish(user: User, course: Course, quiz: Quiz, attempt: QuizAttempt) -> QuizAttempt:
    """Grade the attempt once; a repeated finish (double click, two tabs) changes nothing."""
    if attempt.is_finished:
        return attempt
    missing = unanswered(attempt, quiz)
    if missing:
        raise QuizError(_l("Please answer question %(number)s first.", number=missing[0] + 1))
    total = sum(answer.points for answer in attempt.answers
                if answer.question_index < len(quiz.questions))
    score = round(100 * total / len(quiz.questions))
    passed = score >= quiz.pass_mark
    finished = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.finished_at.is_(None))
        .values(finished_at=utcnow(), score=score, passed=passed)).rowcount
    if finished:
        # counted; a passed lesson quiz completes its lesson, a final one maybe the course
        events.quiz_finished.send(attempt, user=user, course=course, quiz=quiz, passed=passed)
    db.session.refresh(attempt)
    return attempt


class PaperAnswerError(InvalidAnswer):
    """An answer typed in from a paper quiz does not fit its question."""

    def __init__(self, number: int, message: str):
        super().__init__(f"{number}: {message}")
        self.number, self.message = number, message  # the question (from 1), untranslated


class PrefixedForm:
    """One question's answers inside a form holding every question (a paper quiz typed in):
    ``answer`` is read from ``q<index>-answer``; other fields already carry their question."""

    def __init__(self, form, index: int):
        self.form, self.prefix = form, f"q{index}-"

    def get(self, key, default=None):
        return self.form.get(self.prefix + key if key == "answer" else key, default)

    def getlist(self, key):
        return self.form.getlist(self.prefix + key if key == "answer" else key)


def enter_paper_quiz(trainer: User, learner: User, course: Course, quiz: Quiz,
                     form) -> QuizAttempt:
    """Grade a quiz done on paper, typed in by the trainer, with the same engine.

    Every answer is checked before anything is stored: PaperAnswerError names the question.
    """
    answers = []
    for question in quiz.questions:
        kind = question_type(question.kind)
        try:
            answer = kind.read(question, PrefixedForm(form, question.index))
        except InvalidAnswer as exc:
            raise PaperAnswerError(question.index + 1, str(exc)) from None
        answers.append((question.index, answer, kind.grade(question, answer, quiz.partial)))
    events.quiz_started.send(learner, course=course, quiz=quiz)
    open_one = open_attempt(learner.id, quiz)
    if open_one is not None:  # an unfinished attempt online is replaced by the paper one
        db.session.delete(open_one)
        db.session.flush()
    attempt = QuizAttempt(user_id=learner.id, course_slug=course.slug, quiz_slug=quiz.slug,
                          lang=course.default_language, seed=0, entered_by_id=trainer.id)
    db.session.add(attempt)
    db.session.flush()
    for index, answer, points in answers:
        db.session.add(QuizAnswer(attempt_id=attempt.id, question_index=index, answer=answer,
                                  points=points))
    db.session.flush()
    db.session.refresh(attempt)
    return finish(learner, course, quiz, attempt)


def move_attempts(kept: User, other: User) -> int:
    """Every attempt of ``other`` becomes hers (two accounts of one person joined). Of two
    unfinished attempts at one quiz, the one with more answers stays open and the other,
    which no result counts, is dropped; returns how many were dropped."""
    mine = {(a.course_slug, a.quiz_slug): a for a in db.session.scalars(
        select(QuizAttempt).filter_by(user_id=kept.id, finished_at=None))}
    dropped = 0
    for theirs in db.session.scalars(select(QuizAttempt).filter_by(user_id=other.id,
                                                                     finished_at=None)):
        open_one = mine.get((theirs.course_slug, theirs.quiz_slug))
        if open_one is None:
            continue
        loser = min((open_one, theirs), key=lambda a: (len(a.answers), a.started_at))
        db.session.delete(loser)
        dropped += 1
    db.session.flush()
    db.session.execute(update(QuizAttempt).where(QuizAttempt.user_id == other.id)
                       .values(user_id=kept.id).execution_options(synchronize_session=False))
    return dropped
