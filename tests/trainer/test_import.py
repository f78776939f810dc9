"""Registering learners from a CSV file: every row checked, all or nothing."""

from __future__ import annotations

import io
import re

import pytest
from helpers import csrf_from, sign_in, text_of
from pypdf import PdfReader

from lms.db import db
from lms.people.models import Role, User

GOOD = ("ФИО;год рождения;телефон\n"
        "Иванова Мария Алексеевна;1954;+7 900 111-22-33\n"
        "Петренко Олена;1951;\n"
        "=HYPERLINK(\"x\");1960;\n")


@pytest.fixture
def trainer_client(client, make_user):
    sign_in(client, make_user("petrova", role=Role.TRAINER))
    return client


def send(client, library, data: bytes, consent=True):
    token = csrf_from(text_of(client.get("/trainer/learners/import")))
    form = {"csrf_token": token, "library_id": str(library.id),
            "file": (io.BytesIO(data), "learners.csv")}
    if consent:
        form["consent"] = "paper"
    return client.post("/trainer/learners/import", data=form)


def learners():
    return sorted(db.session.scalars(db.select(User.full_name).filter_by(role=Role.LEARNER)))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1251"])
def test_a_good_file_registers_everyone_with_cards(trainer_client, library, encoding):
    response = send(trainer_client, library, GOOD.encode(encoding))
    assert response.status_code == 200, text_of(response)
    assert "Зарегистрировано 3 слушателя." in text_of(response)
    assert learners() == ["=HYPERLINK(\"x\")", "Иванова Мария Алексеевна", "Петренко Олена"]
    cards = PdfReader(io.BytesIO(trainer_client.get(
        "/trainer/learners/imported-cards.pdf").data)).pages[0].extract_text()
    assert "ivanova.ma" in cards
    assert trainer_client.get("/trainer/learners/imported-cards.pdf").status_code == 404


@pytest.mark.parametrize("content, line, message", [
    ("год рождения\n1954\n", 1, "full_name"),
    ("ФИО;год рождения\nИванова;19a5\nПетров;1950\n", 2, "четырьмя цифрами"),
    ("ФИО;год рождения\nИванова;1950\nИванова;1950\n", 3, "Тот же человек, что в строке 2"),
    ("ФИО;язык\nИванова;xx\n", 2, "Неизвестный язык"),
    ("ФИО\n" + "Слушатель\n" * 10_000, 2002, "Слишком много строк"),
    # a file Excel could not have made: the line and what to check, nobody registered
    ("ФИО;год рождения\nИванова;1950\n\"Битов Иван;1950\nПетров;1951\n", 3, "кавычк"),
    ("ФИО;год рождения\nИванова;1950\n" + "Я" * 200_000 + ";1950\n", 3, "слишком длинн"),
    # a lone carriage return ends a line (old Mac files): the next line's name has no letter
    ("ФИО;год рождения\nИванова\r1950;1950\n", 3, "буквами"),
])
def test_a_wrong_row_registers_nobody(trainer_client, library, content, line, message):
    response = send(trainer_client, library, content.encode())
    page = text_of(response)
    assert response.status_code == 422
    assert f"<td>{line}</td>" in page and message in page
    assert learners() == []


def test_without_consent_or_for_another_branch_nothing_happens(trainer_client, library):
    from lms.people.branches import get_or_create_library, get_or_create_network

    assert "подписал бумажный бланк" in text_of(send(trainer_client, library, GOOD.encode(),
                                                     consent=False))
    other = get_or_create_library(get_or_create_network("x", "Чужая"), "x", "Чужая")
    db.session.commit()
    response = send(trainer_client, other, GOOD.encode())
    assert "Выберите один из ваших филиалов" in text_of(response)
    assert learners() == []


def test_the_wrong_lines_download_as_written_with_the_reasons(trainer_client, library):
    content = ("ФИО;год рождения;телефон\n"
               "Иванова Мария;1954;\n"
               "=cmd|' /C calc'!A0;19a5;\n"
               "Петров Пётр;1850;+7 900 111-22-33\n")
    page = text_of(send(trainer_client, library, content.encode("cp1251")))
    report = re.search(r'name="report" value="([^"]+)"', page)[1]
    response = trainer_client.post("/trainer/learners/import/report.csv", data={
        "csrf_token": csrf_from(page), "report": report})
    assert response.headers["Content-Disposition"] == 'attachment; filename="import-problems.csv"'
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeffСтрока;ФИО;год рождения;телефон;Что не так\r\n")
    lines = body.splitlines()[1:]
    assert len(lines) == 2 and lines[0].startswith("3;'=cmd|' /C calc'!A0;19a5;;")
    assert "четырьмя цифрами" in lines[0]
    assert lines[1].startswith("4;Петров Пётр;1850;'+7 900 111-22-33;")  # a formula to Excel
    assert learners() == []


def test_a_report_not_made_by_the_site_is_refused(trainer_client, library):
    page = text_of(trainer_client.get("/trainer/learners/import"))
    response = trainer_client.post("/trainer/learners/import/report.csv", data={
        "csrf_token": csrf_from(page), "report": "W1siYSJdLFtdXQ.forged"})
    assert response.status_code == 400 and "text/html" in response.content_type


