"""Adding the staff of a network at once from a CSV file, as learners are: every line is
checked first, then everyone is added or nobody, each with a one-time password shown once.

Columns (English, Russian or Ukrainian headers): the name; the role (trainer, coordinator;
a trainer if empty); the branches a trainer works at, by their codes ("central b5", or
"demo/central" where two networks use the same code); a coordinator's network code
(empty: the whole region); a username (made from the name if empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ..db import db
from .csv_files import UnreadableLine, csv_rows, delimiter_of
from .importing import decode
from .models import Library, Network, Role, User
from .passwords import one_time_password
from .scope import libraries_visible_to
from .services import USERNAME_RE, PeopleError, propose_username
from .staff import create_staff, roles_assignable_by
from .validation import InvalidDetail, clean_name, search_key

MAX_ROWS = 100  # each password is hashed slowly, on purpose: a file is seconds, not minutes
COLUMNS = {
    "full_name": "full_name", "name": "full_name", "фио": "full_name", "піб": "full_name",
    "role": "role", "роль": "role",
    "branches": "branches", "филиалы": "branches", "філії": "branches",
    "network": "network", "сеть": "network", "мережа": "network",
    "username": "username", "логин": "username", "имя пользователя": "username",
    "логін": "username", "ім'я користувача": "username",
}
ROLES = {"trainer": Role.TRAINER, "тренер": Role.TRAINER, "библиотекарь": Role.TRAINER,
         "бібліотекар": Role.TRAINER, "coordinator": Role.COORDINATOR,
         "координатор": Role.COORDINATOR, "методист": Role.COORDINATOR}


@dataclass
class StaffImport:
    problems: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[int, dict]] = field(default_factory=list)
    added: list[tuple[User, str]] = field(default_factory=list)  # each with its password


def check_staff_file(actor: User, data: bytes) -> StaffImport:
    """Read and check every line; nothing is written."""
    result = StaffImport()
    text, _encoding = decode(data)
    lines = text.splitlines()
    if not lines:
        result.problems.append((1, _("The file is empty.")))
        return result
    try:
        reader = csv_rows(text, delimiter_of(lines[0]) or ";")
        header = [COLUMNS.get(cell.strip().lower()) for cell in next(reader, (1, []))[1]]
        if "full_name" not in header:
            result.problems.append((1, _("The first line must name the columns; one of them "
                                         "is full_name (or ФИО).")))
            return result
        if sum(1 for line in lines[1:] if line.strip()) > MAX_ROWS:
            result.problems.append((MAX_ROWS + 2, _(
                "Too many rows: at most %(max)s at once.", max=MAX_ROWS)))
            return result
        branches = _branches_by_code(actor)
        usernames: dict[str, int] = {}
        for number, cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = {key: cells[i].strip() for i, key in enumerate(header)
                      if key and i < len(cells)}
            try:
                row = _checked(actor, values, branches)
            except PeopleError as exc:
                result.problems.append((number, str(exc)))
                continue
            if row["username"] in usernames:
                result.problems.append((number, _(
                    "The username %(username)s is also on line %(line)s.",
                    username=row["username"], line=usernames[row["username"]])))
                continue
            if row["username"]:
                usernames[row["username"]] = number
            result.rows.append((number, row))
    except UnreadableLine as exc:
        result.problems.append((exc.line, str(exc)))
    _refuse_the_already_added(result)
    return result


def add_staff(actor: User, result: StaffImport) -> None:
    """Add everyone of a checked file, or nobody (the caller rolls back on a problem)."""
    for line, row in result.rows:
        password = one_time_password()
        try:
            person = create_staff(
                actor, username=row["username"] or propose_username(row["full_name"]),
                full_name=row["full_name"], role=row["role"], password=password,
                library_ids=row["library_ids"], network_id=row["network_id"])
        except PeopleError as exc:
            result.problems.append((line, str(exc)))
            result.added = []
            return
        result.added.append((person, password))


def _checked(actor: User, values: dict, branches: dict[str, list[Library]]) -> dict:
    try:
        full_name = clean_name(values.get("full_name", ""))
    except InvalidDetail as exc:
        raise PeopleError(str(exc)) from None
    role = ROLES.get((values.get("role") or "trainer").lower())
    if role is None or role not in roles_assignable_by(actor):
        allowed = ", ".join("тренер" if r is Role.TRAINER else "координатор"
                            for r in roles_assignable_by(actor) if r is not Role.ADMIN)
        raise PeopleError(_("The role «%(role)s» cannot be given here; write one of: "
                            "%(allowed)s.", role=values.get("role", "")[:20], allowed=allowed))
    libraries = []
    for code in re.split(r"[\s,;]+", values.get("branches", "").lower()):
        if not code:
            continue
        found = branches.get(code, [])
        if not found:
            raise PeopleError(_("No branch of yours has the code «%(code)s».", code=code[:40]))
        if len(found) > 1:
            raise PeopleError(_("The code «%(code)s» is used in several networks: write it "
                                "as network/branch (for example demo/central).",
                                code=code[:40]))
        libraries.append(found[0].id)
    if role is Role.TRAINER and not libraries:
        raise PeopleError(_("A trainer works at one branch at least: give the branch codes."))
    network_id = None
    if role is Role.COORDINATOR and values.get("network"):
        network = db.session.scalar(select(Network).filter_by(code=values["network"].lower()))
        if network is None:
            raise PeopleError(_("There is no network with the code «%(code)s».",
                                code=values["network"][:40]))
        network_id = network.id
    username = values.get("username", "").strip().lower()
    if username and not USERNAME_RE.match(username):
        raise PeopleError(_("A username is 2 to 64 latin letters, digits, dots or dashes."))
    if username and db.session.scalar(select(User.id).filter_by(username=username)):
        raise PeopleError(_("The username %(username)s is taken.", username=username))
    return {"full_name": full_name, "role": role, "library_ids": libraries,
            "network_id": network_id, "username": username}


def _branches_by_code(actor: User) -> dict[str, list[Library]]:
    """Each code of the actor's branches, and network/code, to the branches that have it."""
    found: dict[str, list[Library]] = {}
    for library in libraries_visible_to(actor):
        for key in (library.code.lower(), f"{library.network.code}/{library.code}".lower()):
            found.setdefault(key, []).append(library)
    return found


def _refuse_the_already_added(result: StaffImport) -> None:
    """Someone already on the staff under the same name is a problem of its own: added
    again, they would have two accounts."""
    names = {search_key(row["full_name"]): line for line, row in result.rows}
    for username, full_name in db.session.execute(
            select(User.username, User.full_name).where(User.role != Role.LEARNER)):
        if search_key(full_name) in names:
            result.problems.append((names[search_key(full_name)], _(
                "Already on the staff: %(username)s. Remove the line, or change their "
                "branches on their page.", username=username)))
    result.problems.sort()
