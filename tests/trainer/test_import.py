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
