"""`lms check` warns of a quiz that can be passed by guessing, and of a lesson that is hard
to read (Flesch–Oborneva)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content.guessing import guessing_problems
from lms.content.markdown import render_markdown
from lms.content.quiz_parser import QuizParser
from lms.content.readability import reading_ease

HEADER = "---\ntitle: Проверим себя\nlesson: bank\n---\n\n"


def quiz(questions: str):
    values, text = QuizParser(Path("quiz.ru.md"), "ru").parse(HEADER + questions)
    assert text is not None
    return text


def question(right: str, *wrong: str, n: int = 1) -> str:
    options = "\n".join([f"- [x] {right}", *(f"- [ ] {w}" for w in wrong)])
    return f"## Вопрос {n}?\n\n{options}\n\n> Пояснение.\n\n"


def test_a_quiz_whose_right_options_are_the_longest_is_flagged():
    longest = "".join(question("Позвонить в банк по номеру с обратной стороны карты",
                               "Ответить на письмо", "Перейти по ссылке", n=n)
                      for n in range(3))
    problems = guessing_problems(quiz(longest))
    assert [p.params for p in problems if "longest" in p.template] == [
        {"count": 3, "total": 3}]
    fair = "".join(question("Позвонить в банк по номеру на карте",
                            "Перезвонить по номеру из СМС от банка",
                            "Ответить на письмо и спросить, кто пишет", n=n) for n in range(3))
    assert guessing_problems(quiz(fair)) == []


def test_an_option_of_two_words_among_sentences_is_flagged():
    text = quiz(question("Положить трубку и перезвонить в банк по номеру с карты",
                         "Назвать код, если звонящий знает моё имя и отчество",
                         "Мышь сломалась"))
    problems = guessing_problems(text)
    assert [p.params.get("option") for p in problems] == ["Мышь сломалась"]


@pytest.mark.parametrize("text, easy", [
    ("Мама мыла раму. Кот спал. Я пил чай.", True),
    ("Квалифицированная электронная подпись, выданная аккредитованным удостоверяющим "
     "центром, обеспечивает юридическую значимость электронного документооборота "
     "организации при взаимодействии с государственными информационными системами.", False),
])
def test_reading_ease_tells_a_primer_from_a_regulation(text, easy):
    score = reading_ease(render_markdown(text).html)
    assert (score >= 50) is easy, score


def test_list_items_and_headings_end_sentences():
    html = render_markdown("## Шаги\n\n- Откройте сайт\n- Нажмите «Войти»\n").html
    assert reading_ease(html) > 60  # three short sentences, not one long one
