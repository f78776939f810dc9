"""Joining two accounts of one person (ivanova.ma and ivanova.ma2, registered twice):
everything the second one holds moves to the first, and the second can no longer sign in.

Each feature moves its own rows when told (``events.learners_merged``): her lessons,
attempts, certificates, classes and consultations, so this module knows only people.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import events
from ..audit.services import record
from ..db import db
from .models import ConsentRecord, User
from .scope import visible_library_ids
from .services import PeopleError

# What the kept account takes from the other when it has none of its own.
DETAILS = ("birth_year", "phone", "email")


def may_merge(actor: User, kept: User, other: User) -> None:
    """Raise PeopleError unless both are learners the actor may see, and two accounts."""
    if kept.id == other.id:
        raise PeopleError(_l("Choose another account: this is the same one."))
    visible = set(db.session.scalars(visible_library_ids(actor)))
    for person in (kept, other):
        if (not person.is_learner or person.library_id not in visible
                or person.is_anonymised or person.merged_into_id is not None):
            raise PeopleError(_l("Only two accounts of learners of your branches can be "
                                 "joined."))


def merge_learners(actor: User, kept: User, other: User) -> None:
    """Join ``other`` into ``kept``: every lesson, attempt, certificate, class and
    consultation of both is hers; her missing details are taken from the other; the other
    account is switched off and says where it went. Audited with both usernames."""
    may_merge(actor, kept, other)
    join(kept, other, actor=actor)


def join(kept: User, other: User, *, actor: User | None = None, **told) -> None:
    """The joining itself, once it is allowed: by ``actor`` here, or as a branch node did
    it (``told``: the node, for the audit log)."""
    taken = [name for name in DETAILS
             if getattr(kept, name) is None and getattr(other, name) is not None]
    for name in taken:
        setattr(kept, name, getattr(other, name))
    db.session.execute(update(ConsentRecord).where(ConsentRecord.user_id == other.id)
                       .values(user_id=kept.id).execution_options(synchronize_session=False))
    db.session.flush()
    events.learners_merged.send(kept, other=other)
    other.merged_into_id = kept.id
    other.phone = other.email = other.birth_year = None  # kept once, with her
    other.is_active = False
    other.session_version += 1
    other.password_hash = "!"  # matches no PIN
    if other.created_at < kept.created_at:
        kept.created_at = other.created_at  # she is one person registered once, the first time
    record("learners_merged", actor=actor, subject=kept, library=kept.library,
           joined=other.username, joined_id=other.id, kept=kept.username, details=taken,
           **told)
    db.session.flush()
    db.session.expire(kept)


def joined_into(kept: User) -> list[User]:
    """The accounts joined into hers, oldest first."""
    return list(db.session.scalars(select(User).filter_by(merged_into_id=kept.id)
                                   .order_by(User.created_at)))
