"""Adding a network's staff from a file: every line checked, all added or none, each with a
password shown once that signs them in."""

from __future__ import annotations

import io
import re

import pytest
from helpers import csrf_from, sign_in, text_of

from lms.audit.models import AuditEvent
from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role, User


@pytest.fixture
def admin(make_user):
    return make_user("boss", role=Role.ADMIN)


@pytest.fixture
def branches(library):
    """The test network's central branch and a second one; another network's «central»."""
    second = get_or_create_library(library.network, "b3", "Филиал № 3")
    far = get_or_create_network("far", "Дальняя ЦБС")
    get_or_create_library(far, "central", "Дальняя центральная")
    get_or_create_library(far, "b9", "Дальний филиал № 9")
    db.session.commit()
    return library, second


def send(client, text: str, encoding="utf-8"):
    page = text_of(client.get("/admin/staff/import"))
    return client.post("/admin/staff/import", data={
        "csrf_token": csrf_from(page),
        "file": (io.BytesIO(text.encode(encoding)), "staff.csv")},
        content_type="multipart/form-data")


def staff_count() -> int:
    return db.session.scalar(db.select(db.func.count(User.id)).where(
        User.role != Role.LEARNER))


def test_the_admin_adds_a_networks_staff_who_sign_in_with_the_passwords_shown(
        app, client, admin, branches):
    central, second = branches
    sign_in(client, admin)
    sent = send(client, "ФИО;роль;филиалы;сеть;логин\n"
                        "Петрова Ольга Николаевна;тренер;test/central b3;;\n"
                        "Сидоренко Анна;;b3;;anna.s\n"
                        "Соколова Елена Викторовна;координатор;;test;\n", "cp1251")
    page = text_of(sent)
    assert sent.status_code == 200 and "no-store" in sent.headers["Cache-Control"]
    assert "Добавлено 3 сотрудника" in page
    shown = dict(re.findall(r'<strong class="login-card-value">([a-z0-9.-]+)</strong></td>'
                            r'<td><strong class="login-card-value">([a-z0-9-]{14})</strong>', page))
    assert set(shown) == {"petrova.on", "anna.s", "sokolova.ev"}
    db.session.expire_all()
    petrova = db.session.scalar(db.select(User).filter_by(username="petrova.on"))
    assert (petrova.role, sorted(lib.id for lib in petrova.libraries)) == (
        Role.TRAINER, sorted([central.id, second.id]))
    sokolova = db.session.scalar(db.select(User).filter_by(username="sokolova.ev"))
    assert (sokolova.role, sokolova.network_id) == (Role.COORDINATOR, central.network_id)
    assert "Петрова Ольга" in text_of(sign_in(app.test_client(), petrova,
                                              password=shown["petrova.on"]))
    created = db.session.scalars(db.select(AuditEvent).filter_by(action="staff_created"))
    assert {event.actor_id for event in created} == {admin.id}
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="staff_created")) == 3


def test_every_wrong_line_is_named_and_nobody_is_added(app, client, admin, branches,
                                                      make_user):
    make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга Николаевна")
    before = staff_count()
    sign_in(client, admin)
    sent = send(client, "ФИО;роль;филиалы;логин\n"
                        "Иванов Пётр;тренер;nowhere;\n"          # 2: no such branch
                        "Кузнецова Мария;тренер;central;\n"      # 3: in two networks
                        "Орлова Нина;тренер;;\n"                 # 4: a trainer needs one
                        "Белова Вера;директор;b3;\n"             # 5: no such role
                        "Петрова Ольга Николаевна;тренер;b3;\n"  # 6: already on the staff
                        "Глухова Ира;тренер;b3;ira\n"
                        "Гусева Ира;тренер;b3;ira\n"             # 8: the same username
                        "Правильная Анна;тренер;b3;\n")
    page = text_of(sent)
    assert sent.status_code == 422 and "Никто не добавлен" in page
    problems = dict(re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td></tr>", page))
    assert "нет филиала с кодом «nowhere»" in problems["2"]
    assert "в нескольких сетях" in problems["3"]
    assert "хотя бы в одном филиале" in problems["4"]
    assert "«директор» здесь дать нельзя" in problems["5"]
    assert "Уже есть среди сотрудников: petrova" in problems["6"]
    assert "есть и в строке 7" in problems["8"]
    assert "9" not in problems
    db.session.expire_all()
    assert staff_count() == before


def test_a_coordinator_adds_trainers_of_her_network_only(app, client, branches, make_user):
    central, _second = branches
    coordinator = make_user("metodist", role=Role.COORDINATOR, network=central.network)
    sign_in(client, coordinator)
    refused = send(client, "ФИО;роль;филиалы\nСоколова Анна;координатор;\n"
                           "Дальний Тренер;тренер;far/b9\n")
    page = text_of(refused)
    assert refused.status_code == 422 and "здесь дать нельзя; напишите одно из: тренер" in page
    assert "нет филиала с кодом «far/b9»" in page
    added = send(client, "ФИО;филиалы\nБлижний Тренер;central\n")
    assert added.status_code == 200 and "Ближний Тренер" in text_of(added)
    db.session.expire_all()
    person = db.session.scalar(db.select(User).filter_by(full_name="Ближний Тренер"))
    assert [lib.id for lib in person.libraries] == [central.id]


@pytest.mark.parametrize("content, message", [
    ("", "Файл пуст"),
    ("имя;роль\nИванов;тренер\n", "первой строке"),
    ("ФИО\n" + "Иванов Пётр\n" * 101, "не больше 100"),
    ('ФИО;филиалы\n"Иванов;b3\n', "кавычки"),
])
def test_a_file_that_cannot_be_used_says_why(app, client, admin, branches, content,
                                             message):
    sign_in(client, admin)
    sent = send(client, content)
    assert sent.status_code == 422 and message in text_of(sent)
