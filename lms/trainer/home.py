"""What a trainer sees first: today's sessions, who is stuck, the month's consultations,
and their own trainer-track progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..certificates.queries import certificates_of
from ..classes.models import ClassSession, StudyClass
from ..classes.queries import classes_visible_to, progress_grid
from ..consultations.models import Consultation
from ..db import db, utcnow
from ..people.scope import visible_library_ids
from ..progress.queries import progress_by_course
from ..state import catalogue


@dataclass
class TrainerHome:
    sessions_today: list[ClassSession]
    stuck: list[tuple[StudyClass, object]]
    consultations: int
    people_helped: int
    own_courses: list
    own_progress: dict
    own_certificates: list


def trainer_home(user) -> TrainerHome:
    today = utcnow().date()
    open_classes = list(db.session.scalars(classes_visible_to(user, open_only=True)))
    sessions = [s for c in open_classes for s in c.sessions if s.on == today]
    stuck = []
    for study_class in open_classes:
        course = catalogue().get(study_class.course_slug)
        if course is not None:
            stuck += [(study_class, row) for row in progress_grid(study_class, course)
                      if row.is_stuck]
    count, people = db.session.execute(
        select(func.count(Consultation.id), func.coalesce(func.sum(Consultation.people), 0))
        .where(Consultation.library_id.in_(visible_library_ids(user)),
               Consultation.on >= today.replace(day=1))).one()
    own = catalogue().listed("trainer")
    return TrainerHome(sessions, stuck, count, people, own, progress_by_course(user, own),
                       [c for c in certificates_of(user.id) if c.audience == "trainer"])
