"""Grading rules of each question type, and question types added from outside."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from lms.content import question_types as types
from lms.content.question_types import InvalidAnswer, Option, normalise, question_type
from lms.content.quiz import Question


def question(kind, data, index=0):
    return Question(index=index, kind=kind, title_html="", body_html="", explanation_html="",
                    data=data, line=1)


@pytest.mark.parametrize("typed, accepted", [
    ("  На обороте   карты. ", "на обороте карты"),
    ("ЁЛКА", "елка"),
    ("Мар’яна", "Мар'яна"),
    ("Марʼяна", "мар'яна"),
    ("«Госуслуги»", "госуслуги"),
])
def test_typed_answers_are_normalised(typed, accepted):
    assert normalise(typed) == normalise(accepted)


def test_multiple_choice_partial_credit_never_below_zero():
    q = question("multiple", [Option("a", True), Option("b", True), Option("c"), Option("d")])
    kind = question_type("multiple")
    assert kind.grade(q, [0, 1], partial=True) == 1.0
    assert kind.grade(q, [0], partial=True) == 0.5
    assert kind.grade(q, [0, 2], partial=True) == 0.0
    assert kind.grade(q, [2, 3], partial=True) == 0.0
    assert kind.grade(q, [0], partial=False) == 0.0


def test_order_and_matching_partial_credit():
    steps = question("order", ["a", "b", "c", "d"])
    assert question_type("order").grade(steps, [1, 2, 4, 3], partial=True) == 0.5
    assert question_type("order").grade(steps, [1, 2, 4, 3], partial=False) == 0.0
    pairs = question("matching", [("a", "1"), ("b", "2")])
    assert question_type("matching").grade(pairs, [0, 1], partial=False) == 1.0
    assert question_type("matching").grade(pairs, [1, 0], partial=True) == 0.0


def test_order_is_never_shown_already_solved():
    steps = question("order", ["a", "b"])
    for seed in range(50):
        assert question_type("order").display_order(steps, seed, True) == [1, 0]


def test_options_are_shuffled_per_attempt_but_stable_within_it():
    q = question("single", [Option(str(i), i == 0) for i in range(6)])
    kind = question_type("single")
    orders = {tuple(kind.display_order(q, seed, True)) for seed in range(20)}
    assert len(orders) > 5
    assert kind.display_order(q, 7, True) == kind.display_order(q, 7, True)
    assert kind.display_order(q, 7, False) == list(range(6))


def test_answers_must_belong_to_their_question():
    q = question("single", [Option("a", True), Option("b")], index=3)
    with pytest.raises(InvalidAnswer):
        question_type("single").read(q, MultiDict({"answer": "q2o0"}))
    assert question_type("single").read(q, MultiDict({"answer": "q3o1"})) == [1]


def test_a_question_type_from_another_package_is_registered(monkeypatch):
    class Scale(types.QuestionType):
        name = "scale"
        template = "typed"

        def read(self, question, form):
            return form.get("answer", "")

        def grade(self, question, answer, partial):
            return 1.0

    entry = SimpleNamespace(load=lambda: Scale)
    monkeypatch.setattr(types.registry, "entry_points", lambda group: [entry]
                        if group == types.ENTRY_POINT_GROUP else [])
    monkeypatch.setitem(types.QUESTION_TYPES, "single", types.QUESTION_TYPES["single"])
    try:
        types.load_plugins()
        assert isinstance(question_type("scale"), Scale)
    finally:
        types.QUESTION_TYPES.pop("scale", None)
