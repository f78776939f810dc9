"""What Gramota stores about a person, gathered for the "My data" page and download."""

from __future__ import annotations

from ..audit.models import AuditEvent
from ..db import db
from ..people.models import User
from ..progress.models import Enrollment


def personal_data(user: User) -> dict:
    """Return everything stored about ``user``, as plain data for JSON."""
    enrollments = db.session.scalars(db.select(Enrollment).filter_by(user_id=user.id)
                                     .order_by(Enrollment.started_at))
    sign_ins = db.session.scalars(db.select(AuditEvent).filter_by(subject_id=user.id)
                                  .order_by(AuditEvent.at.desc()).limit(50))
    return {
        "account": {
            "username": user.username, "full_name": user.full_name, "role": user.role.value,
            "home_branch": user.library.name if user.library else None,
            "language": user.language, "birth_year": user.birth_year, "phone": user.phone,
            "email": user.email, "created_at": _iso(user.created_at),
            "last_login_at": _iso(user.last_login_at),
            "erasure_requested_at": _iso(user.erasure_requested_at),
        },
        "consents": [{"text_version": c.text_version, "method": c.method,
                      "recorded_at": _iso(c.recorded_at)} for c in user.consents],
        "courses": [{"course": e.course_slug, "started_at": _iso(e.started_at),
                     "completed_at": _iso(e.completed_at),
                     "lessons_done": [{"lesson": p.lesson_slug, "at": _iso(p.completed_at)}
                                      for p in e.lessons]} for e in enrollments],
        "activity": [{"action": a.action, "at": _iso(a.at), "ip": a.ip} for a in sign_ins],
    }


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
