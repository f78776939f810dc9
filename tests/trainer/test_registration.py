"""Registering a learner at the desk, with consent, and the learner signing in."""

from __future__ import annotations

import io
import re

import pytest
from helpers import csrf_from, sign_in, text_of

from lms.audit.models import AuditEvent
from lms.db import db
from lms.people.models import ConsentRecord, Role, User


@pytest.fixture
def trainer(make_user):
    return make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга")


def register(client, library, **fields):
    page = text_of(client.get("/trainer/learners/new"))
    data = {"csrf_token": csrf_from(page), "full_name": "Иванова Мария Алексеевна",
            "birth_year": "1954", "library_id": str(library.id), "language": "ru",
            "consent": "paper", **fields}
    return client.post("/trainer/learners/new", data=data, follow_redirects=True)


def card_of(page: str) -> tuple[str, str]:
    values = re.findall(r'<dd class="login-card-value">([^<]+)</dd>', page)
    assert len(values) == 2, page
    return values[0], values[1]


def test_trainer_registers_a_learner_who_then_signs_in_with_the_card(
        client, app, trainer, library):
    sign_in(client, trainer)
    page = text_of(register(client, library, phone="+7 912 345-67-89"))
    username, pin = card_of(page)
    assert username == "ivanova.ma"
    assert re.fullmatch(r"\d{6}", pin)
    learner = db.session.scalar(db.select(User).filter_by(username=username))
    assert learner.role is Role.LEARNER and learner.library_id == library.id
    assert learner.birth_year == 1954 and learner.phone == "+7 912 345-67-89"
    consent = db.session.scalar(db.select(ConsentRecord).filter_by(user_id=learner.id))
    assert (consent.method, consent.recorded_by_id) == ("paper", trainer.id)
    assert consent.text_version == app.config["LMS_CONSENT_VERSION"]
    assert db.session.scalar(db.select(AuditEvent.action).filter_by(
        subject_id=learner.id)) == "learner_registered"

    # The PIN is shown once: reloading the card does not show it again.
    again = text_of(client.get(f"/trainer/learners/{learner.id}/card"))
    assert pin not in again and "показан один раз" in again

    client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/")))})
    learner.plain_password = pin
    assert "Здравствуйте, Мария Алексеевна!" in text_of(sign_in(client, learner))


def test_usernames_are_unique_and_transliterated(client, trainer, library):
    sign_in(client, trainer)
    first = card_of(text_of(register(client, library)))[0]
    second = card_of(text_of(register(client, library, birth_year="1961")))[0]  # a namesake
    ukrainian = card_of(text_of(register(client, library, language="uk",
                                         full_name="Ґудзь Їжачок Юрій")))[0]
    kazakh = card_of(text_of(register(client, library, language="kk",
                                      full_name="Әбілқасым Ұлжан")))[0]
    assert (first, second, ukrainian, kazakh) == ("ivanova.ma", "ivanova.ma2", "gudz.ii",
                                                  "abilqasym.u")


@pytest.mark.parametrize("name", [
    "Мар'яна Ковальчук", "Мар’яна Ковальчук", "Марʼяна Ковальчук", "Ґалаґан Євгенія Їжак",
    "Әсел Қасымова", "Ұлболсын Өтегенова", "<b>Жирный</b> Иван", "=cmd|' /C calc'!A0",
])
def test_names_in_every_alphabet_are_stored_and_shown_literally(client, trainer, library,
                                                                 name):
    sign_in(client, trainer)
    response = register(client, library, full_name=name)
    assert response.status_code == 200
    learner = db.session.scalar(db.select(User).where(User.role == Role.LEARNER))
    assert learner.full_name == name
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    assert "<b>Жирный" not in page  # escaped, shown as typed
    if "<b>" in name:
        assert "&lt;b&gt;Жирный&lt;/b&gt; Иван" in page


