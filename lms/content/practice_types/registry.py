"""The registry of practice simulators: Gramota's own and other packages' (entry point group
``gramota.practice_types``, ``name = package.module:Class``)."""

from __future__ import annotations

from importlib.metadata import entry_points

from .base import PracticeType
from .dialogue import DialogueType, MessagesType
from .inbox import InboxType
from .portal import PortalType
from .signing import SigningType

ENTRY_POINT_GROUP = "gramota.practice_types"
PRACTICE_TYPES: dict[str, PracticeType] = {}


def register(kind: type[PracticeType]) -> type[PracticeType]:
    PRACTICE_TYPES[kind.name] = kind()
    return kind


for _kind in (InboxType, DialogueType, MessagesType, PortalType, SigningType):
    register(_kind)


def load_practice_plugins() -> None:
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        kind = entry_point.load()
        if kind.name not in PRACTICE_TYPES:
            register(kind)


def practice_type(name: str) -> PracticeType:
    return PRACTICE_TYPES[name]
