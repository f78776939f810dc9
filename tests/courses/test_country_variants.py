"""A passage in variants by country: each learner reads her branch's; facts that may change
are marked, listed and flagged when old; what is missing is reported by `lms check`."""

from __future__ import annotations

import pytest
from helpers import sign_in, text_of

from lms.content.countries import for_country
from lms.content.markdown import render_markdown
from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.people.services import create_user

INDEX = """---
title: Деньги в интернете
summary: Банк в телефоне.
countries: RU UA KZ
---

Курс о банке в телефоне.
"""
LESSON = """---
title: Номер банка
---

Номер банка напечатан на обороте карты.

::: country RU
У Сбербанка короткий номер 900. {fact reviewed=2026-12}
:::

::: country KZ
В приложении Kaspi есть чат с банком. {fact reviewed=2020-01}
:::

:::: country other
::: warning
Звоните только по номеру с карты.
:::
::::

Потом положите трубку.
"""


@pytest.fixture
def content(tmp_path):
    course = tmp_path / "courses" / "money"
    course.mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    (course / "index.ru.md").write_text(INDEX, encoding="utf-8")
    (course / "01-bank-number.ru.md").write_text(LESSON, encoding="utf-8")
    return tmp_path


@pytest.fixture
def variant_app(make_app, content):
    app = make_app(LMS_COURSES_DIR=str(content / "courses"),
                   LMS_QUIZZES_DIR=str(content / "quizzes"))
    with app.app_context():
        yield app


def learner_at(country: str):
    branch = get_or_create_library(get_or_create_network(f"net-{country}", country), "c",
                                   f"Центральная {country}", country=country)
    user = create_user(f"reader.{country.lower()}", "Читатель", Role.LEARNER, "246810",
                       library=branch)
    db.session.commit()
    user.plain_password = "246810"
    return user


LESSON_URL = "/courses/money/bank-number/"


@pytest.mark.parametrize("country, shown, hidden", [
    ("RU", ["900"], ["Kaspi", "Звоните только по номеру с карты"]),
    ("KZ", ["Kaspi"], ["900", "Звоните только по номеру с карты"]),
    ("UA", ["Звоните только по номеру с карты"], ["900", "Kaspi"]),
])
def test_each_learner_reads_her_countrys_passage(variant_app, country, shown, hidden):
    reader = learner_at(country)
    client = variant_app.test_client()
    sign_in(client, reader)
    page = text_of(client.get(LESSON_URL))
    assert "Номер банка напечатан" in page and "Потом положите трубку" in page
    assert all(text in page for text in shown), country
    assert not any(text in page for text in hidden), country
    assert "{fact" not in page and "lms-country" not in page


def test_a_visitor_sees_every_variant_named_or_the_sites_country(variant_app, make_app,
                                                                  content):
    page = text_of(variant_app.test_client().get(LESSON_URL))
    assert "В России:" in page and "900" in page and "В Казахстане:" in page
    assert "Звоните только по номеру с карты" in page  # "other" stands for the rest
    kazakh = make_app(LMS_COURSES_DIR=str(content / "courses"),
                      LMS_QUIZZES_DIR=str(content / "quizzes"), LMS_DEFAULT_COUNTRY="KZ")
    page = text_of(kazakh.test_client().get(LESSON_URL))
    assert "Kaspi" in page and "900" not in page


def test_facts_are_listed_with_their_dates_and_old_ones_flagged(variant_app):
    runner = variant_app.test_cli_runner()
    listed = runner.invoke(args=["lms", "facts"])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].startswith("2020-01  courses/money/01-bank-number.ru.md:12  В приложении")
    assert "2026-12  courses/money/01-bank-number.ru.md:8  У Сбербанка короткий номер 900." in (
        listed.output) and lines[-1] == "2 facts."
    old = runner.invoke(args=["lms", "facts", "--older-than", "12"])
    assert "Kaspi" in old.output and "900" not in old.output
    checked = runner.invoke(args=["lms", "check", "--strict"])
    assert "01-bank-number.ru.md:12: a fact last checked 2020-01" in checked.output
    assert checked.exit_code == 1


def test_a_passage_without_a_countrys_variant_is_reported(variant_app, content):
    lesson = content / "courses" / "money" / "01-bank-number.ru.md"
    lesson.write_text(LESSON.replace(":::: country other", ":::: country UA")
                      .replace("::: country KZ", "::: country BY"), encoding="utf-8")
    result = variant_app.test_cli_runner().invoke(args=["lms", "check"])
    assert ("01-bank-number.ru.md:7: курс написан для RU UA KZ, но у этого места нет "
            "варианта для KZ") in result.output  # in the author's language


@pytest.mark.parametrize("block, message", [
    ("::: country russia", "two capital letters"),
    ("::: country", "two capital letters"),
])
def test_a_wrong_country_block_is_an_error(block, message):
    rendered = render_markdown(f"Текст.\n\n{block}\nСлова.\n:::\n")
    assert any(message in problem.template for problem in rendered.problems)


def test_a_fact_mark_without_its_date_is_an_error():
    rendered = render_markdown("Номер 900. {fact}\n\nПлата 10 рублей. {fact reviewed=2026-13}\n")
    assert [problem.line for problem in rendered.problems] == [1, 3]
    assert "{fact" not in rendered.html and rendered.facts == []


def test_the_country_marks_cannot_be_written_by_an_author():
    rendered = render_markdown("<!--lms-country:RU-->\nНе для всех\n<!--/lms-country-->\n")
    assert "&lt;!--lms-country" in rendered.html  # raw HTML is text: no forged block
    assert for_country(rendered.html, "KZ") == rendered.html



def test_a_quiz_explanation_has_its_countrys_variant(make_app, content):
    (content / "quizzes" / "money").mkdir()
    (content / "quizzes" / "money" / "bank-quiz.ru.md").write_text(
        "---\ntitle: Проверим себя\nlesson: bank-number\n---\n\n"
        "## Где номер банка?\n\n- [x] На обороте карты\n- [ ] В СМС от незнакомца\n\n"
        "> Номер на карте.\n>\n> ::: country RU\n> У Сбербанка это 900.\n> :::\n>\n"
        "> ::: country KZ\n> В Kaspi напишите в чат.\n> :::\n", encoding="utf-8")
    app = make_app(LMS_COURSES_DIR=str(content / "courses"),
                   LMS_QUIZZES_DIR=str(content / "quizzes"))
    with app.app_context():
        branch = get_or_create_library(get_or_create_network("net-KZ", "KZ"), "c", "Астана",
                                       country="KZ")
        trainer = create_user("trainer.kz", "Тренер", Role.TRAINER, "Long-password-1",
                              library=branch)
        db.session.commit()
        client = app.test_client()
        sign_in(client, trainer, password="Long-password-1")
        key = text_of(client.get("/quizzes/money/bank-quiz/key"))
    assert "В Kaspi напишите в чат." in key and "900" not in key and "Номер на карте." in key
