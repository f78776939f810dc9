"""Playing a practice: start an attempt (a fresh draw of steps), answer a step (scored at
once), finish (the tricks caught and missed counted once)."""

from __future__ import annotations

import secrets

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import select, update

from .. import events
from ..content.practice import Practice
from ..content.practice_types import PracticeError, Room, Scored
from ..db import db, utcnow
from ..people.models import User
from .models import PracticeAttempt


def start(user: User, practice: Practice, lang: str, country: str | None) -> PracticeAttempt:
    """A new attempt with its own draw: a retake shows other messages."""
    seed = secrets.randbelow(2**31)
    text = practice.text(lang)
    attempt = PracticeAttempt(
        user_id=user.id, library_id=user.library_id, course_slug=practice.course_slug,
        practice_slug=practice.slug, lang=text.lang, country=country, seed=seed,
        steps=practice.simulator.draw(text.model, seed, country), answers={}, caught=[],
        missed=[], costly=0)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def room(attempt: PracticeAttempt) -> Room:
    """What makes the attempt's code, key and numbers its own (nothing of it is stored)."""
    secret = str(current_app.config.get("SECRET_KEY") or "").encode()
    return Room(attempt.id, attempt.seed, attempt.started_at, secret, tuple(attempt.answers))


def answer(attempt: PracticeAttempt, practice: Practice, step_id: str, form) -> Scored:
    """Keep what she did at a step (once: a step answered stays answered) and score it."""
    text = practice.text(attempt.lang)
    simulator = practice.simulator
    if step_id in attempt.answers:
        return simulator.score(text.model, step_id, attempt.answers[step_id])
    # PracticeError: nothing chosen; FieldErrors: a form a real portal would refuse
    given = simulator.read(text.model, step_id, form, room(attempt))
    scored = simulator.score(text.model, step_id, given)
    attempt.answers = {**attempt.answers, step_id: given}
    following = simulator.follow(text.model, step_id, given)
    if following is not None:  # a dialogue goes on where her answer led
        attempt.steps = [*attempt.steps, following]
    attempt.caught = [*attempt.caught, *scored.caught]
    attempt.missed = [*attempt.missed, *scored.missed]
    attempt.costly += 0 if scored.safe else 1
    db.session.flush()
    return scored


def finish(attempt: PracticeAttempt, practice: Practice) -> None:
    """Once every step is answered: the attempt is finished (said once)."""
    if attempt.finished_at is None and len(attempt.answers) == len(attempt.steps):
        attempt.finished_at = utcnow()
        db.session.flush()
        events.practice_finished.send(attempt, practice=practice)


def get_own_attempt_or_404(attempt_id: int, practice: Practice) -> PracticeAttempt:
    attempt = db.session.get(PracticeAttempt, attempt_id)
    if (attempt is None or attempt.user_id != current_user.id
            or (attempt.course_slug, attempt.practice_slug) != (practice.course_slug,
                                                                 practice.slug)):
        abort(404)
    return attempt


def last_finished(user_id: int, practice: Practice) -> PracticeAttempt | None:
    return db.session.scalar(
        select(PracticeAttempt).where(
            PracticeAttempt.user_id == user_id,
            PracticeAttempt.course_slug == practice.course_slug,
            PracticeAttempt.practice_slug == practice.slug,
            PracticeAttempt.finished_at.is_not(None))
        .order_by(PracticeAttempt.finished_at.desc()).limit(1))


def practised(user, practices) -> dict[str, PracticeAttempt]:
    """Her last finished attempt at each of ``practices`` she has played to the end: the
    lesson counts as practised."""
    if not user.is_authenticated or not practices:
        return {}
    found = {}
    for practice in practices:
        attempt = last_finished(user.id, practice)
        if attempt is not None:
            found[practice.slug] = attempt
    return found


def move_attempts(kept: User, other: User) -> None:
    """Two accounts of one person joined: her practice attempts are the kept one's."""
    db.session.execute(update(PracticeAttempt).where(PracticeAttempt.user_id == other.id)
                       .values(user_id=kept.id).execution_options(synchronize_session=False))


__all__ = ["PracticeError", "answer", "finish", "get_own_attempt_or_404", "last_finished",
           "move_attempts", "practised", "room", "start"]
