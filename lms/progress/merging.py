"""Two accounts of one person joined (lms/people/merging.py): her progress is the union of
both, so nothing she did is lost and nothing is counted twice."""

from __future__ import annotations

from sqlalchemy import select

from .. import events
from ..db import db
from ..people.models import User
from ..quizzes.services import move_attempts
from ..state import catalogue
from .models import Enrollment
from .services import refresh_completion


def merge_progress(kept: User, other: User) -> None:
    """Her attempts and enrollments become the kept account's; a course begun under both
    is one enrollment with every lesson done under either (the earlier date of each) and
    is completed if the union completes it."""
    move_attempts(kept, other)
    mine = {e.course_slug: e for e in db.session.scalars(
        select(Enrollment).filter_by(user_id=kept.id))}
    for theirs in db.session.scalars(select(Enrollment).filter_by(user_id=other.id)):
        into = mine.get(theirs.course_slug)
        if into is None:
            theirs.user_id = kept.id
            continue
        _fold(theirs, into)
    db.session.flush()
    for enrollment in mine.values():
        course = catalogue().get(enrollment.course_slug)
        if course is not None:
            refresh_completion(enrollment, course)


def _fold(theirs: Enrollment, into: Enrollment) -> None:
    """Fold one enrollment into the other of the same course, then delete it."""
    done = {p.lesson_slug: p for p in into.lessons}
    for progress in list(theirs.lessons):
        same = done.get(progress.lesson_slug)
        if same is None:
            theirs.lessons.remove(progress)
            into.lessons.append(progress)
        elif progress.completed_at < same.completed_at:
            same.completed_at, same.marked_by_id = progress.completed_at, progress.marked_by_id
    into.started_at = min(into.started_at, theirs.started_at)
    finished = [e.completed_at for e in (into, theirs) if e.completed_at is not None]
    into.completed_at = min(finished) if finished else None
    db.session.flush()
    events.enrollment_folded.send(theirs, into=into)
    db.session.delete(theirs)
