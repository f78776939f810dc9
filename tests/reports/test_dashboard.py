"""The coordinator's figures, checked against a small network counted by hand."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from helpers import text_of
from pypdf import PdfReader  # noqa: F401  (exports are checked with the readers people use)
from report_pages import cells, client_for, dashboard, download

from lms.db import db
from lms.figures import counting as facts
from lms.figures.models import ActiveDay, DailyFigures


def figures_snapshot():
    return (sorted(tuple(r) for r in db.session.execute(db.select(DailyFigures.__table__))),
            sorted(tuple(r) for r in db.session.execute(db.select(ActiveDay.__table__))))


def test_the_counts_kept_as_things_happen_match_a_recount(network):
    live_figures, live_active = figures_snapshot()
    facts.rebuild(db.session.connection())
    db.session.commit()
    figures, active = figures_snapshot()
    # The recount adds Belova's lesson written behind the app's back, and nothing else.
    assert [r for r in figures if r not in live_figures] == [
        (date.today().replace(day=1) - timedelta(days=3), network["a2"].id, "first-steps",
         1, 0, 0, 0)]
    assert set(live_figures) <= set(figures)
    assert set(live_active) <= set(active) and len(active) == len(live_active) + 1


def test_the_coordinator_sees_the_networks_figures_counted_by_hand(app, network):
    facts.rebuild(db.session.connection())
    db.session.commit()
    _client, page = dashboard(app, network["coordinator_a"], period="month")
    expected = {"Зарегистрировано слушателей": "4", "Активных слушателей": "1",
                "Пройдено уроков": "2", "Сдано тестов": "2", "Завершено курсов": "1",
                "Выдано сертификатов": "1", "Консультации": "2",
                "Людям помогли на консультациях": "6", "Получено электронных услуг": "5",
                "Проведено занятий": "1", "Посещений": "2"}
    for label, number in expected.items():
        assert cells(page, label)[0] == number, label
    assert cells(page, "Пройдено уроков")[1] == "1"  # last month: Belova's lesson
    assert "Бібліотека Б-1" not in page and "Бойко" not in page
    assert cells(page, "Библиотека А-1")[:3] == ["3", "1", "2"]  # registered, active, lessons
    assert cells(page, "75 и старше")[0] == "1"  # Orlova, born 1950
    assert cells(page, "Пенсия")[0] == "1" and cells(page, "Услуга получена")[0] == "5"


def test_a_trainer_sees_only_their_branch_and_regional_sees_all(app, network):
    _client, page = dashboard(app, network["trainer_a"])
    assert cells(page, "Зарегистрировано слушателей")[0] == "3"
    assert "Библиотека А-2" not in page
    _client, page = dashboard(app, network["regional"])
    assert cells(page, "Консультации")[0] == "3" and "Бібліотека Б-1" in page


def test_another_networks_branch_is_not_found_and_not_counted(app, network):
    client, page = dashboard(app, network["coordinator_a"], branch=[network["b1"].id])
    assert "не относятся к вашим" in page
    assert cells(page, "Консультации")[0] == "2"  # all of A, nothing of B
    assert client.get(f"/reports/branches/{network['b1'].id}").status_code == 404
    branch = text_of(client.get(f"/reports/branches/{network['a1'].id}"))
    assert "Группа" in branch and cells(branch, "Посещений")[0] == "2"


@pytest.mark.parametrize("args, note", [
    ({"period": "custom", "from": "2026-12-31", "to": "2026-01-01"}, "поменяли местами"),
    ({"period": "month", "on": "1900-01-01"}, "заменена на 2000-01-01"),
    ({"period": "month", "on": "2100-05-01"}, "заменена на"),
    ({"period": "decade"}, "Неизвестный период"),
    ({"period": "month", "on": "вчера"}, "не дата"),
    ({"branch": [str(i) for i in range(250)]}, "не больше 200 филиалов"),
])
def test_bad_report_addresses_get_a_note_and_the_nearest_report(app, network, args, note):
    client = client_for(app, network["coordinator_a"])
    response = client.get("/reports/", query_string=args)
    assert response.status_code == 200 and note in text_of(response)


def test_an_unknown_sort_column_falls_back_and_a_known_one_sorts(app, network):
    client = client_for(app, network["coordinator_a"])
    unknown = text_of(client.get("/reports/?sort=password"))
    assert "aria-sort" not in unknown
    page = text_of(client.get("/reports/?sort=-lessons"))
    first, second = page.index("Библиотека А-1</a>"), page.index("Библиотека А-2</a>")
    assert first < second and 'aria-sort="descending"' in page
    page = text_of(client.get("/reports/?sort=lessons"))
    assert page.index("Библиотека А-2</a>") < page.index("Библиотека А-1</a>")


def test_exports_hold_the_same_numbers_and_are_audited(app, network):
    from lms.audit.models import AuditEvent

    client = client_for(app, network["coordinator_a"])
    book = openpyxl.load_workbook(io.BytesIO(download(client, "/reports/export/branches.xlsx")))
    sheet = book.active
    rows = {row[1]: row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Библиотека А-1"][:3] == (3, 1, 2) and rows["Итого"][0] == 4
    assert sheet.freeze_panes == "A2"
    text = download(client, "/reports/export/learners.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(lines) == 1 + 4  # header and the four learners of network A
    assert any(line[1] == "'=cmd Формулов" for line in lines)  # a formula made harmless
    xlsx = openpyxl.load_workbook(io.BytesIO(download(client, "/reports/export/learners.xlsx")))
    names = [row[1] for row in xlsx.active.iter_rows(min_row=2, values_only=True)]
    assert "=cmd Формулов" in names  # stored as text: Excel shows it, never runs it
    orlova = next(r for r in xlsx.active.iter_rows(min_row=2, values_only=True)
                  if r[1] == "Орлова Нина")
    assert orlova[7:10] == (2, 1, 1)  # lessons, courses completed, certificates
    assert client.get("/reports/export/branches.pdf").status_code == 404
    assert client.get("/reports/export/passwords.csv").status_code == 404
    events = db.session.scalars(db.select(AuditEvent).filter_by(action="report_exported"))
    assert sorted(e.details["table"] for e in events) == ["branches", "learners", "learners"]


def test_a_branchs_and_a_courses_tables_export_with_their_numbers(app, network):
    from lms.audit.models import AuditEvent

    client = client_for(app, network["coordinator_a"])
    branch = f"/reports/branches/{network['a1'].id}"
    page = text_of(client.get(branch))
    assert f"{branch}/export/classes.xlsx" in page and f"{branch}/export/trainers.csv" in page
    book = openpyxl.load_workbook(io.BytesIO(download(client, f"{branch}/export/classes.xlsx")))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["Группа"] and rows[0][3:6] == (3, 1, 2)
    text = download(client, f"{branch}/export/trainers.csv").decode("utf-8-sig")
    trainers = {line[0]: line[1:] for line in csv.reader(io.StringIO(text), delimiter=";")}
    assert trainers[network["trainer_a"].full_name][:3] == ["1", "2", "6"]
    other = f"/reports/branches/{network['b1'].id}/export/classes.csv"
    assert client.get(other).status_code == 404  # another network's branch
    assert client.get(f"{branch}/export/passwords.csv").status_code == 404

    course = "/reports/courses/first-steps"
    assert f"{course}/export/funnel.xlsx" in text_of(client.get(course))
    book = openpyxl.load_workbook(io.BytesIO(download(client, f"{course}/export/funnel.xlsx")))
    steps = list(book.active.iter_rows(min_row=2, values_only=True))
    assert steps[0][1:] == (1, 100) and steps[-1][1:] == (1, 100)  # Orlova, certified
    text = download(client, f"{course}/export/questions.csv").decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Вопрос;Тест")
    assert client.get("/reports/courses/nothing/export/funnel.csv").status_code == 404
    tables = sorted(e.details["table"] for e in db.session.scalars(
        db.select(AuditEvent).filter_by(action="report_exported")))
    assert tables == ["a1-classes", "a1-trainers", "first-steps-funnel",
                      "first-steps-questions"]


def test_the_printable_report_has_the_network_period_and_figures(app, network):
    client = client_for(app, network["coordinator_a"])
    page = text_of(client.get("/reports/print?period=year"))
    assert "Сеть А" in page and f"{date.today().year}" in page
    assert cells(page, "Итого")[6] == "2"  # consultations, in the annex by branch
    assert 'class="landscape page-break"' in page


def test_the_course_funnel_and_the_hardest_questions(app, network):
    client = client_for(app, network["coordinator_a"])
    page = text_of(client.get("/reports/courses/first-steps"))
    assert cells(page, "Начали курс")[0] == "1"  # Orlova; Belova started last month
    assert cells(page, "Получили сертификат")[0] == "1"
    assert client.get("/reports/courses/no-such-course").status_code == 404


def test_the_rebuild_command_recounts(runner, network):
    db.session.execute(db.delete(DailyFigures))
    db.session.commit()
    result = runner.invoke(args=["lms", "reports-rebuild"])
    assert result.exit_code == 0 and "recounted" in result.output
    lessons = db.session.scalar(db.select(db.func.sum(DailyFigures.lessons)))
    assert lessons == 3  # Orlova's two and Belova's one


@pytest.mark.parametrize("table, row, expected", [
    ("months", -1, 2),  # this month: Orlova's two lessons (first figure after the month)
    ("outcomes", 0, 5),  # service obtained: the group of five
    ("topics", None, {"Регистрация на портале госуслуг": 5, "Пенсия": 1}),
    ("ages", None, {"75 и старше": 1, "до 18": 0, "55–64": 0}),
    ("courses", 0, 2),
])
def test_every_table_exports_with_its_numbers(app, network, table, row, expected):
    client = client_for(app, network["coordinator_a"])
    book = openpyxl.load_workbook(io.BytesIO(download(client, f"/reports/export/{table}.xlsx")))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    if isinstance(expected, dict):
        found = {r[0]: r[1] for r in rows}
        assert all(found[k] == v for k, v in expected.items()), found
    else:
        assert rows[row][1] == expected, rows
    text = download(client, f"/reports/export/{table}.csv").decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text), delimiter=";"))) == len(rows) + 1


def test_a_custom_period_reads_day_by_day_and_agrees_with_the_month(app, network):
    today = date.today().isoformat()
    _client, page = dashboard(app, network["coordinator_a"], period="custom",
                              **{"from": today, "to": today})
    for label, number in (("Пройдено уроков", "2"), ("Активных слушателей", "1"),
                          ("Сдано тестов", "2"), ("Выдано сертификатов", "1")):
        assert cells(page, label)[0] == number, label


def test_a_table_says_its_character_set_once(app, network):
    with client_for(app, network["coordinator_a"]).get("/reports/export/branches.csv") as sent:
        assert sent.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_the_raw_consultation_log_and_every_class_export_within_scope(app, network):
    client = client_for(app, network["coordinator_a"])
    text = download(client, "/reports/export/consultation-log.csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:3] == ["Дата", "Филиал", "Тема"]
    assert len(lines) == 1 + 2  # network A's two entries; B's is not hers
    assert {line[5] for line in lines[1:]} == {"Услуга получена", "Разъяснено"}
    assert all("Б-1" not in line[1] for line in lines[1:])
    book = openpyxl.load_workbook(io.BytesIO(download(client, "/reports/export/all-classes.xlsx")))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][1] == "Группа" and rows[0][5] == 1  # one session


def test_a_regional_coordinator_picks_one_network_of_the_many(app, network):
    a1 = network["a1"]
    client, page = dashboard(app, network["regional"], network=a1.network_id)
    assert cells(page, "Консультации")[0] == "2"  # network A's two, not B's one
    assert "Бібліотека Б-1" not in page.split('id="branches"')[-1].split("</table>")[0]
    assert f'<option value="{a1.network_id}" selected>' in page
    assert 'class="branch-picker-network">Сеть А</p>' in page  # grouped by network
    text = download(client, f"/reports/export/branches.csv?network={a1.network_id}")
    assert "Б-1" not in text.decode("utf-8-sig")  # the export keeps the choice
    _client, everything = dashboard(app, network["regional"], network="²")  # ignored
    assert cells(everything, "Консультации")[0] == "3"
    _client, theirs = dashboard(app, network["coordinator_a"], network=network["b1"].network_id)
    assert cells(theirs, "Консультации")[0] == "2"  # not hers to choose: left out
