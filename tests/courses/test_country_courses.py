"""A country's e-government course is shown to the people of that country's branches."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import sign_in, text_of

from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.services import create_user

ROOT = Path(__file__).parents[2]
PORTALS = {"RU": "/courses/gosuslugi/", "UA": "/courses/diia/", "KZ": "/courses/egov-kz/"}


@pytest.fixture
def real_app(make_app):
    app = make_app(LMS_COURSES_DIR=str(ROOT / "courses"), LMS_QUIZZES_DIR=str(ROOT / "quizzes"))
    with app.app_context():
        yield app


@pytest.fixture
def branches(real_app):
    found = {country: get_or_create_library(get_or_create_network(f"net-{country}", country),
                                            "central", f"Центральная {country}",
                                            country=country)
             for country in PORTALS}
    db.session.commit()
    return found


def person(username, at, role=Role.LEARNER):
    user = create_user(username, username.title(), role,
                       "246810" if role is Role.LEARNER else "Long-password-1", library=at)
    db.session.commit()
    user.plain_password = "246810" if role is Role.LEARNER else "Long-password-1"
    return user


@pytest.mark.parametrize("country", sorted(PORTALS))
def test_a_learner_sees_her_countrys_portal_and_no_other(real_app, branches, country):
    client = real_app.test_client()
    sign_in(client, person(f"learner.{country.lower()}", branches[country]))
    catalogue = text_of(client.get("/"))
    for other, address in PORTALS.items():
        assert (f'href="{address}"' in catalogue) is (other == country), (country, other)
        assert client.get(address).status_code == (200 if other == country else 404)


def test_staff_see_their_branches_countries_and_a_visitor_sees_all(real_app, branches):
    trainer = person("trainer.ua", branches["UA"], Role.TRAINER)
    client = real_app.test_client()
    sign_in(client, trainer)
    catalogue = text_of(client.get("/"))
    assert 'href="/courses/diia/"' in catalogue and 'href="/courses/gosuslugi/"' not in catalogue
    visitor = text_of(real_app.test_client().get("/"))
    assert all(f'href="{address}"' in visitor for address in PORTALS.values())
    admin = real_app.test_client()
    sign_in(admin, person("admin", branches["RU"], Role.ADMIN))
    assert all(f'href="{address}"' in text_of(admin.get("/")) for address in PORTALS.values())
