"""The registry of question types: Gramota's own, and those of other packages (entry point
group ``gramota.question_types``, ``name = package.module:Class``)."""

from __future__ import annotations

from importlib.metadata import entry_points

from .base import QuestionType
from .choice import ImageChoice, MultipleChoice, SingleChoice, TrueFalse
from .matching import Matching
from .order import PutInOrder
from .typed import TypedAnswer

ENTRY_POINT_GROUP = "gramota.question_types"
# A question without a {type} in its heading: the first of these that reads its answers.
# (A task list is then single or multiple choice, or pictures, by what it holds.)
AUTO_DETECTED = ("single", "order", "matching", "typed")

QUESTION_TYPES: dict[str, QuestionType] = {}


def register(kind: type[QuestionType]) -> type[QuestionType]:
    """Add a question type to the registry (usable as a class decorator)."""
    QUESTION_TYPES[kind.name] = kind()
    return kind


for _kind in (SingleChoice, MultipleChoice, TrueFalse, ImageChoice, PutInOrder, Matching,
              TypedAnswer):
    register(_kind)


def load_plugins() -> None:
    """Register question types that other packages offer through entry points."""
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        kind = entry_point.load()
        if kind.name not in QUESTION_TYPES:
            register(kind)


def question_type(name: str) -> QuestionType:
    return QUESTION_TYPES[name]


def template_folders() -> list[str]:
    """The templates folders of types from other packages."""
    return [kind.template_folder for kind in QUESTION_TYPES.values() if kind.template_folder]
