"""What Gramota stores about a person, gathered for the "My data" page and download."""

from __future__ import annotations

from ..audit.models import AuditEvent
from ..certificates.models import Certificate
from ..db import db
from ..people.models import User
from ..progress.models import Enrollment
from ..quizzes.models import QuizAttempt
from ..state import catalogue


def personal_data(user: User) -> dict:
    """Return everything stored about ``user``, as plain data for JSON."""
    enrollments = db.session.scalars(db.select(Enrollment).filter_by(user_id=user.id)
                                     .order_by(Enrollment.started_at))
    sign_ins = db.session.scalars(db.select(AuditEvent).filter_by(subject_id=user.id)
                                  .order_by(AuditEvent.at.desc()).limit(50))
    attempts = db.session.scalars(db.select(QuizAttempt).filter_by(user_id=user.id)
                                  .order_by(QuizAttempt.started_at))
    certificates = db.session.scalars(db.select(Certificate).filter_by(user_id=user.id)
                                      .order_by(Certificate.issued_at))
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
        "courses": [{"course": e.course_slug, "course_title": _course_title(e.course_slug),
                     "started_at": _iso(e.started_at),
                     "completed_at": _iso(e.completed_at),
                     "lessons_done": [{"lesson": p.lesson_slug, "at": _iso(p.completed_at)}
                                      for p in e.lessons]} for e in enrollments],
        "quizzes": [{"course": a.course_slug, "course_title": _course_title(a.course_slug),
                     "quiz": a.quiz_slug, "quiz_title": _quiz_title(a.course_slug, a.quiz_slug),
                     "started_at": _iso(a.started_at), "finished_at": _iso(a.finished_at),
                     "score": a.score, "passed": a.passed,
                     "answers": [{"question": answer.question_index + 1,
                                  "answer": answer.answer, "points": answer.points,
                                  "at": _iso(answer.answered_at)} for answer in a.answers]}
                    for a in attempts],
        "certificates": [{"number": c.number, "course_title": c.course_title,
                          "name_on_it": c.full_name, "issued_at": _iso(c.issued_at),
                          "revoked_at": _iso(c.revoked_at)} for c in certificates],
        "activity": [{"action": a.action, "at": _iso(a.at), "ip": a.ip} for a in sign_ins],
    }


def _course_title(slug: str) -> str:
    course = catalogue().get(slug)
    return course.text(course.default_language).title if course else slug


def _quiz_title(course_slug: str, quiz_slug: str) -> str:
    course = catalogue().get(course_slug)
    quiz = course.quizzes.get(quiz_slug) if course else None
    return quiz.text(quiz.default_language).title if quiz else quiz_slug


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
