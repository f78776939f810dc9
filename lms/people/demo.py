"""A demo network to try Gramota with: three branches and one person of each role."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from ..db import db
from .models import Role, User
from .services import create_user, get_or_create_library, get_or_create_network, set_password

NETWORK = ("demo", "Демонстрационная сеть библиотек")
BRANCHES = [
    ("central", "Центральная городская библиотека", "ул. Ленина, 12"),
    ("north", "Библиотека-филиал № 3 «Северная»", "пр. Мира, 45"),
    ("village", "Сельская библиотека посёлка Озёрный", "ул. Школьная, 2"),
]
PEOPLE = [
    # username, full name, role, home branch (staff of the network sit at the central one)
    ("admin", "Администратор Грамоты", Role.ADMIN, None, None),
    ("metodist", "Елена Викторовна Соколова", Role.COORDINATOR, None, 1975),
    ("trainer", "Ольга Николаевна Петрова", Role.TRAINER, "central", 1982),
    ("ivanova", "Мария Алексеевна Иванова", Role.LEARNER, "central", 1954),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    full_name: str
    library: str | None


def _new_secret(role: Role) -> str:
    if role is Role.LEARNER:
        return f"{secrets.randbelow(10**6):06d}"  # a 6-digit PIN, as on a learner's card
    return secrets.token_urlsafe(9)  # 12 characters


def load_demo() -> list[DemoAccount]:
    """Create the demo network (or refresh it) and give every demo account a new secret."""
    network = get_or_create_network(*NETWORK)
    libraries = {
        code: get_or_create_library(network, code, name, address=address)
        for code, name, address in BRANCHES
    }
    accounts = []
    for username, full_name, role, branch, birth_year in PEOPLE:
        secret = _new_secret(role)
        user = db.session.scalar(db.select(User).filter_by(username=username))
        library = libraries[branch or "central"]
        if user is None:
            user = create_user(username, full_name, role, secret, library=library,
                               birth_year=birth_year)
        else:
            set_password(user, secret)
        accounts.append(DemoAccount(username, secret, role.value, full_name,
                                    library.name if library else None))
    return accounts


def as_dicts(accounts: list[DemoAccount]) -> list[dict]:
    return [asdict(account) for account in accounts]