@pytest.mark.parametrize("fields, message", [
    ({"full_name": "И" * 1000}, "Имя слишком длинное"),
    ({"full_name": "Иван\u200bов"}, "невидимые или служебные символы"),
    ({"full_name": "Иван\x07ов"}, "невидимые или служебные символы"),
    ({"full_name": "   "}, "Введите имя"),
    ({"birth_year": "1890"}, "четырьмя цифрами"),
    ({"birth_year": "2030"}, "четырьмя цифрами"),
    ({"birth_year": "19a5"}, "четырьмя цифрами"),
    ({"phone": "позвонить"}, "номер телефона"),
    ({"email": "not-an-address"}, "адрес электронной почты"),
    ({"consent": ""}, "Без согласия"),
    ({"consent": "verbal"}, "Без согласия"),
    ({"language": "xx"}, "Выберите"),
])
def test_bad_details_get_a_clear_error_and_nothing_is_stored(client, trainer, library,
                                                             fields, message):
    sign_in(client, trainer)
    response = register(client, library, **fields)
    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(db.select(User).where(User.role == Role.LEARNER)) is None


def test_another_branchs_id_in_the_form_is_refused(client, trainer, library, world=None):
    from lms.people.branches import get_or_create_library, get_or_create_network

    other = get_or_create_library(get_or_create_network("other", "Другая сеть"), "x", "Чужая")
    db.session.commit()
    sign_in(client, trainer)
    response = register(client, library, library_id=str(other.id), role="admin")
    assert response.status_code == 422
    assert db.session.scalar(db.select(User).where(User.role == Role.LEARNER)) is None


def test_forged_role_field_is_ignored(client, trainer, library):
    sign_in(client, trainer)
    register(client, library, role="admin", is_admin="1")
    learner = db.session.scalar(db.select(User).filter_by(username="ivanova.ma"))
    assert learner.role is Role.LEARNER


def test_cyrillic_search_is_case_insensitive(client, trainer, library, make_user):
    make_user("a1", full_name="Ёлкина Анна")
    make_user("a2", full_name="ПЕТРЕНКО Ґанна")
    make_user("a3", full_name="Сидоров 100%_тест")
    sign_in(client, trainer)

    def found(q):
        page = text_of(client.get("/trainer/", query_string={"q": q}))
        return sorted(re.findall(r'/trainer/learners/\d+/">([^<]+)</a>', page))

    assert found("елкина") == ["Ёлкина Анна"]
    assert found("ЁЛКИНА") == ["Ёлкина Анна"]
    assert found("петренко ґ") == ["ПЕТРЕНКО Ґанна"]
    assert found("100%_") == ["Сидоров 100%_тест"]
    assert found("%") == ["Сидоров 100%_тест"]
    assert found("' OR 1=1 --") == []
    assert len(found("")) == 3


def test_pin_reset_ends_the_learners_sessions(app, client, trainer, learner):
    learner_client = app.test_client()
    sign_in(learner_client, learner)
    assert "Мария Иванова</li>" in text_of(learner_client.get("/"))
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    response = client.post(f"/trainer/learners/{learner.id}/pin",
                           data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    new_pin = card_of(text_of(response))[1]
    assert "Мария Иванова</li>" not in text_of(learner_client.get("/"))
    learner.plain_password = new_pin
    assert "Здравствуйте" in text_of(sign_in(learner_client, learner))


def test_anonymising_keeps_progress_and_removes_the_person(app, client, trainer, learner):
    from lms.progress import services
    from lms.progress.models import LessonProgress
    from lms.state import catalogue

    course = catalogue().get("first-steps")
    services.complete_lesson(learner, course, course.lesson("mouse"))
    db.session.commit()
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    missing_reason = client.post(f"/trainer/learners/{learner.id}/anonymise",
                                 data={"csrf_token": csrf_from(page), "reason": " "})
    assert missing_reason.status_code == 422
    assert db.session.get(User, learner.id).anonymised_at is None
    client.post(f"/trainer/learners/{learner.id}/anonymise",
                data={"csrf_token": csrf_from(page), "reason": "Просьба слушателя"})
    person = db.session.get(User, learner.id)
    assert person.anonymised_at is not None and "Иванова" not in person.full_name
    assert (person.phone, person.email, person.birth_year, person.is_active) == (
        None, None, None, False)
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 1
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="anonymised"))
    assert event.details == {"reason": "Просьба слушателя"} and event.actor_id == trainer.id
    other = app.test_client()
    token = csrf_from(text_of(other.get("/login")))
    response = other.post("/login", data={"username": "ivanova", "password": "246810",
                                          "csrf_token": token})
    assert response.status_code == 422


