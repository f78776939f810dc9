"""Certificates from completion to verification and revocation, as people use them."""

from __future__ import annotations

import io
import re
import threading

import pytest
from helpers import complete_course as complete
from helpers import csrf_from, sign_in, text_of
from pypdf import PdfReader

from lms.audit.models import AuditEvent
from lms.certificates import services
from lms.certificates.models import Certificate
from lms.db import db
from lms.people.models import Role, User
from lms.progress import services as progress
from lms.progress.models import Enrollment
from lms.state import catalogue


def pdf_text(response) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)


def test_completing_a_course_issues_one_certificate(learner):
    certificate = complete(learner)
    assert certificate is not None
    assert certificate.number.startswith("TEST-") and certificate.number.endswith("-00001")
    assert len(certificate.code) == 28  # 136 random bits
    assert (certificate.full_name, certificate.course_title, certificate.hours) == (
        "Мария Иванова", "Первые шаги", 1)
    enrollment = db.session.scalar(db.select(Enrollment))
    assert services.issue(enrollment, catalogue().get("first-steps")) == certificate
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 1


def test_issuing_at_the_same_moment_gives_one_certificate_and_distinct_numbers(
        app, learner, make_user):
    course = catalogue().get("first-steps")
    others = [make_user(f"l{i}") for i in range(4)]
    enrollments = []
    for person in [learner, *others]:
        enrollment = progress.enroll(person, course)
        enrollment.completed_at = db.func.now()
        enrollments.append(enrollment.id)
    db.session.commit()
    barrier, errors = threading.Barrier(10), []

    def press(enrollment_id):
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                services.issue(db.session.get(Enrollment, enrollment_id), course)
                db.session.commit()  # as the request does
            except Exception as exc:  # noqa: BLE001 - collected and asserted
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press, args=(e,)) for e in enrollments * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    numbers = list(db.session.scalars(db.select(Certificate.number)))
    assert len(numbers) == 5 and len(set(numbers)) == 5


def test_learner_downloads_a_signed_certificate_from_my_page(client, learner):
    certificate = complete(learner)
    sign_in(client, learner)
    page = text_of(client.get("/me/"))
    assert "Мои сертификаты" in page and certificate.number in page
    response = client.get(f"/me/certificates/{certificate.number}.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert "/Sig" in str(reader.trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object())
    assert "Мария Иванова" in pdf_text(response)
    assert f"/verify/{certificate.code}" in pdf_text(response).replace("\n", "")


def test_verification_page_masks_the_name_unless_the_learner_agrees(client, learner):
    certificate = complete(learner)
    response = client.get(f"/verify/{certificate.code}")
    page = text_of(response)
    assert response.status_code == 200
    assert "Сертификат подлинный." in page and "Первые шаги" in page
    assert "М. И." in page and "Мария Иванова" not in page
    assert "Центральная библиотека" in page
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    sign_in(client, learner)
    client.post("/me/certificates/name", data={"csrf_token": csrf_from(
        text_of(client.get("/me/"))), "show": "yes"})
    assert "Мария Иванова" in text_of(client.get(f"/verify/{certificate.code}"))


@pytest.mark.parametrize("mangle", [
    lambda code: code.lower(),
    lambda code: " ".join(code[i:i + 4] for i in range(0, 28, 4)),
])
def test_a_code_typed_in_lower_case_or_with_spaces_is_found(client, learner, mangle):
    certificate = complete(learner)
    assert "Сертификат подлинный." in text_of(client.get(f"/verify/{mangle(certificate.code)}"))


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ABC", "X" * 4_000,
                                  "<script>alert(1)</script>", "../../etc/passwd"])
def test_forged_truncated_or_huge_codes_are_simply_not_found(client, learner, code):
    complete(learner)
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    assert "Сертификата с таким кодом нет." in text_of(response)
    assert "<script>alert" not in text_of(response)


