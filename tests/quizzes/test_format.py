"""Quiz files: every type parses; every mistake is reported as path:line; bad quizzes are
left out while the course goes on."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from lms.content import load_catalogue
from lms.content.quiz_loader import attach_quizzes

FIXTURES = Path(__file__).parents[1] / "fixtures"
HEADER = "---\ntitle: Тест\nlesson: mouse\n---\n\n"


@pytest.fixture
def quizzes(tmp_path):
    """Write quiz files next to a copy of the fixture courses and load them."""
    root = tmp_path / "quizzes"
    shutil.copytree(FIXTURES / "quizzes", root)

    def load(files: dict[str, str]):
        for name, content in files.items():
            path = root / "first-steps" / name
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        catalogue = load_catalogue(FIXTURES / "courses")
        attach_quizzes(catalogue, root, languages=["ru", "uk", "kk", "en"],
                       default_language="ru", max_bytes=1_000_000)
        return catalogue, [str(p) for p in catalogue.problems]

    return load


def test_fixture_quizzes_load_with_every_type():
    catalogue = load_catalogue(FIXTURES / "courses")
    attach_quizzes(catalogue, FIXTURES / "quizzes", languages=["ru", "uk"],
                   default_language="ru", max_bytes=1_000_000)
    assert catalogue.problems == []
    course = catalogue.get("first-steps")
    kinds = [q.kind for quiz in course.quizzes.values() for q in quiz.questions]
    assert sorted(set(kinds)) == ["images", "matching", "multiple", "order", "single",
                                  "true-false", "typed"]
    assert course.lesson("keyboard").quiz.slug == "device-quiz"
    assert course.final_quiz.slug == "final"
    assert course.final_quiz.questions[1].lesson_slug == "keyboard"
    assert list(course.quizzes["device-quiz"].texts) == ["ru", "uk"]


@pytest.mark.parametrize("body, message", [
    ("## Вопрос\n\n- [ ] а\n- [ ] б\n\n> Пояснение\n",
     "mouse-quiz.ru.md:8: no option is marked right: write [x] before it"),
    ("## Вопрос {single}\n\n- [x] а\n- [x] б\n\n> Пояснение\n",
     "mouse-quiz.ru.md:8: 2 options are marked right, but the question is single choice"),
    ("## Вопрос\n\n1. Только один шаг\n\n> Пояснение\n",
     "mouse-quiz.ru.md:8: an order question needs at least two steps"),
    ("## Вопрос\n\n- [x] а\n- [ ]\n\n> Пояснение\n", "mouse-quiz.ru.md:9: an option is empty"),
    ("## Вопрос\n\nПросто текст без ответов.\n",
     "mouse-quiz.ru.md:6: the question has no answers"),
    ("## Вопрос\n\n- термин -> \n- другой -> пара\n\n> П\n",
     "mouse-quiz.ru.md:8: a pair is written 'term -> match', once per line"),
    ("## Вопрос {странный}\n\n- [x] а\n- [ ] б\n\n> П\n",
     "mouse-quiz.ru.md:6: unknown word 'странный' in braces"),
    ("## Вопрос {true-false}\n\n- [x] а\n- [ ] б\n- [ ] в\n\n> П\n",
     "mouse-quiz.ru.md:8: a true/false question has exactly two options"),
    ("## Вопрос\n\n- [x] а\n- [ ] б\n\n1. шаг\n2. шаг\n\n> П\n",
     "mouse-quiz.ru.md:11: a question has one kind of answer"),
])
def test_mistakes_in_questions_are_reported_and_the_quiz_left_out(quizzes, body, message):
    catalogue, problems = quizzes({"mouse-quiz.ru.md": HEADER + body})
    assert any(message in p for p in problems), problems
    course = catalogue.get("first-steps")
    assert "mouse-quiz" not in course.quizzes
    assert course.lesson("mouse").quiz is None
    assert "device-quiz" in course.quizzes  # the rest of the course still works


@pytest.mark.parametrize("header, message", [
    ("---\ntitle: Т\npass: 150\n---\n", "mouse-quiz.ru.md:3: 'pass' must be a percentage"),
    ("---\ntitle: Т\nautor: Петрова\n---\n", "mouse-quiz.ru.md:3: unknown key 'autor'"),
    ("---\ntitle: !!python/object/apply:os.system [\"touch /tmp/owned\"]\n---\n",
     "mouse-quiz.ru.md:2: 'title': YAML tags such as !!python/object are not allowed"),
    ("---\ntitle: Т\nlesson: nowhere\n---\n", "the course has no lesson 'nowhere'"),
    ("---\ntitle: Т\nfeedback: sometimes\n---\n", "'feedback' must be one of: each, end"),
])
def test_mistakes_in_the_header(quizzes, header, message):
    body = "\n## Вопрос\n\n- [x] а\n- [ ] б\n\n> П\n"
    catalogue, problems = quizzes({"mouse-quiz.ru.md": header + body})
    assert any(message in p for p in problems), problems
    assert "mouse-quiz" not in catalogue.get("first-steps").quizzes
    assert not Path("/tmp/owned").exists()


def test_a_ten_thousand_question_file_is_refused(quizzes):
    question = "## Вопрос\n\n- [x] а\n- [ ] б\n\n> П\n\n"
    catalogue, problems = quizzes({"mouse-quiz.ru.md": HEADER + question * 10_000})
    assert any("too many questions (10000); a quiz may have at most 200" in p
               for p in problems), problems[:3]
    assert "mouse-quiz" not in catalogue.get("first-steps").quizzes


def test_missing_explanation_is_a_warning_only(quizzes):
    catalogue, problems = quizzes({"mouse-quiz.ru.md": HEADER + "## Вопрос\n\n- [x] а\n- [ ] б\n"})
    assert problems == ["quizzes/first-steps/mouse-quiz.ru.md:6: the question has no "
                        "explanation: add a block quote (> ) after the answers (warning)"]
    assert "mouse-quiz" in catalogue.get("first-steps").quizzes


def test_translations_must_agree_on_questions_and_right_answers(quizzes):
    ru = HEADER + "## Вопрос\n\n- [x] а\n- [ ] б\n\n> П\n"
    uk = HEADER + "## Питання\n\n- [ ] а\n- [x] б\n\n> П\n"
    catalogue, problems = quizzes({"mouse-quiz.ru.md": ru, "mouse-quiz.uk.md": uk})
    assert any("mouse-quiz.uk.md:6: this question differs from question 1 of the ru version"
               in p for p in problems), problems
    quiz = catalogue.get("first-steps").quizzes["mouse-quiz"]
    assert list(quiz.texts) == ["ru"]  # the wrong translation is left out


def test_quizzes_for_an_unknown_course_are_reported(tmp_path):
    (tmp_path / "quizzes" / "nowhere").mkdir(parents=True)
    catalogue = load_catalogue(FIXTURES / "courses")
    attach_quizzes(catalogue, tmp_path / "quizzes", languages=["ru"], default_language="ru",
                   max_bytes=1_000_000)
    assert [str(p) for p in catalogue.problems] == [
        "quizzes/nowhere: there is no course 'nowhere' for these quizzes"]


def test_a_type_and_a_lesson_may_be_given_in_one_or_two_pairs_of_braces(quizzes):
    final = ("---\ntitle: Итог\n---\n\n"
             "## Что верно? {multiple} {lesson=mouse}\n\n- [x] а\n- [x] б\n- [ ] в\n\n> П\n\n"
             "## Что ещё верно? {multiple lesson=keyboard}\n\n- [x] а\n- [x] б\n- [ ] в\n\n> П\n")
    catalogue, problems = quizzes({"final.ru.md": final})
    assert problems == []
    questions = catalogue.get("first-steps").quizzes["final"].text("ru").questions
    assert [(q.kind, q.lesson_slug) for q in questions] == [("multiple", "mouse"),
                                                            ("multiple", "keyboard")]
    assert "{" not in questions[0].title_html
