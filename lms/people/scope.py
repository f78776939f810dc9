"""Who may see whom: every view and export asks here, so a forgotten check cannot leak.

- an admin sees everything;
- a coordinator sees the branches of their network (all networks when regional);
- a trainer sees the branches they work at;
- a learner sees only themselves.

Anything outside the caller's scope is reported as "not found" (404), never "forbidden",
so that ids of other branches' people cannot even be confirmed.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, false, or_, select, true

from ..db import db
from .models import Library, Network, Role, User, trainer_library
from .validation import search_key


def library_condition(user: User) -> ColumnElement[bool]:
    """Return a SQL condition on ``Library`` for the branches ``user`` may see."""
    if not user.is_authenticated:
        return false()
    if user.role is Role.ADMIN or (user.role is Role.COORDINATOR and user.network_id is None):
        return true()
    if user.role is Role.COORDINATOR:
        return Library.network_id == user.network_id
    if user.role is Role.TRAINER:
        return Library.id.in_(select(trainer_library.c.library_id)
                              .where(trainer_library.c.user_id == user.id))
    return false()


def visible_library_ids(user: User) -> Select:
    return select(Library.id).where(library_condition(user))


def libraries_visible_to(user: User) -> list[Library]:
    """Return the branches ``user`` may see, by network and name."""
    return list(db.session.scalars(
        select(Library).join(Network).where(library_condition(user))
        .order_by(Network.name, Library.name)))


def networks_visible_to(user: User) -> list[Network]:
    """Return the networks that hold a branch ``user`` may see."""
    return list(db.session.scalars(
        select(Network).where(Network.id.in_(
            select(Library.network_id).where(library_condition(user))))
        .order_by(Network.name)))


def learners_visible_to(user: User, search: str | None = None) -> Select:
    """Return a query for the learners ``user`` may see, optionally matching ``search``."""
    # an account joined into another one is not a learner any more (people/merging.py)
    query = select(User).where(User.role == Role.LEARNER, User.merged_into_id.is_(None))
    if user.is_authenticated and user.role is Role.LEARNER:
        query = query.where(User.id == user.id)
    else:
        query = query.where(User.library_id.in_(visible_library_ids(user)))
    if search:
        pattern = "%" + _escape_like(search_key(search)) + "%"
        query = query.where(User.search_key.like(pattern, escape="\\"))
    return query.order_by(User.search_key)


def staff_visible_to(user: User) -> Select:
    """Return a query for the staff accounts ``user`` may manage.

    An admin manages everyone on the staff; a coordinator manages the trainers of
    their network (trainers whose home branch or one of whose branches is in it).
    """
    query = select(User).where(User.role != Role.LEARNER)
    if user.role is Role.ADMIN:
        return query.order_by(User.search_key)
    if user.role is Role.COORDINATOR:
        libraries = visible_library_ids(user)
        works_there = select(trainer_library.c.user_id).where(
            trainer_library.c.library_id.in_(libraries))
        return (query.where(User.role == Role.TRAINER)
                .where(or_(User.library_id.in_(libraries), User.id.in_(works_there)))
                .order_by(User.search_key))
    return query.where(false())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _one_or_404(query: Select):
    found = db.session.scalar(query)
    if found is None:
        abort(404)
    return found


def get_learner_or_404(user_id: int) -> User:
    """Return a learner the current user may see, or end the request with 404."""
    return _one_or_404(learners_visible_to(current_user).where(User.id == user_id))


def get_staff_or_404(user_id: int) -> User:
    """Return a staff account the current user may manage, or end with 404."""
    return _one_or_404(staff_visible_to(current_user).where(User.id == user_id))


def get_library_or_404(library_id: int) -> Library:
    """Return a branch the current user may see, or end the request with 404."""
    return _one_or_404(select(Library).where(Library.id == library_id,
                                             library_condition(current_user)))


def get_network_or_404(network_id: int) -> Network:
    """Return a network the current user may see, or end the request with 404."""
    query = select(Network).where(Network.id == network_id)
    if current_user.role is not Role.ADMIN:  # an admin also sees networks with no branch yet
        query = query.where(Network.id.in_(
            select(Library.network_id).where(library_condition(current_user))))
    return _one_or_404(query)
