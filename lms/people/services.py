"""Creating and changing people, networks and branches."""

from __future__ import annotations

import re

from ..auth.services import hash_password
from ..db import db
from .models import Library, Network, Role, User

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
STAFF_PASSWORD_MIN = 10


class PeopleError(ValueError):
    """A person cannot be created or changed as asked; the message says why."""


def create_user(username: str, full_name: str, role: Role, password: str, *,
                library: Library | None = None, language: str = "ru",
                birth_year: int | None = None) -> User:
    """Create an account; staff passwords must be at least 10 characters long."""
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise PeopleError("username must be 2–64 latin letters, digits, dots, dashes")
    if role is not Role.LEARNER and len(password) < STAFF_PASSWORD_MIN:
        raise PeopleError(f"a staff password needs at least {STAFF_PASSWORD_MIN} characters")
    if db.session.scalar(db.select(User.id).filter_by(username=username)) is not None:
        raise PeopleError(f"the username {username} is taken")
    user = User(username=username, full_name=full_name.strip(), role=role,
                password_hash=hash_password(password), library=library, language=language,
                birth_year=birth_year)
    db.session.add(user)
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Replace a user's PIN or password."""
    user.password_hash = hash_password(password)
    db.session.commit()


def get_or_create_network(code: str, name: str, language: str = "ru") -> Network:
    """Return the network with ``code``, creating it with ``name`` if missing."""
    network = db.session.scalar(db.select(Network).filter_by(code=code))
    if network is None:
        network = Network(code=code, name=name, language=language)
        db.session.add(network)
        db.session.commit()
    return network


def get_or_create_library(network: Network, code: str, name: str, **details) -> Library:
    """Return the branch ``code`` of ``network``, creating it if missing."""
    library = db.session.scalar(db.select(Library).filter_by(network_id=network.id, code=code))
    if library is None:
        library = Library(network=network, code=code, name=name, **details)
        db.session.add(library)
        db.session.commit()
    return library
