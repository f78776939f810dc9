"""A class's grid sorted by any column, its printout, and its certificates in one PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from helpers import complete_course, csrf_from, joined_days_ago, sign_in, text_of
from pypdf import PdfReader

from lms.db import db
from lms.people.models import Role


@pytest.fixture
def trainer(make_user):
    return make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга")


@pytest.fixture
def group(client, trainer, library, make_user):
    """A class of three at the trainer's branch; Борисов has done the first lesson."""
    from lms.classes.models import StudyClass

    sign_in(client, trainer)
    post(client, "/trainer/classes/", name="Четверговая группа", course="first-steps",
         library_id=str(library.id), starts_on=date.today().isoformat())
    found = db.session.scalar(db.select(StudyClass).filter_by(name="Четверговая группа"))
    page = f"/trainer/classes/{found.id}/"
    for username, name in [("vera", "Вера Сидорова"), ("ivan", "Иван Борисов"),
                           ("anna", "Анна Ёлкина")]:
        post(client, f"{page}enrol", page, learner_id=str(make_user(username,
                                                                   full_name=name).id))
    joined_days_ago(found, 20)
    borisov = next(p for p in found.learners if p.username == "ivan")
    post(client, f"{page}done", page, lesson="mouse", learners=[str(borisov.id)])
    return found


def post(client, url, page=None, **data):
    token = csrf_from(text_of(client.get(page or url)))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


def names_in_grid(page: str) -> list[str]:
    grid = page[page.index('class="data grid"'):]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', grid)


@pytest.mark.parametrize("sort, expected", [
    ("name", ["Анна Ёлкина", "Вера Сидорова", "Иван Борисов"]),
    ("-name", ["Иван Борисов", "Вера Сидорова", "Анна Ёлкина"]),
    ("-lesson:mouse", ["Иван Борисов", "Анна Ёлкина", "Вера Сидорова"]),
    ("-activity", ["Иван Борисов", "Анна Ёлкина", "Вера Сидорова"]),
])
def test_the_grid_sorts_by_any_column(client, group, sort, expected):
    page = text_of(client.get(f"/trainer/classes/{group.id}/", query_string={"sort": sort}))
    assert names_in_grid(page) == expected
    assert page.count("aria-sort=") == 1
    direction = "descending" if sort.startswith("-") else "ascending"
    assert f'aria-sort="{direction}"' in page


def test_stuck_learners_are_listed_above_the_grid_and_an_unknown_sort_is_ignored(
        client, group):
    page = text_of(client.get(f"/trainer/classes/{group.id}/?sort=<script>"))
    assert "<script>" not in page and "aria-sort" not in page
    stuck = page[page.index("Кто застрял"):page.index('id="grid"')]
    assert "Вера Сидорова" in stuck and "Анна Ёлкина" in stuck and "Иван Борисов" not in stuck
    assert names_in_grid(page)[-1] == "Иван Борисов"  # by default the stuck come first


def test_the_printout_has_the_grid_and_the_attendance_register(client, group):
    page = f"/trainer/classes/{group.id}/"
    post(client, f"{page}sessions", page, on=date.today().isoformat(), at="11:00")
    session = group.sessions[0]
    present = [p.id for p in group.learners if p.username in ("vera", "ivan")]
    post(client, f"{page}sessions/{session.id}/", present=[str(i) for i in present])
    printout = text_of(client.get(f"{page}print"))
    assert "Журнал посещаемости" in printout and 'class="landscape page-break"' in printout
    register = printout[printout.index("Журнал посещаемости"):]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', register, re.S))
    assert "✓" in rows["Вера Сидорова"] and "1 / 1" in rows["Вера Сидорова"]
    assert "✓" not in rows["Анна Ёлкина"] and "0 / 1" in rows["Анна Ёлкина"]
    assert "Петрова Ольга" in printout  # the trainer, for the paper record


def test_the_class_certificates_print_as_one_pdf_naming_the_trainer(client, group,
                                                                    make_user):
    url = f"/trainer/classes/{group.id}/certificates.pdf"
    none_yet = client.get(url, follow_redirects=True)
    assert "пока никто не закончил курс" in text_of(none_yet)
    for person in group.learners:
        if person.username != "anna":
            assert complete_course(person).trainer.full_name == "Петрова Ольга"
    complete_course(make_user("outsider", full_name="Пётр Посторонний"))  # not in the class
    response = client.get(url)
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 2
    assert "Вера Сидорова" in text and "Иван Борисов" in text and "Посторонний" not in text
    assert "Тренер: Петрова Ольга" in text
