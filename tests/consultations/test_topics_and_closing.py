"""The coordinator's side of the consultations log: the topic list and closing a month."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import csrf_from, sign_in, text_of

from lms.consultations.models import Consultation, ConsultationTopic
from lms.db import db
from lms.people.models import Role


@pytest.fixture
def trainer(client, make_user):
    sign_in(client, make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга"))
    return client


@pytest.fixture
def coordinator(app, make_user, library):
    other = app.test_client()
    sign_in(other, make_user("metodist", role=Role.COORDINATOR, network=library.network))
    return other


def post(client, url, **data):
    token = csrf_from(text_of(client.get(url)))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


def record(client, library, on=None, topic="pension", **fields):
    return post(client, "/trainer/consultations/", on=(on or date.today()).isoformat(),
                topic=topic, format="individual", people="1", outcome="explained",
                library_id=str(library.id), **fields)


def settings(library):
    return f"/trainer/consultations/network/{library.network_id}"


def last_month() -> date:
    return date.today().replace(day=1) - timedelta(days=1)


def test_a_network_chooses_renames_and_adds_its_topics(trainer, coordinator, library):
    old = record(trainer, library, topic="job-search")
    assert "Консультация записана" in text_of(old)
    used = ["portal-registration", "account-confirmation", "e-signature", "utilities",
            "pension", "medical-appointment", "other"]  # job search switched off
    page = post(coordinator, settings(library), action="topics", used=used,
                **{"name-pension": "Пенсия и льготы"}, new=["Запись в МФЦ", ""])
    assert "Сохранено" in text_of(page)
    form = text_of(trainer.get("/trainer/consultations/"))
    assert "Пенсия и льготы" in form and "Запись в МФЦ" in form
    assert '<option value="job-search"' not in form
    assert "Поиск работы" in form  # the old entry keeps its topic's name in the log
    refused = record(trainer, library, topic="job-search")
    assert refused.status_code == 422 and "из списков" in text_of(refused)
    own = db.session.scalar(db.select(ConsultationTopic).filter_by(name="Запись в МФЦ"))
    assert "Консультация записана" in text_of(record(trainer, library, topic=own.code))
    assert sorted(db.session.scalars(db.select(Consultation.topic))) == ["job-search", own.code]


@pytest.mark.parametrize("fields, message", [
    ({"used": []}, "хотя бы одну тему"),
    ({"used": ["pension"], "name-pension": "П" * 121}, "не длиннее 120"),
    ({"used": ["pension"], "new": ["Пенсия"]}, "уже есть в списке"),
])
def test_a_bad_topic_list_changes_nothing(trainer, coordinator, library, fields, message):
    response = post(coordinator, settings(library), action="topics", **fields)
    assert response.status_code == 422 and message in text_of(response)
    assert db.session.scalar(db.select(ConsultationTopic)) is None
    assert '<option value="job-search"' in text_of(trainer.get("/trainer/consultations/"))


def test_a_closed_month_can_no_longer_change_until_reopened(trainer, coordinator, library):
    record(trainer, library, on=last_month(), note="до закрытия")
    entry = db.session.scalar(db.select(Consultation))
    edit = f"/trainer/consultations/{entry.id}/edit"
    assert trainer.get(edit).status_code == 200  # an earlier day, still open: editable
    closed = post(coordinator, settings(library), action="close",
                  month=last_month().strftime("%Y-%m"))
    assert "закрыт по" in text_of(closed)
    assert trainer.get(edit).status_code == 403
    late = record(trainer, library, on=last_month(), note="после закрытия")
    assert late.status_code == 422 and "закрыл журнал" in text_of(late)
    assert db.session.scalar(db.select(db.func.count(Consultation.id))) == 1
    today = record(trainer, library)
    assert "Консультация записана" in text_of(today)  # the current month stays open

    post(coordinator, settings(library), action="reopen")
    assert trainer.get(edit).status_code == 200


@pytest.mark.parametrize("month, message", [
    (date.today().strftime("%Y-%m"), "когда он закончится"),
    ("2026-13", "Выберите месяц"),
    ("", "Выберите месяц"),
])
def test_a_month_not_over_or_not_a_month_cannot_be_closed(coordinator, library, month,
                                                           message):
    response = post(coordinator, settings(library), action="close", month=month)
    assert response.status_code == 422 and message in text_of(response)
