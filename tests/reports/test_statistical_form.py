"""The printed report laid out as a network's statistical form, from the YAML of its
country; the figures are those of the networks of conftest.py, counted by hand there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import text_of
from report_pages import client_for

from lms.reports.statistical_form import FormError, read_form

FORMS = Path(__file__).parents[2] / "report_forms"


def lines_of(page: str) -> dict[str, tuple[str, str]]:
    """{line number: (its label, its value)} of every numbered line of the form."""
    return {number: (label, value) for number, label, value in re.findall(
        r'<tr><td class="number">(\d+)</td><th scope="row">([^<]+)</th>'
        r'<td class="number">([^<]+)</td></tr>', page)}


def test_a_russian_network_prints_the_russian_form(app, network):
    page = text_of(client_for(app, network["coordinator_a"]).get("/reports/print"))
    assert "Сведения о работе общедоступных библиотек" in page
    lines = lines_of(page)
    assert lines["01"] == ("Зарегистрировано новых слушателей, чел.", "4")
    assert lines["05"][1] == "1" and lines["06"][1] == "1"  # Орлова's course, certificate
    assert lines["11"] == ("75 лет и старше", "1") and lines["10"][1] == "0"
    assert lines["16"][1] == "6" and lines["17"][1] == "5"  # people helped, served
    assert lines["18"] == ("по регистрации на портале Госуслуг, чел.", "5")
    assert lines["13"][1] == "1" and lines["14"][1] == "2"  # a session, two present
    assert len(lines) == 21
    assert "Руководитель (директор ЦБС)" in page and "подпись" in page
    assert "Приложение: по филиалам" in page and "Библиотека А-1" in page


def test_a_ukrainian_network_prints_the_ukrainian_form(app, network):
    client = client_for(app, network["regional"])
    page = text_of(client.get("/reports/print", query_string={
        "network": network["b1"].network_id}))
    assert "Відомості про роботу публічних бібліотек" in page
    assert lines_of(page)["16"] == ("Отримали консультацію, осіб", "1")
    assert "Керівник (директор ЦБС)" in page


def test_a_region_of_two_countries_prints_the_common_form(app, network):
    page = text_of(client_for(app, network["regional"]).get("/reports/print"))
    assert "Сведения о работе библиотек по обучению" in page
    lines = lines_of(page)
    assert lines["01"][1] == "5" and lines["13"][1] == "7"
    assert "Итого: Сеть А" in page and "Итого: Мережа Б" in page  # the annex rolls up


def test_a_region_adapts_the_form_in_its_own_folder(make_app, make_user, tmp_path):
    from lms.db import db
    from lms.people.branches import get_or_create_library, get_or_create_network
    from lms.people.models import Role

    (tmp_path / "default.yaml").write_text(
        'title: "Форма 7-НК (раздел 5)"\nsections:\n  - title: "Раздел 5"\n    lines:\n'
        '      - {number: "501", label: "Обучено пенсионеров", figure: courses_completed,'
        ' ages: 60-}\nsignatures: ["Директор"]\nbranches: false\n', encoding="utf-8")
    app = make_app(LMS_REPORT_FORMS_DIR=str(tmp_path))
    with app.app_context():
        branch = get_or_create_library(get_or_create_network("n", "Сеть"), "b", "Филиал",
                                       country="BY")
        db.session.commit()
        coordinator = make_user("coord", role=Role.COORDINATOR, at=branch)
        page = text_of(client_for(app, coordinator).get("/reports/print"))
    assert "Форма 7-НК (раздел 5)" in page
    assert lines_of(page) == {"501": ("Обучено пенсионеров", "0")}
    assert "Директор" in page and "Приложение" not in page


def test_a_broken_form_is_named_and_the_figures_still_print(make_app, make_user, tmp_path,
                                                            runner):
    from lms.db import db
    from lms.people.branches import get_or_create_library, get_or_create_network
    from lms.people.models import Role

    shutil.copy(FORMS / "default.yaml", tmp_path / "default.yaml")
    (tmp_path / "RU.yaml").write_text(
        'title: "Форма"\nsections:\n  - title: "Раздел"\n    lines:\n'
        '      - {number: "01", label: "Что-то", figure: readers}\n', encoding="utf-8")
    app = make_app(LMS_REPORT_FORMS_DIR=str(tmp_path))
    with app.app_context():
        branch = get_or_create_library(get_or_create_network("n", "Сеть"), "b", "Филиал")
        db.session.commit()
        coordinator = make_user("coord", role=Role.COORDINATOR, at=branch)
        response = client_for(app, coordinator).get("/reports/print")
        result = app.test_cli_runner().invoke(args=["lms", "check"])
    assert response.status_code == 200
    page = text_of(response)
    assert "RU.yaml:5: unknown figure &#39;readers&#39;" in page
    assert "Зарегистрировано слушателей" in page  # the key figures, without the form
    assert result.exit_code == 1 and "RU.yaml:5: unknown figure 'readers'" in result.output


@pytest.mark.parametrize("line, message", [
    ('{number: "01", label: "A", figure: nope}', "unknown figure 'nope'"),
    ('{number: "01", label: "A", figure: lessons, ages: 65-74}', "by age, a line counts"),
    ('{number: "01", label: "A", figure: active, ages: 74-65}', "'ages' is a range"),
    ('{number: "01", label: "A", outcome: won}', "unknown outcome 'won'"),
    ('{number: "01", label: "A", figure: active, topic: pension}', "counts one thing"),
    ('{label: "A", figure: active}', "needs its 'number'"),
    ('{number: "01", figure: active}', "'label' must be a text"),
])
def test_every_mistake_in_a_form_names_its_line(tmp_path, line, message):
    path = tmp_path / "XX.yaml"
    path.write_text(f'title: "T"\nsections:\n  - title: "S"\n    lines:\n      - {line}\n',
                    encoding="utf-8")
    with pytest.raises(FormError) as caught:
        read_form(path)
    assert f"{path}:5" in str(caught.value) and message in str(caught.value)


def test_the_forms_that_ship_are_valid():
    for path in FORMS.glob("*.yaml"):
        form = read_form(path)
        numbers = [line.number for section in form.sections for line in section.lines]
        assert len(numbers) == len(set(numbers)), path  # every line number once
        assert form.signatures, path