def test_a_code_with_a_nul_character_is_refused_before_the_look_up(client):
    # no one types one, and PostgreSQL cannot compare text holding it (tests/people/
    # test_hostile_values.py): every page refuses it the same way
    response = client.get("/verify/%00")
    assert response.status_code == 400 and "Что-то пошло не так" in text_of(response)
    too_long = client.get("/verify/" + "X" * 10_000)  # no link is this long: the 414 page
    assert too_long.status_code == 414 and "Слишком длинный адрес" in text_of(too_long)


def test_verification_is_rate_limited(app, client, learner):
    app.config["LMS_VERIFY_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get("/verify/AAAA").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_coordinator_revokes_with_a_reason_and_everyone_sees_it(app, client, learner,
                                                                make_user, library):
    certificate = complete(learner)
    coordinator = make_user("coord", role=Role.COORDINATOR, network=library.network)
    sign_in(client, coordinator)
    url = f"/admin/certificates/{certificate.id}/"
    token = csrf_from(text_of(client.get(url)))
    refused = client.post(url, data={"csrf_token": token, "reason": "  "})
    assert refused.status_code == 422 and "Напишите причину." in text_of(refused)
    client.post(url, data={"csrf_token": token, "reason": "Выдан по ошибке"})
    stored = db.session.get(Certificate, certificate.id)
    assert stored.revoked_at is not None and stored.revoke_reason == "Выдан по ошибке"
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="certificate_revoked"))
    assert event.actor_id == coordinator.id and event.details["reason"] == "Выдан по ошибке"

    visitor = app.test_client()
    page = text_of(visitor.get(f"/verify/{certificate.code}"))
    assert "Сертификат отозван" in page
    assert re.search(r"Сертификат отозван</strong> — \d+\s\w+\s\d{4}\.</p>", page)  # one stop
    learner_client = app.test_client()
    sign_in(learner_client, learner)
    mine = text_of(learner_client.get("/me/"))
    assert re.search(r"Отозван \d+\s\w+\s\d{4}\.</p>", mine) and "г.." not in mine
    again = learner_client.get(f"/me/certificates/{certificate.number}.pdf")
    assert "ОТОЗВАН" in pdf_text(again)


def test_without_a_signing_key_the_learner_gets_a_kind_page(app, client, learner, tmp_path):
    app.config["LMS_SIGNING_KEYS_DIR"] = str(tmp_path / "no-keys")
    certificate = complete(learner)
    sign_in(client, learner)
    response = client.get(f"/me/certificates/{certificate.number}.pdf")
    assert response.status_code == 503
    assert "не получается скачать" in text_of(response)
    app.config["LMS_CERTIFICATES_ALLOW_UNSIGNED"] = True
    unsigned = client.get(f"/me/certificates/{certificate.number}.pdf")
    assert unsigned.status_code == 200
    assert "/AcroForm" not in PdfReader(io.BytesIO(unsigned.data)).trailer["/Root"]


def test_without_pyhanko_a_certificate_is_given_unsigned_where_allowed(
        app, client, learner, without_pyhanko):
    certificate = complete(learner)
    sign_in(client, learner)
    assert client.get(f"/me/certificates/{certificate.number}.pdf").status_code == 503
    app.config["LMS_CERTIFICATES_ALLOW_UNSIGNED"] = True
    unsigned = client.get(f"/me/certificates/{certificate.number}.pdf")
    assert "Первые шаги" in pdf_text(unsigned) and certificate.number in pdf_text(unsigned)
    assert "/AcroForm" not in PdfReader(io.BytesIO(unsigned.data)).trailer["/Root"]
    assert "Сертификат подлинный." in text_of(client.get(f"/verify/{certificate.code}"))


def test_name_correction_issues_the_certificate_again(client, learner, make_user):
    certificate = complete(learner)
    trainer = make_user("petrova", role=Role.TRAINER)
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    client.post(f"/trainer/learners/{learner.id}/name",
                data={"csrf_token": csrf_from(page), "name": "Иванова Мария Петровна"})
    old = db.session.get(Certificate, certificate.id)
    new = old.superseded_by
    assert (old.full_name, new.full_name) == ("Мария Иванова", "Иванова Мария Петровна")
    assert new.number != old.number and new.code != old.code
    assert new.enrollment_id is not None and old.enrollment_id is None
    assert db.session.get(User, learner.id).full_name == "Иванова Мария Петровна"
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="certificate_reissued"))
    assert event.details == {"number": new.number, "replaces": old.number,
                             "reason": "name corrected"}


