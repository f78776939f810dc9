"""Staff accounts: trainers, coordinators, admins; their roles and the branches they serve.

An admin manages everyone. A coordinator manages the trainers of their own network and
can give them only branches of that network. Every change of role or scope is audited.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..db import db
from .models import Library, Network, Role, User
from .passwords import one_time_password
from .scope import visible_library_ids
from .services import PeopleError, create_user, give_new_secret
from .validation import InvalidDetail, clean_name, search_key


def roles_assignable_by(actor: User) -> list[Role]:
    if actor.role is Role.ADMIN:
        return [Role.TRAINER, Role.COORDINATOR, Role.ADMIN]
    if actor.role is Role.COORDINATOR:
        return [Role.TRAINER]
    return []


def _libraries(actor: User, ids: list[int]) -> list[Library]:
    """Return the branches with ``ids``, refusing any outside the actor's scope."""
    ids = sorted(set(ids))
    found = list(db.session.scalars(select(Library).where(
        Library.id.in_(ids), Library.id.in_(visible_library_ids(actor)))))
    if len(found) != len(ids):
        raise PeopleError(_l("Choose branches from the list."))
    return found


def _network(actor: User, network_id: int | None) -> Network | None:
    if network_id is None:
        return None
    if actor.role is not Role.ADMIN:
        raise PeopleError(_l("Only an administrator can change a coordinator's network."))
    network = db.session.get(Network, network_id)
    if network is None:
        raise PeopleError(_l("Choose a network from the list."))
    return network


def _check_role(actor: User, role: Role) -> None:
    if role not in roles_assignable_by(actor):
        raise PeopleError(_l("You cannot give this role."))


def create_staff(actor: User, *, username: str, full_name: str, role: Role, password: str,
                 library_ids: list[int], network_id: int | None = None) -> User:
    """Create a staff account within the actor's powers; audited."""
    _check_role(actor, role)
    libraries = _libraries(actor, library_ids)
    if role is Role.TRAINER and not libraries:
        raise PeopleError(_l("A trainer works at one branch at least."))
    network = _network(actor, network_id) if role is Role.COORDINATOR else None
    staff = create_user(username, full_name, role, password,
                        library=libraries[0] if libraries else None, network=network)
    staff.libraries = libraries if role is Role.TRAINER else []
    db.session.flush()
    record("staff_created", actor=actor, subject=staff, role=role.value,
           libraries=[lib.id for lib in libraries],
           network=network.code if network else None)
    db.session.flush()
    return staff


def reset_staff_password(actor: User, staff: User) -> str:
    """Give a member of staff a new password, shown once to the manager who asked, and end
    their sessions; return it (it is stored only as a hash)."""
    if staff.id == actor.id:
        raise PeopleError(_l("Change your own password on your account page."))
    password = one_time_password()
    give_new_secret(staff, password)
    record("staff_password_reset", actor=actor, subject=staff)
    db.session.flush()
    return password


def update_staff(actor: User, staff: User, *, role: Role, library_ids: list[int],
                 network_id: int | None, is_active: bool, full_name: str | None = None) -> User:
    """Change a staff member's name, role, branches, network or activity; each change
    audited."""
    if full_name is not None:
        try:
            full_name = clean_name(full_name)
        except InvalidDetail as exc:
            raise PeopleError(str(exc)) from None
        if full_name != staff.full_name:
            record("staff_renamed", actor=actor, subject=staff, before=staff.full_name,
                   after=full_name)
            staff.full_name = full_name
            staff.search_key = search_key(f"{full_name} {staff.username}")
    if staff.id == actor.id and (role is not staff.role or not is_active):
        raise PeopleError(_l("You cannot change your own role or switch yourself off."))
    _check_role(actor, role)
    libraries = _libraries(actor, library_ids)
    if role is Role.TRAINER and not libraries:
        raise PeopleError(_l("A trainer works at one branch at least."))
    if actor.role is not Role.ADMIN:
        # Keep the trainer's branches in other networks, which this coordinator cannot see.
        visible = set(db.session.scalars(visible_library_ids(actor)))
        hidden = [lib for lib in staff.libraries if lib.id not in visible]
        libraries = hidden + libraries
    network = _network(actor, network_id) if role is Role.COORDINATOR else None

    before = {"role": staff.role.value, "libraries": sorted(lib.id for lib in staff.libraries),
              "network": staff.network_id, "active": staff.is_active}
    staff.role = role
    staff.libraries = libraries if role is Role.TRAINER else []
    if libraries:
        staff.library = libraries[0] if staff.library not in libraries else staff.library
    if actor.role is Role.ADMIN:
        staff.network = network
    staff.is_active = is_active
    after = {"role": staff.role.value, "libraries": sorted(lib.id for lib in staff.libraries),
             "network": staff.network_id, "active": staff.is_active}
    if before["role"] != after["role"]:
        record("role_changed", actor=actor, subject=staff, before=before["role"],
               after=after["role"])
    if (before["libraries"], before["network"]) != (after["libraries"], after["network"]):
        record("scope_changed", actor=actor, subject=staff, before=before, after=after)
    if before["active"] != after["active"]:
        staff.session_version += 1
        record("staff_switched_" + ("on" if is_active else "off"), actor=actor, subject=staff)
    db.session.flush()
    return staff
