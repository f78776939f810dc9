"""A certificate names the trainer of the class in which the learner took the course
(lms/events.py)."""

from __future__ import annotations

from .. import events
from .queries import class_trainer_id
from .services import merge_memberships


@events.certificate_issued.connect
def _name_the_trainer(certificate, **_details) -> None:
    certificate.trainer_id = class_trainer_id(certificate.user_id, certificate.course_slug)


@events.learners_merged.connect
def _one_member(kept, *, other, **_details) -> None:
    merge_memberships(kept, other)
