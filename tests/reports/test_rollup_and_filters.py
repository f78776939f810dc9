"""A region's coordinator: networks rolled up with subtotals, a course or an age band to
narrow to, completions by age in the ministry's bands, and a branch found by name among
many; every figure checked against the small networks of test_dashboard counted by hand.

Hand count (this month, 2026 ages): network A: a1 has Орлова (1950: 76, the course done:
2 lessons, 2 quizzes, 1 completion, 1 certificate, at the class session), Гнатюк (1962:
64, at the session), «=cmd» (no year); a2 has Белова (1945: 81, a lesson last month only);
two consultations (1 + 5 people). Network B: b1 has Бойко (1948) and one consultation.
"""

from __future__ import annotations

import csv
import io

import pytest
from helpers import text_of
from report_pages import cells, client_for, dashboard, download

from lms.db import db
from lms.figures import counting

ROW = r"<th scope=\"row\">"


def subtotal(page: str, name: str) -> list[str]:
    return cells(page, f"Итого: {name}")


def test_a_region_is_rolled_up_network_by_network_with_subtotals(app, network):
    _client, page = dashboard(app, network["regional"], period="month")
    branches = page.split('id="branches-caption"')[1].split("</table>")[0]
    # registered, active, lessons, quizzes, completed, certificates, consultations, people
    assert subtotal(branches, "Сеть А")[:8] == ["4", "1", "2", "2", "1", "1", "2", "6"]
    assert subtotal(branches, "Мережа Б")[:8] == ["1", "0", "0", "0", "0", "0", "1", "1"]
    total = branches.split("<tfoot>")[1]
    assert cells(total, "Итого")[:8] == ["5", "1", "2", "2", "1", "1", "3", "7"]
    # networks by name; each one's branches under its name, before its subtotal
    assert (branches.index(">Мережа Б</th>") < branches.index("Бібліотека Б-1")
            < branches.index("Итого: Мережа Б") < branches.index(">Сеть А</th>")
            < branches.index("Библиотека А-1") < branches.index("Итого: Сеть А"))
    lines = list(csv.reader(io.StringIO(download(
        client_for(app, network["regional"]), "/reports/export/branches.csv")
        .decode("utf-8-sig")), delimiter=";"))
    by_name = {(line[0], line[1]): line[2:] for line in lines[1:]}
    assert by_name[("Сеть А", "Итого по сети")][:3] == ["4", "1", "2"]
    assert by_name[("Мережа Б", "Итого по сети")][:3] == ["1", "0", "0"]
    assert by_name[("", "Итого")][:3] == ["5", "1", "2"]


def test_one_network_has_no_subtotal(app, network):
    _client, page = dashboard(app, network["coordinator_a"], period="month")
    assert "Итого: Сеть А" not in page and cells(page, "Итого")[0] == "4"


NARROWED = [
    # registered, active, lessons, quizzes passed, completed, certificates, sessions, present
    ({"age": "75-"}, ["2", "1", "2", "2", "1", "1", "1", "1"]),       # Орлова, Белова
    ({"age": "55-64"}, ["1", "0", "0", "0", "0", "0", "1", "1"]),     # Гнатюк
    ({"age": "unknown"}, ["1", "0", "0", "0", "0", "0", "1", "0"]),   # «=cmd»
    ({"course": "first-steps"}, ["2", "1", "2", "2", "1", "1", "1", "2"]),  # who began it
    ({"course": "staff-basics"}, ["0", "0", "0", "0", "0", "0", "0", "0"]),
    ({"course": "first-steps", "age": "55-64"}, ["0", "0", "0", "0", "0", "0", "1", "1"]),
]


def test_a_course_or_an_age_band_narrows_every_learner_figure(app, network):
    names = ("Зарегистрировано слушателей", "Активных слушателей", "Пройдено уроков",
             "Сдано тестов", "Завершено курсов", "Выдано сертификатов", "Проведено занятий",
             "Посещений")
    client = client_for(app, network["coordinator_a"])
    for args, expected in NARROWED:
        page = text_of(client.get("/reports/", query_string={"period": "month", **args}))
        assert [cells(page, name)[0] for name in names] == expected, args
        assert cells(page, "Консультации")[0] == "2"  # not kept by course or age: all
        assert "Отбор:" in page and "не записываются" in page
        # the links of the page keep the choice
        for name, value in args.items():
            assert f"{name}={value}" in page.split('id="branches"')[1]


def test_an_unknown_course_or_band_is_left_out_with_a_note(app, network):
    _client, page = dashboard(app, network["coordinator_a"], course="nope", age="40-")
    assert "Курса «nope» нет" in page and "Возрастной группы «40-» нет" in page
    assert cells(page, "Зарегистрировано слушателей")[0] == "4"


def test_completions_and_certificates_are_split_by_the_ministrys_age_bands(app, network):
    counting.rebuild(db.session.connection())
    db.session.commit()
    _client, page = dashboard(app, network["coordinator_a"], period="month")
    table = page.split('id="learners"')[1].split("</table>")[0]
    # active, courses completed, certificates
    assert cells(table, "75 и старше") == ["1", "1", "1"]
    for band in ("до 18", "18–29", "30–54", "55–64", "65–74", "не указан"):
        assert cells(table, band) == ["0", "0", "0"], band
    book = download(client_for(app, network["coordinator_a"]), "/reports/export/ages.csv")
    lines = list(csv.reader(io.StringIO(book.decode("utf-8-sig")), delimiter=";"))
    assert ["75 и старше", "1", "1", "1"] in lines


def test_the_bands_come_from_the_settings(make_app, make_user):
    from lms.people.branches import get_or_create_library, get_or_create_network
    from lms.people.models import Role

    app = make_app(LMS_AGE_BANDS=[60, 70])
    with app.app_context():
        branch = get_or_create_library(get_or_create_network("n", "Сеть"), "b", "Филиал")
        coordinator = make_user("coord", role=Role.COORDINATOR, at=branch)
        _client, page = dashboard(app, coordinator)
        table = page.split('id="learners"')[1].split("</table>")[0]
        assert [band in table for band in ("до 60", "60–69", "70 и старше", "не указан")] == [
            True] * 4 and "18–29" not in table


@pytest.mark.parametrize("bands", [[], [30, 18], [18, "30"], "18,30", [18, 18]])
def test_wrong_bands_stop_the_app_with_a_clear_message(make_app, bands):
    with pytest.raises(RuntimeError, match="LMS_AGE_BANDS must be a rising list"):
        make_app(LMS_AGE_BANDS=bands)


def test_a_branch_is_found_by_name_without_javascript(app, network):
    client, page = dashboard(app, network["regional"], find="а-2")
    picker = page.split('class="branch-picker"')[1].split("</fieldset>")[0]
    assert "Библиотека А-2" in picker and "Библиотека А-1" not in picker
    assert 'type="checkbox" name="branch"' in picker
    # chosen branches stay ticked at the top while another search runs
    chosen = text_of(client.get("/reports/", query_string={
        "branch": network["a1"].id, "find": "б-1"}))
    picker = chosen.split('class="branch-picker"')[1].split("</fieldset>")[0]
    assert f'value="{network["a1"].id}" checked' in picker and "Бібліотека Б-1" in picker
    nothing = text_of(client.get("/reports/", query_string={"find": "<script>"}))
    assert "&lt;script&gt;" in nothing and "<script>»" not in nothing
