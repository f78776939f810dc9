"""The call: a branching dialogue, no timer; each answer names what it showed, and the
story's end says what a real call would have cost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import csrf_from, sign_in, text_of

from lms.content.practice import read_practice
from lms.content.practice_types import PracticeError
from lms.db import db
from lms.practice.models import PracticeAttempt

START = "/practice/first-steps/call/"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "practices" / "first-steps" / "call.ru.yaml"


def answer(client, url, label):
    page = text_of(client.get(url))
    number = re.search(rf'name="choice" value="(\d)"> <span lang="ru">{re.escape(label)}', page)
    sent = client.post(url, data={"csrf_token": csrf_from(page), "choice": number[1]})
    assert sent.status_code == 302
    return text_of(client.get(url))


def test_she_talks_on_gives_the_code_and_sees_what_it_would_have_cost(app, client, learner):
    sign_in(client, learner)
    lesson = text_of(client.get("/courses/first-steps/keyboard/"))
    assert "Звонок «из банка»" in lesson and "Вы потренировались" not in lesson
    page = text_of(client.get(START))
    first = client.post(START + "start", data={"csrf_token": csrf_from(page)}).headers["Location"]
    said = answer(client, first, "Спрошу, что за перевод")
    assert "Вы пропустили: Номер на экране ничего не доказывает." in said
    assert "Продиктуйте код" not in said  # the next step is on its own page
    second = re.search(r'href="([^"]+)">Дальше', said)[1]
    said = answer(client, second, "Продиктую код")
    assert "Вы пропустили: Просят код из СМС." in said
    assert "Чем это кончится:" in said and "85 000 рублей" in said
    result = text_of(client.get(re.search(r'href="([^"]+)">Посмотреть, как получилось', said)[1]))
    assert "Вы заметили 0 из 2 уловок. 2 раза вы поверили бы мошенникам." in result
    assert "85 000 рублей" in result
    lesson = text_of(client.get("/courses/first-steps/keyboard/"))
    assert "Вы потренировались" in lesson  # the lesson counts as practised
    attempt = db.session.scalar(db.select(PracticeAttempt))
    assert (attempt.steps, attempt.missed, attempt.costly, attempt.finished_at is not None) == (
        ["hello", "code"], ["caller", "code"], 2, True)


def test_hanging_up_at_once_ends_it_safely(app, client, learner):
    sign_in(client, learner)
    page = text_of(client.get(START))
    first = client.post(START + "start", data={"csrf_token": csrf_from(page)}).headers["Location"]
    said = answer(client, first, "Положу трубку и позвоню в банк сам")
    assert "Вы заметили: Номер на экране ничего не доказывает." in said
    assert "Вы ничего не потеряли." in said and "Дальше" not in said
    attempt = db.session.scalar(db.select(PracticeAttempt))
    assert (attempt.steps, attempt.caught, attempt.costly) == (["hello"], ["caller"], 0)


@pytest.mark.parametrize("change, message", [
    (("        next: code\n", "        next: nowhere\n"), "a step that does not exist"),
    (("        next: code\n", ""), "leads nowhere"),
    (("        end: lost\n", "        end: ruin\n"), "which 'ends' does not name"),
    (("      - label: Не скажу и положу трубку\n        end: safe\n        catches: [code]\n"
      "        feedback: Верно.\n", ""), "has no way on"),
    (("start: hello", "start: code"), "no answer leads to the step 'hello'"),
])
def test_a_dialogue_that_goes_nowhere_is_refused_with_its_line(tmp_path, change, message):
    path = tmp_path / "call.ru.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    with pytest.raises(PracticeError) as caught:
        read_practice(path, "ru")
    said = caught.value.template % caught.value.params
    assert message in said and caught.value.line, said


@pytest.mark.parametrize("value", ["²", "١", "-1", "99999999999999999999", "x"])
def test_an_answer_that_is_no_choice_is_asked_again(app, client, learner, value):
    sign_in(client, learner)
    page = text_of(client.get(START))
    first = client.post(START + "start", data={"csrf_token": csrf_from(page)}).headers["Location"]
    sent = client.post(first, data={"csrf_token": csrf_from(text_of(client.get(first))),
                                    "choice": value})
    assert sent.status_code == 422 and "Выберите, что вы скажете или сделаете." in text_of(sent)
    assert db.session.scalar(db.select(PracticeAttempt)).answers == {}
