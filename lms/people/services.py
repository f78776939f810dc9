"""Creating people and changing their accounts: registration, PINs, privacy requests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import events
from ..audit.services import forget_words, record
from ..db import db, utcnow
from .models import ConsentRecord, Library, Network, Role, User
from .passwords import (
    hash_password,
    learner_secret_problem,
    new_pin,
    staff_password_problem,
    verify_password,
)
from .scope import visible_library_ids
from .usernames import base_username
from .validation import (
    InvalidDetail,
    clean_birth_year,
    clean_email,
    clean_name,
    clean_phone,
    search_key,
)

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
CONSENT_METHODS = ("paper", "screen")


class PeopleError(ValueError):
    """A person cannot be created or changed as asked; the message says why."""


def _username_free(username: str) -> bool:
    return db.session.scalar(select(User.id).filter_by(username=username)) is None


def propose_username(full_name: str, lang: str = "ru") -> str:
    """Return a free username from the name: ivanova.ma, then ivanova.ma2, ivanova.ma3 …"""
    base = base_username(full_name, lang)
    taken = set(db.session.scalars(select(User.username).where(User.username.like(base + "%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def check_username(username: str) -> str:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise PeopleError(_l("A username is 2 to 64 latin letters, digits, dots or dashes."))
    if not _username_free(username):
        raise PeopleError(_l("The username %(username)s is taken.", username=username))
    return username


def create_user(username: str, full_name: str, role: Role, password: str, *,
                library: Library | None = None, network: Network | None = None,
                language: str = "ru", birth_year: int | None = None,
                phone: str | None = None, email: str | None = None,
                password_hash: str | None = None) -> User:
    """Create an account (added to the session, not committed)."""
    username = check_username(username)
    try:
        full_name = clean_name(full_name)
    except InvalidDetail as exc:
        raise PeopleError(str(exc)) from None
    if role is not Role.LEARNER:
        problem = staff_password_problem(password, username)
        if problem:
            raise PeopleError(_(problem))
    user = User(username=username, full_name=full_name, search_key=search_key(
        f"{full_name} {username}"), role=role,
        password_hash=password_hash or hash_password(password),
        library=library, network=network, language=language, birth_year=birth_year,
        phone=phone, email=email)
    if role is Role.TRAINER and library is not None:
        user.libraries.append(library)
    db.session.add(user)
    return user


@dataclass(frozen=True)
class Registration:
    learner: User
    pin: str


def register_learner(actor: User, *, full_name: str, library_id: int, language: str,
                     consent_method: str, birth_year=None, phone=None, email=None,
                     username: str | None = None,
                     pin: tuple[str, str] | None = None) -> Registration:
    """Register a learner at the desk, with their consent, and give them a PIN (or the
    ``pin`` given with its hash, made beforehand: lms/people/import_jobs.py)."""
    library = db.session.scalar(select(Library).where(
        Library.id == library_id, Library.id.in_(visible_library_ids(actor))))
    if library is None:
        raise PeopleError(_l("Choose one of your branches."))
    if consent_method not in CONSENT_METHODS:
        raise PeopleError(_l("Record how the learner gave their consent."))
    if language not in current_app.config["LMS_LANGUAGES"]:
        raise PeopleError(_l("Choose a language from the list."))
    try:
        details = {"birth_year": clean_birth_year(birth_year), "phone": clean_phone(phone),
                   "email": clean_email(email)}
        full_name = clean_name(full_name)
    except InvalidDetail as exc:
        raise PeopleError(str(exc)) from None
    pin, pin_hash = pin or (new_pin(), None)
    learner = create_user(username or propose_username(full_name, language), full_name,
                          Role.LEARNER, pin, library=library, language=language,
                          password_hash=pin_hash, **details)
    learner.consents.append(ConsentRecord(
        text_version=current_app.config["LMS_CONSENT_VERSION"], method=consent_method,
        recorded_by_id=actor.id))
    db.session.flush()
    record("learner_registered", actor=actor, subject=learner, consent=consent_method)
    events.learner_registered.send(learner, registered_by=actor)
    return Registration(learner, pin)


def same_person(library_id: int, names: list[tuple[str, int | None]]) -> dict:
    """Learners of the branch's network already registered under one of ``names`` (a full
    name and a year of birth; ё/е and case folded; a missing year matches any): for each
    (name, year) asked, the people found. Registering her again would give her a second
    account, ivanova.ma2, and split her progress."""
    library = db.session.get(Library, library_id)
    if library is None or not names:
        return {}
    folded = {search_key(name): (name, year) for name, year in names}
    own_name = func.substr(User.search_key, 1,
                           func.length(User.search_key) - func.length(User.username) - 1)
    found: dict[tuple[str, int | None], list[User]] = {}
    for person in db.session.scalars(
            select(User).join(Library, User.library_id == Library.id)
            .where(User.role == Role.LEARNER, User.anonymised_at.is_(None),
                   User.merged_into_id.is_(None), Library.network_id == library.network_id,
                   own_name.in_(list(folded)))
            .order_by(User.id)):
        name, year = folded[search_key(person.full_name)]
        if year is None or person.birth_year is None or person.birth_year == year:
            found.setdefault((name, year), []).append(person)
    return found


def change_learner_details(actor: User, learner: User, *, library_id: int, language: str,
                           birth_year=None, phone=None, email=None) -> None:
    """Correct a learner's branch, language, year of birth and contacts. A move to another
    branch changes where she is counted from now on; what she did stays with the branch
    where she did it (each enrollment keeps its branch)."""
    library = db.session.scalar(select(Library).where(
        Library.id == library_id, Library.id.in_(visible_library_ids(actor))))
    if library is None:
        raise PeopleError(_l("Choose one of your branches."))
    if language not in current_app.config["LMS_LANGUAGES"]:
        raise PeopleError(_l("Choose a language from the list."))
    try:
        details = {"birth_year": clean_birth_year(birth_year), "phone": clean_phone(phone),
                   "email": clean_email(email), "language": language}
    except InvalidDetail as exc:
        raise PeopleError(str(exc)) from None
    changed = sorted(name for name, value in details.items() if getattr(learner, name) != value)
    moved = library.id != learner.library_id
    if moved:
        record("learner_moved", actor=actor, subject=learner,
               before=learner.library_id, after=library.id)
        learner.library = library
    for name, value in details.items():
        setattr(learner, name, value)
    if changed:
        record("learner_details_changed", actor=actor, subject=learner, fields=changed)
    db.session.flush()
    if changed or moved:
        events.learner_details_changed.send(learner, fields=changed + ["library"] * moved,
                                            changed_by=actor)


def self_register(*, full_name: str, library_id: int, language: str, birth_year=None,
                  username: str | None = None) -> Registration:
    """Let a visitor create their own learner account at a branch that allows it."""
    library = db.session.scalar(select(Library).join(Network).where(
        Library.id == library_id, Network.self_registration.is_(True)))
    if library is None:
        raise PeopleError(_l("Choose a library from the list."))
    if language not in current_app.config["LMS_LANGUAGES"]:
        raise PeopleError(_l("Choose a language from the list."))
    try:
        full_name, birth_year = clean_name(full_name), clean_birth_year(birth_year)
    except InvalidDetail as exc:
        raise PeopleError(str(exc)) from None
    pin = new_pin()
    learner = create_user(username or propose_username(full_name, language), full_name,
                          Role.LEARNER, pin, library=library, language=language,
                          birth_year=birth_year)
    learner.consents.append(ConsentRecord(
        text_version=current_app.config["LMS_CONSENT_VERSION"], method="screen"))
    db.session.flush()
    record("learner_self_registered", subject=learner)
    db.session.flush()
    events.learner_registered.send(learner, registered_by=None)
    return Registration(learner, pin)


def self_registration_libraries() -> list[Library]:
    """Return the branches of networks where learners may register themselves."""
    return list(db.session.scalars(select(Library).join(Network).where(
        Network.self_registration.is_(True)).order_by(Network.name, Library.name)))


def reset_pin(actor: User, learner: User) -> str:
    """Give a learner a new PIN; their open sessions end."""
    pin = new_pin()
    give_new_secret(learner, pin)
    record("pin_reset", actor=actor, subject=learner)
    db.session.flush()
    return pin


def change_own_secret(user: User, current: str, new: str) -> None:
    """Let someone change their own PIN or password after confirming the current one."""
    if not verify_password(user, current):
        raise PeopleError(_l("The current PIN or password is not right."))
    problem = (learner_secret_problem(new) if user.is_learner
               else staff_password_problem(new, user.username))
    if problem:
        raise PeopleError(_(problem))
    user.password_hash = hash_password(new)
    user.session_version += 1
    record("password_changed", actor=user, subject=user)
    db.session.flush()


def give_new_secret(user: User, secret: str) -> None:
    """A new PIN or password given by staff: the old one and every session end, and any
    pause after wrong tries is lifted, so the person may sign in at once."""
    user.password_hash = hash_password(secret)
    user.session_version += 1
    user.sign_in_failures = user.known_device_failures = 0


def set_password(user: User, password: str) -> None:
    """Replace a user's PIN or password without the usual checks (demo, CLI)."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.flush()


def request_erasure(user: User) -> None:
    """Record a learner's request to erase their personal data (for staff to act on)."""
    if user.erasure_requested_at is None:
        user.erasure_requested_at = utcnow()
        record("erasure_requested", actor=user, subject=user)
        db.session.flush()


def anonymise(actor: User, learner: User, reason: str) -> None:
    """Remove a learner's personal data; progress and certificates stay for the figures."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise PeopleError(_l("Please write the reason."))
    if learner.is_anonymised:
        return
    names = [learner.full_name, learner.username]
    learner.full_name = f"— {learner.id} —"
    learner.username = f"anon-{learner.id}"
    learner.search_key = ""
    learner.phone = learner.email = None
    learner.birth_year = None
    learner.is_active = False
    learner.session_version += 1
    learner.password_hash = "!"  # matches no PIN or password
    learner.anonymised_at = utcnow()
    record("anonymised", actor=actor, subject=learner, reason=reason[:500])
    db.session.flush()
    forget_words(names)  # in the audit log's details: a mistyped sign-in, a correction…
    events.learner_anonymised.send(learner, names=names)
    for joined in db.session.scalars(select(User).filter_by(merged_into_id=learner.id)):
        anonymise(actor, joined, reason)  # her other account holds her name too
