"""What a statement names but does not hold, described by the node for the region: a
certificate (its number, code and printed words) and a class (its branch, course, name and
trainers). A statement says "she earned certificate NORTH-01-2026-00003" or "she attended
the class 0193… on 2 December"; the region needs the rest to keep the same rows."""

from __future__ import annotations

from sqlalchemy import select

from ..certificates.models import Certificate
from ..classes.models import StudyClass
from ..db import db
from ..eventlog.xapi import iri
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
    uids = _named(bodies, "classes", 1)
    return [{"uid": c.uid, "branch": branch_of(c.library), "course": c.course_slug,
             "name": c.name, "starts_on": c.starts_on.isoformat(),
             "created": c.created_at.isoformat(),
             "trainers": sorted(t.uid for t in c.trainers)}
            for c in db.session.scalars(select(StudyClass).where(
                StudyClass.uid.in_(uids)).order_by(StudyClass.id))] if uids else []