def test_paper_issue_is_recorded_as_such(client, learner, make_user):
    trainer = make_user("petrova", role=Role.TRAINER)
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    response = client.post(f"/trainer/learners/{learner.id}/certificates",
                           data={"csrf_token": csrf_from(page), "course": "first-steps"},
                           follow_redirects=True)
    assert "выдан" in text_of(response)
    certificate = db.session.scalar(db.select(Certificate))
    assert certificate.on_paper and certificate.issued_by_id == trainer.id
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="certificate_issued"))
    assert event.actor_id == trainer.id and event.details["on_paper"] is True
    bad = client.post(f"/trainer/learners/{learner.id}/certificates",
                      data={"csrf_token": csrf_from(page), "course": "staff-basics"},
                      follow_redirects=True)
    assert "Выберите курс из списка." in text_of(bad)


def test_trainer_prints_a_branchs_certificates_as_one_pdf(client, learner, make_user,
                                                          library):
    complete(learner)
    complete(make_user("sidorov", full_name="Сидоров Пётр"))
    sign_in(client, make_user("petrova", role=Role.TRAINER))
    response = client.get(f"/trainer/certificates.pdf?course=first-steps&library={library.id}")
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2
    assert {"Мария Иванова", "Сидоров Пётр"} <= {
        name for name in ("Мария Иванова", "Сидоров Пётр") if name in pdf_text(response)}


def test_trainer_track_gives_a_trainer_consultant_certificate(client, make_user, library):
    trainer = make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга")
    certificate = complete(trainer, "staff-basics")
    assert certificate.audience == "trainer"
    admin = make_user("boss", role=Role.ADMIN)
    sign_in(client, admin)
    page = text_of(client.get(f"/admin/staff/{trainer.id}/edit"))
    assert "тренер-консультант" in page and certificate.number in page


def test_links_that_leave_the_site_use_its_public_address_whatever_the_host_says(
        app, learner, make_user):
    from lms.people.models import Role

    app.config["LMS_PUBLIC_URL"] = "https://kurs.example-library.ru"
    certificate = complete(learner)
    db.session.commit()

    def forged(user):
        """A browser reaching the site under a forged Host header (every request)."""
        client = app.test_client()
        client.environ_base["HTTP_HOST"] = "evil.example"
        page = client.get("/login")
        client.post("/login", data={"username": user.username, "password": user.plain_password,
                                    "csrf_token": csrf_from(text_of(page))})
        return client

    client = forged(learner)
    pdf = pdf_text(client.get(f"/me/certificates/{certificate.number}.pdf"))
    assert f"https://kurs.example-library.ru/verify/{certificate.code}" in pdf.replace("\n", "")
    assert "evil.example" not in pdf
    openapi = client.get("/api/v1/openapi.json").get_json()
    assert openapi["servers"][0]["url"] == "https://kurs.example-library.ru/api/v1"
    trainer = forged(make_user("petrova", role=Role.TRAINER))
    learner_page = text_of(trainer.get(f"/trainer/learners/{learner.id}/"))
    trainer.post(f"/trainer/learners/{learner.id}/pin",
                 data={"csrf_token": csrf_from(learner_page)})  # a new PIN: its card
    card = text_of(trainer.get(f"/trainer/learners/{learner.id}/card"))
    assert "kurs.example-library.ru" in card and "evil.example" not in card
    cards = pdf_text(trainer.get(f"/trainer/learners/{learner.id}/card.pdf"))
    assert "kurs.example-library.ru" in cards.replace("\n", "") and "evil.example" not in cards


def test_the_public_address_must_be_a_web_address(make_app):
    with pytest.raises(RuntimeError, match="LMS_PUBLIC_URL"):
        make_app(LMS_PUBLIC_URL="kurs.example-library.ru")
