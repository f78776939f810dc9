"""Networks, branches and staff accounts; who may change what; everything audited."""

from __future__ import annotations

import io

import pytest
from helpers import csrf_from, sign_in, text_of

from lms.audit.models import AuditEvent, AuditLogIsAppendOnly
from lms.db import db
from lms.people.models import Library, Network, Role, User


@pytest.fixture
def admin(make_user):
    return make_user("boss", role=Role.ADMIN)


def post_form(client, url, **data):
    token = csrf_from(text_of(client.get(url)))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


def test_admin_creates_a_network_and_a_branch(client, admin):
    sign_in(client, admin)
    response = post_form(client, "/admin/networks/new", code="ekb", name="ЦБС Екатеринбурга",
                         language="ru")
    assert "ЦБС Екатеринбурга" in text_of(response)
    network = db.session.scalar(db.select(Network).filter_by(code="ekb"))
    response = post_form(client, f"/admin/networks/{network.id}/libraries/new", code="b1",
                         name="Библиотека им. Бажова", address="ул. Чапаева, 5",
                         country="ru", timezone="Asia/Yekaterinburg")
    assert "Библиотека им. Бажова" in text_of(response)
    library = db.session.scalar(db.select(Library).filter_by(code="b1"))
    assert (library.country, library.timezone) == ("RU", "Asia/Yekaterinburg")
    actions = db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id))
    assert list(actions)[-2:] == ["network_saved", "library_saved"]


def test_bad_branch_details_are_refused_with_a_message(client, admin, library):
    sign_in(client, admin)
    url = f"/admin/networks/{library.network_id}/libraries/new"
    for fields, message in (({"code": "a b", "name": "X"}, "Код"),
                            ({"code": "central", "name": "X"}, "уже есть филиал"),
                            ({"code": "n", "name": "X", "timezone": "Mars/Base"},
                             "Неизвестный часовой пояс"),
                            ({"code": "n", "name": "X", "country": "Russia"}, "двухбуквенный")):
        response = post_form(client, url, **fields)
        assert response.status_code == 422
        assert message in text_of(response), fields
    assert db.session.scalar(db.select(db.func.count(Library.id))) == 1


def test_csv_import_creates_and_updates_or_changes_nothing(client, admin, library):
    sign_in(client, admin)
    url = f"/admin/networks/{library.network_id}/"
    good = ("code;name;address;country;timezone\n"
            "central;Центральная библиотека им. Пушкина;ул. Ленина, 1;RU;Europe/Moscow\n"
            "v2;Сельская библиотека;д. Берёзовка;RU;Europe/Moscow\n").encode("utf-8-sig")
    response = client.post(url, data={"csrf_token": csrf_from(text_of(client.get(url))),
                                      "file": (io.BytesIO(good), "branches.csv")},
                           follow_redirects=True)
    assert "1 новых, 1 обновлено" in text_of(response)
    assert db.session.get(Library, library.id).name == "Центральная библиотека им. Пушкина"
    bad = ("code;name;country\nv3;Новая;RU\nv4;;RU\nv5;Ещё;Russia\n").encode()
    response = client.post(url, data={"csrf_token": csrf_from(text_of(client.get(url))),
                                      "file": (io.BytesIO(bad), "bad.csv")})
    page = text_of(response)
    assert response.status_code == 422
    assert "строка 3" in page and "строка 4" in page and "строка 2" not in page
    assert db.session.scalar(db.select(Library).filter_by(code="v3")) is None


@pytest.mark.parametrize("content, message", [
    ("code name\nv3 Новая\n", "В первой строке"),  # no ; nor , between the cells
    ("code;name\nv3;\"Новая\nv4;Ещё\n", "кавычк"),
    ("code;name\nv3;" + "Я" * 200_000 + "\n", "слишком длинн"),
])
def test_a_file_that_cannot_be_read_says_why_and_changes_nothing(client, admin, library,
                                                                  content, message):
    sign_in(client, admin)
    url = f"/admin/networks/{library.network_id}/"
    response = client.post(url, data={"csrf_token": csrf_from(text_of(client.get(url))),
                                      "file": (io.BytesIO(content.encode()), "bad.csv")})
    assert response.status_code == 422 and message in text_of(response)
    assert db.session.scalar(db.select(Library).filter_by(code="v3")) is None


def test_coordinator_manages_only_trainers_of_their_network(client, make_user, library):
    from lms.people.branches import get_or_create_library, get_or_create_network

    other_library = get_or_create_library(get_or_create_network("b", "Сеть Б"), "b1", "Б-1")
    coordinator = make_user("coord", role=Role.COORDINATOR, network=library.network)
    mine = make_user("mine", role=Role.TRAINER)
    theirs = make_user("theirs", role=Role.TRAINER, at=other_library)
    sign_in(client, coordinator)
    page = text_of(client.get("/admin/staff/"))
    assert "Mine" in page and "Theirs" not in page
    assert client.get(f"/admin/staff/{theirs.id}/edit").status_code == 404

    # A forged role is refused; a branch of another network is refused.
    response = post_form(client, f"/admin/staff/{mine.id}/edit", role="admin",
                         library_ids=str(library.id), full_name="Mine")
    assert response.status_code == 422
    response = post_form(client, f"/admin/staff/{mine.id}/edit", role="trainer",
                         library_ids=[str(library.id), str(other_library.id)], full_name="Mine")
    assert response.status_code == 422
    assert db.session.get(User, mine.id).role is Role.TRAINER
    assert [lib.id for lib in db.session.get(User, mine.id).libraries] == [library.id]