def session_of(app, client) -> str:
    """The session cookie as anyone holding it can read it (it is signed, not sealed)."""
    from flask.sessions import SecureCookieSessionInterface

    cookie = client.get_cookie("session")
    if cookie is None:
        return ""
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return repr(serializer.loads(cookie.value)) + f" ({len(cookie.value)} bytes)"


def test_no_pin_is_ever_in_the_session_cookie(app, client, trainer, library):
    from lms.people import import_jobs
    from lms.people.models import PinNote

    sign_in(client, trainer)
    response = register(client, library)
    username, pin = card_of(text_of(response))
    assert pin not in session_of(app, client)  # after registering: on the card page
    learner = db.session.scalar(db.select(User).filter_by(username=username))
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    reset = client.post(f"/trainer/learners/{learner.id}/pin",
                        data={"csrf_token": csrf_from(page)})
    assert reset.status_code == 302
    # waiting on the server: the first card's PDF, and the new PIN's card
    assert db.session.scalar(db.select(db.func.count()).select_from(PinNote)) == 2
    kept = session_of(app, client)
    new_pin = card_of(text_of(client.get(reset.headers["Location"])))[1]
    assert new_pin not in kept and new_pin not in session_of(app, client)
    lines = "ФИО;год рождения\n" + "".join(f"Слушатель Номер{n};1950\n" for n in range(300))
    page = text_of(client.get("/trainer/learners/import"))
    imported = client.post("/trainer/learners/import", data={
        "csrf_token": csrf_from(page), "library_id": str(library.id), "consent": "paper",
        "file": (io.BytesIO(lines.encode()), "class.csv")})
    assert import_jobs.run_waiting(app) == 1  # a large file: registered in the background
    assert "Зарегистрировано 300 слушателей." in text_of(client.get(imported.headers["Location"]))
    after_import = session_of(app, client)
    assert int(after_import.rsplit("(", 1)[1].split()[0]) < 1000  # 300 PINs: no longer 3 KB
    assert not re.search(r"'\d{6}'", after_import)
    client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/")))})
    assert db.session.scalar(db.select(db.func.count()).select_from(PinNote)) == 0
    left = session_of(app, client)
    assert pin not in left and new_pin not in left and not re.search(r"'\d{6}'", left)