def class_of(count: int) -> bytes:
    return ("ФИО;год рождения\n" + "".join(
        f"Слушатель Номер{chr(0x410 + n % 32)}{n};{1940 + n % 30}\n" for n in range(count))
    ).encode()


def test_a_large_file_is_registered_in_the_background_and_followed_on_its_page(
        app, trainer_client, library):
    from lms.background import DONE, WAITING
    from lms.people import import_jobs
    from lms.people.models import ConsentRecord, ImportJob, PinNote

    app.config["LMS_IMPORT_AT_ONCE_ROWS"] = 5
    sent = send(trainer_client, library, class_of(25))
    assert sent.status_code == 302  # answered at once, nobody registered yet
    job = db.session.scalar(db.select(ImportJob))
    assert (job.state, job.rows_total, len(job.rows)) == (WAITING, 25, 25)
    assert learners() == []
    waiting = text_of(trainer_client.get(sent.headers["Location"]))
    assert "Все строки верны. Регистрируем: 0 из 25 слушателей." in waiting
    assert 'max="100" value="0"' in waiting and "Проверить ещё раз" in waiting
    assert import_jobs.run_waiting(app) == 1
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert (job.state, job.rows_done, job.rows) == (DONE, 25, [])  # the details: kept nowhere else
    assert len(learners()) == 25
    assert db.session.scalar(db.select(db.func.count()).select_from(ConsentRecord)) == 25
    done = text_of(trainer_client.get(sent.headers["Location"]))
    assert "Зарегистрировано 25 слушателей." in done and "Слушатель НомерА0" in done
    cards = trainer_client.get(f"/trainer/learners/import/{job.id}/cards.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(cards.data)).pages)
    username = db.session.scalar(db.select(User.username).filter_by(full_name="Слушатель НомерА0"))
    pin = re.search(rf"{re.escape(username)}\s+PIN-код\s+(\d{{6}})", text)
    assert pin, text[:300]
    assert trainer_client.get(f"/trainer/learners/import/{job.id}/cards.pdf").status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(PinNote)) == 0
    assert "в течение 30 минут" in text_of(trainer_client.get(sent.headers["Location"]))
    learner = app.test_client()
    page = text_of(learner.get("/login"))
    signed_in = learner.post("/login", data={"csrf_token": csrf_from(page),
                                             "username": username, "password": pin[1]})
    assert signed_in.status_code == 302  # the PIN hashed in the background is hers


def test_a_wrong_line_in_a_large_file_is_shown_at_once_and_nothing_waits(
        app, trainer_client, library):
    from lms.people.models import ImportJob

    app.config["LMS_IMPORT_AT_ONCE_ROWS"] = 5
    wrong = class_of(25) + "Петров;19a5\n".encode()
    response = send(trainer_client, library, wrong)
    assert response.status_code == 422
    assert re.search(r"<td>27</td><td>[^<]*четырьмя цифрами", text_of(response))
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportJob)) == 0


def test_a_file_that_fails_when_registered_registers_nobody(app, trainer_client, library,
                                                           make_user):
    from lms.people import import_jobs
    from lms.people.models import ImportJob

    app.config["LMS_IMPORT_AT_ONCE_ROWS"] = 5
    sent = send(trainer_client, library, class_of(10))
    trainer = db.session.scalar(db.select(User).filter_by(username="petrova"))
    trainer.libraries.clear()  # moved to another branch before the file was registered
    db.session.commit()
    import_jobs.run_waiting(app)
    assert learners() == []
    job = db.session.scalar(db.select(ImportJob))
    assert job.state == "failed" and job.rows == []
    trainer.libraries.append(library)
    db.session.commit()
    page = text_of(trainer_client.get(sent.headers["Location"]))
    assert "Никто не зарегистрирован." in page and "Выберите один из ваших филиалов." in page


def test_a_large_files_page_and_cards_are_its_senders_only(app, trainer_client, library,
                                                           make_user):
    from lms.people import import_jobs

    app.config["LMS_IMPORT_AT_ONCE_ROWS"] = 5
    sent = send(trainer_client, library, class_of(10))
    import_jobs.run_waiting(app)
    colleague = app.test_client()
    sign_in(colleague, make_user("sidorova", role=Role.TRAINER))  # same branch
    assert colleague.get(sent.headers["Location"]).status_code == 404
    assert colleague.get(sent.headers["Location"] + "/cards.pdf").status_code == 404
    assert trainer_client.get(sent.headers["Location"] + "/cards.pdf").status_code == 200


def test_a_line_naming_someone_already_registered_is_refused(trainer_client, library,
                                                             make_user):
    make_user("ivanova.ma", full_name="Иванова Мария Алексеевна", birth_year=1954)
    response = send(trainer_client, library, GOOD.encode())
    page = text_of(response)
    assert response.status_code == 422
    assert re.search(r"<td>2</td><td>Уже есть в Грамоте: ivanova\.ma \(", page)
    assert learners() == ["Иванова Мария Алексеевна"]  # nobody else registered either
