"""Finding consultations within the caller's scope."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from ..db import db
from ..people.scope import visible_library_ids
from .models import Consultation


def consultations_of(learner_id: int, limit: int = 50) -> list[Consultation]:
    """The consultations given to a learner at the caller's branches, newest first."""
    return list(db.session.scalars(
        select(Consultation)
        .where(Consultation.learner_id == learner_id,
               Consultation.library_id.in_(visible_library_ids(current_user)))
        .order_by(Consultation.on.desc(), Consultation.id.desc()).limit(limit)))
