"""The portal sandbox: every field checked as a real portal checks it, with a kind message;
the code comes to the phone on the screen; nothing she typed is kept, only whether each
step was right the first time."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import sign_in, text_of
from walk_pages import choose, next_url, post, start

from lms.content.practice import read_practice
from lms.content.practice_types import PracticeError
from lms.content.practice_types.card_fields import iin_ok, rnokpp_ok, snils_ok
from lms.db import db
from lms.practice.models import PracticeAttempt

START = "/practice/first-steps/portal/"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "practices" / "first-steps" / "portal.ru.yaml"
CARD = {"surname": "Смирнова", "birth": "14.03.1951", "snils": "112-233-445 95",
        "phone": "+7 912 345-67-89"}


def test_she_registers_with_the_card_corrects_a_field_and_applies(app, client, learner):
    sign_in(client, learner)
    url = start(client, START)
    page = text_of(client.get(url))
    assert "Учебный портал: вводите только данные с карточки, никогда свои." in page
    said = choose(client, url, "gosuslugi.ru")
    assert "Вы справились: Адрес сайта." in said

    url = next_url(said)
    page = text_of(client.get(url))
    assert "https://gosuslugi.ru" in page and "112-233-445 95" in page  # the card beside it
    # a SNILS one digit wrong fails its check digits; a surname not as on the card
    refused = post(client, url, surname="Смирнов", birth="31.02.1951", snils="112-233-445 96",
                   phone="8 912 345 67 89")
    page = text_of(refused)
    assert refused.status_code == 422
    assert "Это не то, что написано на карточке: сравните по буквам." in page
    assert "Напишите дату так: число, месяц и год через точки: 05.03.1951." in page
    assert "В номере СНИЛС 11 цифр" in page
    assert 'value="Смирнов"' in page and 'name="tries" value="1"' in page  # shown back once
    assert post(client, url, **{**CARD, "phone": "8 912 345 67 89", "tries": "1"}).status_code \
        == 302
    done = text_of(client.get(url))
    assert "Готово." in done and "Обратите внимание в следующий раз: Данные как в документе." \
        in done

    url = next_url(done)
    page = text_of(client.get(url))
    code = re.search(r"Код подтверждения: (\d{6})\.", page)[1]  # on the phone beside it
    assert "Это не тот код, что в СМС" in text_of(post(client, url, code="000000"))
    assert post(client, url, code=code).status_code == 302

    url = next_url(text_of(client.get(url)))
    page = text_of(post(client, url, password="smirnova1951", repeat="smirnova1951"))
    for rule in ("Заглавная латинская буква: от A до Z.", "Знак, например - или !",
                 "Не год вашего рождения: его вор пробует первым."):
        assert rule in page
    assert "Пароли не совпадают" in text_of(post(client, url, password="Kot-Vaska-7",
                                                   repeat="Kot-Vaska-8", tries="1"))
    assert post(client, url, password="Kot-Vaska-7", repeat="Kot-Vaska-7",
                tries="2").status_code == 302

    url = next_url(text_of(client.get(url)))
    found = text_of(client.get(url + "?q=пенси"))
    assert "Справка о размере пенсии" in found and "Запись к врачу" not in found
    said = choose(client, url, "Справка о размере пенсии")

    url = next_url(said)
    refused = text_of(post(client, url))
    assert "Выберите, как вы хотите получить результат." in refused
    assert "Поставьте галочку" in refused
    assert post(client, url, receive="0", consent="yes").status_code == 302

    result = text_of(client.get(next_url(text_of(client.get(url)))))
    assert "С первой попытки верно: 3 из 5 шагов." in result
    attempt = db.session.scalar(db.select(PracticeAttempt))
    assert (sorted(attempt.caught), sorted(attempt.missed)) == (
        ["address", "code", "service"], ["card", "password"])
    # nothing she typed is kept: no surname, number, code or password in the attempt
    stored = json.dumps([attempt.answers, attempt.steps, attempt.caught], ensure_ascii=False)
    for typed in ("Смирнов", "112", "912", code, "Kot-Vaska"):
        assert typed not in stored


def test_a_lookalike_address_counts_as_costly(app, client, learner):
    sign_in(client, learner)
    said = choose(client, start(client, START), "gosuslugi-vhod.ru")
    assert "Это стоило бы вам дорого." in said and "Это поддельный сайт." in said
    attempt = db.session.scalar(db.select(PracticeAttempt))
    assert (attempt.missed, attempt.costly) == (["address"], 1)


@pytest.mark.parametrize("number, check", [("11223344595", snils_ok), ("1952314866", rnokpp_ok),
                                           ("510314400218", iin_ok)])
def test_the_check_digits_of_real_numbers(number, check):
    assert check(number)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not check(wrong)


@pytest.mark.parametrize("change, message", [
    (("value: 112-233-445 95", "value: 112-233-445 96"), "would not pass its own check"),
    (("ask: [surname, birth, snils, phone]", "ask: [surname, passport]"),
     "the card ('person') does not have"),
    (("    type: password\n", "    type: secret\n"), "needs a 'type'"),
    (("      - {label: Запись к врачу}\n      - {label: Замена паспорта}\n", ""), "has no way on"),
    (("    receive: [В личный кабинет, В МФЦ]\n", ""), "has no way on"),
    (("sms: \"Код подтверждения: {code}. Никому не сообщайте.\"", "sms: Код пришёл"),
     "with {code}"),
])
def test_a_portal_file_with_a_mistake_is_refused_with_its_line(tmp_path, change, message):
    path = tmp_path / "portal.ru.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(*change), encoding="utf-8")
    with pytest.raises(PracticeError) as caught:
        read_practice(path, "ru")
    said = caught.value.template % caught.value.params
    assert message in said and caught.value.line, said


@pytest.mark.parametrize("value", ["", "x" * 10_000, "<script>alert(1)</script>", "١٢٣٤٥٦",
                                   "7\x00", "99999999999999999999", "²"])
def test_hostile_values_in_every_field_get_a_kind_message_and_keep_nothing(
        app, client, learner, value):
    sign_in(client, learner)
    url = start(client, START)
    choose(client, url, "gosuslugi.ru")
    register = url[:-1] + "2"
    page = post(client, register, surname=value, birth=value, snils=value, phone=value,
                tries=value)
    assert page.status_code in (400, 422)
    if page.status_code == 422:
        said = text_of(page)
        assert "<script>alert(1)</script>" not in said
        assert said.count('class="field-error"') == 4
    attempt = db.session.scalar(db.select(PracticeAttempt))
    db.session.refresh(attempt)
    assert list(attempt.answers) == ["address"]  # nothing kept of what was typed
