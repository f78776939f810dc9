"""How well learners spot the tricks, by technique and by branch, against the period
before: checked against attempts counted by hand."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from helpers import text_of
from report_pages import cells, client_for, dashboard, download

from lms.db import db, utcnow
from lms.practice.models import PracticeAttempt


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def rows_by(rows):
    return {row[0]: row for row in rows[1:]}


def attempt(user, library, caught, missed, days_ago=0):
    db.session.add(PracticeAttempt(
        user_id=user.id, library_id=library.id, course_slug="first-steps",
        practice_slug="inbox", lang="ru", seed=1, steps=["a"], answers={}, caught=caught,
        missed=missed, costly=0, finished_at=utcnow() - timedelta(days=days_ago)))


def test_detection_rates_by_technique_and_branch(app, network):
    a1, a2 = network["a1"], network["a2"]
    # this month: a1 spots 3 of 4 (sender twice, link once; misses link once),
    # a2 spots 1 of 4 (sender; misses code twice and link once)
    attempt(network["orlova"], a1, ["sender", "link"], [])
    attempt(network["gnatyuk"], a1, ["sender"], ["link"])
    attempt(network["belova"], a2, ["sender"], ["code", "code", "link"])
    # a portal's "code" (the code typed right the first time) is not the inbox's "code"
    db.session.add(PracticeAttempt(
        user_id=network["orlova"].id, library_id=a1.id, course_slug="first-steps",
        practice_slug="portal", lang="ru", seed=3, steps=["a"], answers={},
        caught=["code"], missed=[], costly=0, finished_at=utcnow()))
    # another network's learner and an unfinished attempt count nowhere
    attempt(network["boyko"], network["b1"], [], ["sender"])
    db.session.add(PracticeAttempt(user_id=network["orlova"].id, library_id=a1.id,
                                   course_slug="first-steps", practice_slug="inbox",
                                   lang="ru", seed=2, steps=["a"], answers={},
                                   caught=[], missed=["sender"], costly=0))
    # two months ago (the period before a month is the month before: not this one)
    attempt(network["orlova"], a1, ["sender"], ["sender"], days_ago=45)
    db.session.commit()
    _client, page = dashboard(app, network["coordinator_a"], period="month")
    section = page.split('id="practice"')[1].split('<h2 id="learners">')[0]
    assert "Завершено 4 тренировки." in section
    assert "заметили 56% показанных им уловок" in section  # 5 of 9: 3+1 at a1, 1 at a2
    assert cells(section, "Чужой адрес отправителя")[:3] == ["3", "0", "100%"]
    assert cells(section, "Ссылка ведёт на чужой сайт")[:3] == ["1", "2", "33%"]
    assert cells(section, "Просят код из СМС")[:3] == ["0", "2", "0%"]
    assert cells(section, "Код из СМС")[:3] == ["1", "0", "100%"]  # the portal's, apart
    assert cells(section, "Библиотека А-1")[0] == "80%"
    assert cells(section, "Библиотека А-2")[0] == "25%"
    assert "Бібліотека Б-1" not in section
    # the same figures in the exports and in the printed report
    client = client_for(app, network["coordinator_a"])
    rows = csv_rows(download(client, "/reports/export/practice-techniques.csv?period=month"))
    assert rows[0][:3] == ["Уловка", "Замечено", "Пропущено"]
    assert rows_by(rows)[
        "Ссылка ведёт на чужой сайт"][:4] == ["Ссылка ведёт на чужой сайт", "1", "2", "33"]
    branches = rows_by(csv_rows(download(client,
                                         "/reports/export/practice-branches.csv?period=month")))
    assert branches["Библиотека А-1"][:4] == ["Библиотека А-1", "4", "1", "80"]
    assert branches["Библиотека А-1"][4] == ""  # none in the month before
    assert "Бібліотека Б-1" not in branches
    printed = text_of(client.get("/reports/print?period=month"))
    assert cells(printed, "Чужой адрес отправителя")[:3] == ["3", "0", "100%"]
