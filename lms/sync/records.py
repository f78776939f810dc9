"""What a statement names but does not hold, described by the node for the region: a
certificate (its number, code and printed words) and a class (its branch, course, name and
trainers). A statement says "she earned certificate NORTH-01-2026-00003" or "she attended
the class 0193… on 2 December"; the region needs the rest to keep the same rows."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from ..certificates.models import Certificate
from ..classes.models import ClassMember, ClassSession, StudyClass
from ..db import db
from ..eventlog.xapi import iri
from ..people.branches import library_of
from ..people.models import User
from .people import branch_of


def path_of(activity_id: str) -> list[str]:
    """An activity id's parts under the region's IRI: ["courses", "first-steps", "mouse"]."""
    prefix = iri() + "/"
    return activity_id[len(prefix):].split("/") if activity_id.startswith(prefix) else []


def _named(bodies: list[dict], kind: str, at: int) -> set[str]:
    found = set()
    for body in bodies:
        parts = path_of(str(body["object"].get("id", "")))
        if len(parts) > at and parts[0] == kind:
            found.add(parts[at])
    return found


def _uid(user) -> str | None:
    return user.uid if user is not None else None


def certificates(bodies: list[dict]) -> list[dict]:
    numbers = _named(bodies, "certificates", 1)
    return [{"uid": c.uid, "number": c.number, "code": c.code, "course": c.course_slug,
             "branch": branch_of(c.library), "full_name": c.full_name,
             "course_title": c.course_title, "hours": c.hours, "lang": c.lang,
             "audience": c.audience, "issued": c.issued_at.isoformat(), "on_paper": c.on_paper,
             "trainer": _uid(c.trainer)}
            for c in db.session.scalars(select(Certificate).where(
                Certificate.number.in_(numbers)).order_by(Certificate.id))] if numbers else []


def classes(bodies: list[dict]) -> list[dict]:
    """The classes the statements name (a bundle: the region makes those it lacks)."""
    uids = _named(bodies, "classes", 1)
    return describe_classes(select(StudyClass).where(StudyClass.uid.in_(uids))) if uids else []


def describe_classes(query, *, whole: bool = False) -> list[dict]:
    """The classes of ``query``; ``whole``: with their learners and sessions too (the
    region's answer: a class made at the region for the node's branch)."""
    found = []
    for c in db.session.scalars(query.order_by(StudyClass.id)):
        described = {"uid": c.uid, "branch": branch_of(c.library), "course": c.course_slug,
                     "name": c.name, "starts_on": c.starts_on.isoformat(),
                     "created": c.created_at.isoformat(),
                     "trainers": sorted(t.uid for t in c.trainers)}
        if whole:
            described["learners"] = sorted(m.user.uid for m in c.members if m.left_at is None)
            described["sessions"] = sorted({s.on.isoformat() for s in c.sessions})
        found.append(described)
    return found


def make_class(described: dict) -> StudyClass | None:
    """The class as described, made here (None if its branch is not known here)."""
    library = library_of(described["branch"])
    if library is None:
        return None
    made = StudyClass(uid=described["uid"], library_id=library.id,
                      course_slug=described["course"], name=str(described["name"])[:200],
                      starts_on=date.fromisoformat(described["starts_on"]),
                      created_at=datetime.fromisoformat(described["created"]))
    made.trainers = list(db.session.scalars(select(User).where(
        User.uid.in_(described["trainers"]))))
    db.session.add(made)
    db.session.flush()
    return made


def session_of(study_class: StudyClass, on: date) -> ClassSession:
    """The class's session of that day, made if it has none."""
    found = db.session.scalar(select(ClassSession).where(
        ClassSession.class_id == study_class.id, ClassSession.on == on))
    if found is None:
        found = ClassSession(class_id=study_class.id, on=on)
        db.session.add(found)
        db.session.flush()
    return found


def member_of(study_class: StudyClass, person: User, since: datetime) -> None:
    """She is in the class (from ``since``), if she was not."""
    if not db.session.scalar(select(ClassMember.id).where(
            ClassMember.class_id == study_class.id, ClassMember.user_id == person.id)):
        db.session.add(ClassMember(class_id=study_class.id, user_id=person.id,
                                   joined_at=since))