def test_admin_changes_a_role_and_the_change_is_audited(client, admin, make_user, library):
    trainer = make_user("petrova", role=Role.TRAINER)
    sign_in(client, admin)
    post_form(client, f"/admin/staff/{trainer.id}/edit", role="coordinator",
              network_id=str(library.network_id), full_name="Petrova", is_active="y")
    person = db.session.get(User, trainer.id)
    assert person.role is Role.COORDINATOR and person.network_id == library.network_id
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="role_changed"))
    assert (event.actor_id, event.subject_id, event.details) == (
        admin.id, trainer.id, {"before": "trainer", "after": "coordinator"})


def test_new_staff_password_must_be_strong(client, admin, library):
    sign_in(client, admin)
    too_easy = ("qwerty1234", "petrova-2026-x", "1q2w3e4r5t6y", "библиотека", "gramota2026",
                "Пароль12345", "йцукенгшщзх")
    for password, message in (("short", "не короче 10"),
                              *((easy, "слишком простой") for easy in too_easy)):
        response = post_form(client, "/admin/staff/new", full_name="Петрова Ольга",
                             username="petrova", role="trainer", password=password,
                             library_ids=str(library.id))
        assert response.status_code == 422
        assert message in text_of(response), password
    response = post_form(client, "/admin/staff/new", full_name="Петрова Ольга",
                         username="petrova", role="trainer", password="Ласточка-весной-7",
                         library_ids=str(library.id))
    assert response.status_code == 200
    assert db.session.scalar(db.select(User).filter_by(username="petrova")).libraries


def test_audit_log_cannot_be_changed_or_deleted(app, admin):
    from lms.audit.services import record

    event = record("test", actor=admin)
    db.session.commit()
    event.action = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.delete(db.session.get(AuditEvent, event.id))
        db.session.commit()
    db.session.rollback()


def test_the_audit_log_is_read_filtered_and_within_scope(app, client, admin, library,
                                                         make_user):
    from datetime import timedelta

    from lms.audit.services import record
    from lms.db import utcnow
    from lms.people.branches import get_or_create_library, get_or_create_network

    other = get_or_create_library(get_or_create_network("far", "Далёкая ЦБС"), "f", "Ф")
    ours = make_user("nasha", full_name="Наша Анна")
    theirs = make_user("chuzhaya", full_name="Чужая Вера", at=other)
    coordinator = make_user("metodist", role=Role.COORDINATOR, network=library.network)
    record("pin_reset", actor=coordinator, subject=ours)
    record("pin_reset", actor=admin, subject=theirs)
    old = record("learner_registered", actor=coordinator, subject=ours)
    old.at = utcnow() - timedelta(days=40)
    db.session.commit()

    sign_in(client, coordinator)
    page = text_of(client.get("/admin/audit/"))
    assert "nasha" in page and "chuzhaya" not in page  # another network's: not hers
    only_resets = text_of(client.get("/admin/audit/?action=pin_reset&person=nasha"))
    assert only_resets.count("<td>pin_reset</td>") == 1
    recent = text_of(client.get(f"/admin/audit/?from={(utcnow() - timedelta(days=7)).date()}"))
    assert "learner_registered" not in recent.split("<tbody>")[1]
    assert client.get("/admin/audit/?from=2026-13-45&page=²").status_code == 200  # ignored

    everyone = app.test_client()
    sign_in(everyone, admin)
    assert "chuzhaya" in text_of(everyone.get("/admin/audit/"))


def test_an_admin_renames_staff_and_gives_a_new_password_shown_once(app, client, admin,
                                                                   library, make_user):
    import re

    trainer = make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга")
    their_pc = app.test_client()
    sign_in(their_pc, trainer)
    sign_in(client, admin)
    post_form(client, f"/admin/staff/{trainer.id}/edit", role="trainer", is_active="y",
              library_ids=str(library.id), full_name="Петрова-Смирнова Ольга Ивановна")
    db.session.expire_all()
    assert db.session.get(User, trainer.id).full_name == "Петрова-Смирнова Ольга Ивановна"
    page = text_of(client.get(f"/admin/staff/{trainer.id}/edit"))
    shown = client.post(f"/admin/staff/{trainer.id}/password",
                        data={"csrf_token": csrf_from(page[page.index("Забытый пароль"):])})
    assert shown.status_code == 200 and "no-store" in shown.headers["Cache-Control"]
    password = re.search(r'<strong class="login-card-value">([a-z0-9-]{14})</strong>',
                         text_of(shown))[1]
    assert password not in str(client.get_cookie("session").value)
    assert "Петрова" not in text_of(their_pc.get("/trainer/"))  # signed out everywhere
    fresh = app.test_client()
    assert "Петрова-Смирнова" in text_of(sign_in(fresh, trainer, password=password))
    actions = set(db.session.scalars(db.select(AuditEvent.action).filter_by(
        subject_id=trainer.id)))
    assert {"staff_renamed", "staff_password_reset"} <= actions
    own = text_of(client.get(f"/admin/staff/{admin.id}/edit"))
    assert "Забытый пароль" not in own  # one's own: on the account page