def stored_text_holding(words: list[str]) -> list[str]:
    """Every table and column whose stored text holds one of ``words`` (any case)."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(db.select(table)).mappings():
            for column, value in row.items():
                text = str(value).casefold()
                found += [f"{table.name}.{column}" for word in words if word.casefold() in text]
    return found


def test_anonymising_leaves_the_name_nowhere(app, client, trainer, learner):
    from helpers import complete_course

    certificate = complete_course(learner)
    other = app.test_client()  # a mistyped PIN: her username goes into the audit log
    other.post("/login", data={"username": "ivanova", "password": "000000",
                               "csrf_token": csrf_from(text_of(other.get("/login")))})
    db.session.commit()
    words = [learner.full_name, learner.username]
    assert stored_text_holding(words)  # the test would find them
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    client.post(f"/trainer/learners/{learner.id}/anonymise",
                data={"csrf_token": csrf_from(page), "reason": "Просьба слушателя"})
    db.session.expire_all()
    assert stored_text_holding(words) == []
    checked = text_of(app.test_client().get(f"/verify/{certificate.code}"))
    assert "Сертификат подлинный." in checked and "Владелец попросил удалить его имя" in checked
    pdf = client.get(f"/trainer/learners/{learner.id}/certificates/{certificate.number}.pdf")
    assert pdf.status_code == 200 and learner.full_name.encode() not in pdf.data


def test_more_learners_leads_to_the_next_fifty(client, trainer, library, make_user):
    import re

    for n in range(52):
        make_user(f"learner{n:02d}", full_name=f"Слушатель {n:02d}")
    sign_in(client, trainer)
    first = text_of(client.get("/trainer/"))
    link = re.search(r'<a href="([^"]+)">Ещё слушатели</a>', first)
    assert link and "None" not in link[1]
    second = text_of(client.get(link[1].replace("&amp;", "&")))
    shown = set(re.findall(r"Слушатель \d\d", first)) | set(re.findall(r"Слушатель \d\d", second))
    assert len(shown) == 52  # every one of them, over the two pages


def test_the_learners_page_shows_her_studies_and_corrects_her_details(
        client, trainer, library, learner, make_user):
    from helpers import complete_course

    from lms.audit.models import AuditEvent
    from lms.people.branches import get_or_create_library

    second = get_or_create_library(library.network, "b2", "Библиотека-филиал № 2")
    trainer.libraries.append(second)
    db.session.commit()
    complete_course(learner)
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    assert "Первые шаги: Пройдено уроков: 2 из 2" in page and "Курс пройден" in page
    assert "Итоговый тест" in page and "100% · сдан" in page
    form = csrf_from(page[page.index("Исправить данные"):])
    wrong = client.post(f"/trainer/learners/{learner.id}/details", data={
        "csrf_token": form, "library_id": str(second.id), "language": "uk",
        "birth_year": "19a5", "phone": "", "email": ""})
    assert wrong.status_code == 422 and "четырьмя цифрами" in text_of(wrong)
    db.session.expire_all()
    assert db.session.get(User, learner.id).library_id == library.id  # nothing changed
    saved = client.post(f"/trainer/learners/{learner.id}/details", data={
        "csrf_token": form, "library_id": str(second.id), "language": "uk",
        "birth_year": "1951", "phone": "+7 912 000-11-22", "email": ""})
    assert saved.status_code == 302
    db.session.expire_all()
    person = db.session.get(User, learner.id)
    assert (person.library_id, person.language, person.birth_year, person.phone) == (
        second.id, "uk", 1951, "+7 912 000-11-22")
    actions = set(db.session.scalars(db.select(AuditEvent.action).filter_by(
        subject_id=learner.id)))
    assert {"learner_moved", "learner_details_changed"} <= actions
    from lms.progress.models import Enrollment
    assert db.session.scalar(db.select(Enrollment.library_id)) == library.id  # stays


def test_a_branch_out_of_reach_is_refused(client, trainer, library, learner):
    from lms.people.branches import get_or_create_library, get_or_create_network

    elsewhere = get_or_create_library(get_or_create_network("far", "Далёкая"), "f", "Ф")
    db.session.commit()
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{learner.id}/"))
    refused = client.post(f"/trainer/learners/{learner.id}/details", data={
        "csrf_token": csrf_from(page), "library_id": str(elsewhere.id), "language": "ru"})
    assert refused.status_code == 422 and "Выберите один из ваших филиалов" in text_of(refused)


def test_registering_her_again_warns_and_a_different_person_is_registered_on_purpose(
        client, trainer, library):
    sign_in(client, trainer)
    first = register(client, library)
    assert "ivanova.ma" in text_of(first)
    again = register(client, library, full_name="ИВАНОВА Мария Алексеевна")  # case, ё/е
    page = text_of(again)
    assert again.status_code == 422 and "Может быть, этот человек уже зарегистрирован?" in page
    assert "ivanova.ma, 1954" in page
    assert db.session.scalar(db.select(db.func.count(User.id)).filter_by(role=Role.LEARNER)) == 1
    other_year = text_of(register(client, library, birth_year="1960"))
    assert "уже зарегистрирован" not in other_year  # another year: another person
    sent_back = re.search(r'name="different_person" type="hidden" value="([^"]*)"', page)[1]
    confirmed = register(client, library, full_name="ИВАНОВА Мария Алексеевна",
                         different_person=sent_back.replace("&#34;", '"'))
    assert "ivanova.ma3" in text_of(confirmed) or "ivanova.ma2" in text_of(confirmed)
    assert db.session.scalar(db.select(db.func.count(User.id)).filter_by(role=Role.LEARNER)) == 3
