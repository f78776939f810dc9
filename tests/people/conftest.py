"""Two networks with people of every role, to test who sees what."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Library, Network, Role, User


@dataclass
class World:
    network_a: Network
    network_b: Network
    a1: Library
    a2: Library
    b1: Library
    people: dict[str, User]
    certificates: dict = None
    classes: dict = None
    consultations: dict = None

    def __getitem__(self, name: str) -> User:
        return self.people[name]


@pytest.fixture
def world(app, make_user) -> World:
    network_a = get_or_create_network("net-a", "Сеть А")
    network_b = get_or_create_network("net-b", "Мережа Б", "uk")
    a1 = get_or_create_library(network_a, "a1", "Библиотека А-1")
    a2 = get_or_create_library(network_a, "a2", "Библиотека А-2")
    b1 = get_or_create_library(network_b, "b1", "Бібліотека Б-1", country="UA",
                               timezone="Europe/Kyiv")
    people = {
        "learner_a": make_user("learner.a", at=a1, full_name="Иванова Мария"),
        "learner_a2": make_user("learner.a2", at=a2, full_name="Сидоров Пётр"),
        "learner_b": make_user("learner.b", at=b1, full_name="Петренко Олена"),
        "trainer_a": make_user("trainer.a", role=Role.TRAINER, at=a1),
        "trainer_b": make_user("trainer.b", role=Role.TRAINER, at=b1),
        "coordinator_a": make_user("coord.a", role=Role.COORDINATOR, at=a1,
                                   network=network_a),
        "regional": make_user("regional", role=Role.COORDINATOR, at=a1),
        "admin": make_user("admin", role=Role.ADMIN, at=a1),
    }
    db.session.commit()
    from lms.certificates.services import issue_on_paper
    from lms.state import catalogue

    course = catalogue().get("first-steps")
    certificates = {key: issue_on_paper(people["admin"], people[f"learner_{key.lower()}"], course)
                    for key in ("A", "B")}
    from datetime import date

    from lms.classes import services as classes
    from lms.consultations import services as consultations

    today = date.today()
    groups = {key: classes.create_class(people[f"trainer_{key.lower()}"],
                                        library_id=lib.id, course=course, name=f"Группа {key}",
                                        starts_on=today)
              for key, lib in (("A", a1), ("B", b1))}
    for key, group in groups.items():
        classes.enrol(people[f"trainer_{key.lower()}"], group, people[f"learner_{key.lower()}"])
        classes.add_session(people[f"trainer_{key.lower()}"], group, today, None)
    entries = {key: consultations.save(people[f"trainer_{key.lower()}"], library_id=lib.id,
                                       on=today, topic="pension", format="individual",
                                       people=1, outcome="explained", learner_id=None)
               for key, lib in (("A", a1), ("B", b1))}
    db.session.commit()
    return World(network_a, network_b, a1, a2, b1, people, certificates, groups, entries)
