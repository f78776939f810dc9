"""A demo to try Gramota with: two networks, their branches and one person of each role.

Two networks, so that the scope rules can be seen: the trainer and the coordinator of
the first network do not see the people of the second.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from flask import current_app

from ..db import db, utcnow
from ..people.branches import get_or_create_library, get_or_create_network
from ..people.models import ConsentRecord, Library, Network, Role, User
from ..people.passwords import new_pin
from ..people.services import create_user, set_password

NETWORKS = [
    ("demo", "Демонстрационная ЦБС", "ru", [
        ("central", "Центральная городская библиотека", "ул. Ленина, 12", "RU",
         "Europe/Moscow"),
        ("north", "Библиотека-филиал № 3 «Северная»", "пр. Мира, 45", "RU", "Europe/Moscow"),
        ("village", "Сельская библиотека посёлка Озёрный", "ул. Школьная, 2", "RU",
         "Europe/Moscow"),
    ]),
    ("demo-ua", "Демонстраційна ЦБС (Україна)", "uk", [
        ("central", "Центральна бібліотека ім. Т. Г. Шевченка", "вул. Соборна, 8", "UA",
         "Europe/Kyiv"),
        ("branch-5", "Бібліотека-філія № 5", "просп. Миру, 21", "UA", "Europe/Kyiv"),
    ]),
]
PEOPLE = [
    # username, full name, role, (network, branch) or None, birth year, language
    ("admin", "Администратор Грамоты", Role.ADMIN, None, None, "ru"),
    ("metodist", "Соколова Елена Викторовна", Role.COORDINATOR, ("demo", "central"), 1975,
     "ru"),
    ("trainer", "Петрова Ольга Николаевна", Role.TRAINER, ("demo", "central"), 1982, "ru"),
    ("ivanova.ma", "Иванова Мария Алексеевна", Role.LEARNER, ("demo", "central"), 1954, "ru"),
    ("trener.ua", "Коваленко Ірина Петрівна", Role.TRAINER, ("demo-ua", "central"), 1979,
     "uk"),
    ("petrenko.ov", "Петренко Олена Василівна", Role.LEARNER, ("demo-ua", "branch-5"), 1951,
     "uk"),
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
        return new_pin()  # as printed on a learner's card
    return secrets.token_urlsafe(9)  # 12 characters


def load_demo() -> list[DemoAccount]:
    """Create the demo networks (or refresh them) and give every account a new secret."""
    libraries = {}
    for code, name, language, branches in NETWORKS:
        network = get_or_create_network(code, name, language)
        for branch, branch_name, address, country, timezone in branches:
            libraries[code, branch] = get_or_create_library(
                network, branch, branch_name, address=address, country=country,
                timezone=timezone)
    accounts = []
    for username, full_name, role, place, birth_year, language in PEOPLE:
        secret = _new_secret(role)
        library = libraries[place] if place else None
        user = db.session.scalar(db.select(User).filter_by(username=username))
        if user is None:
            user = create_user(username, full_name, role, secret, library=library,
                               network=library.network if role is Role.COORDINATOR else None,
                               birth_year=birth_year, language=language)
            if role is Role.LEARNER:
                user.consents.append(ConsentRecord(
                    text_version=current_app.config["LMS_CONSENT_VERSION"], method="paper"))
            db.session.flush()
        else:
            set_password(user, secret)
        accounts.append(DemoAccount(username, secret, role.value, full_name,
                                    library.name if library else None))
    return accounts


def load_activity(months: int = 12) -> int:
    """A year of made-up activity at the demo branches, so the reports have something to
    show; added once (return the number of learners added, 0 if already there)."""
    from ..state import catalogue
    from .activity import Scale, generate

    if db.session.scalar(db.select(User.id).where(User.username.like("demo.l%")).limit(1)):
        return 0
    libraries = list(db.session.scalars(db.select(Library).join(Network).where(
        Network.code.in_([code for code, *_rest in NETWORKS])).order_by(Library.id)))
    return generate(libraries, catalogue(), Scale(learners_per_branch=40, months=months),
                    end=utcnow().date(), prefix="demo")


def as_dicts(accounts: list[DemoAccount]) -> list[dict]:
    return [asdict(account) for account in accounts]
