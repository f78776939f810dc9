"""Practice simulators: each a module with a class derived from PracticeType, registered by
name (``kind: inbox`` in a practice file); other packages add theirs through the entry
point group ``gramota.practice_types``, as question types are added."""

from .base import FieldErrors, PracticeError, PracticeType, Room, Scored
from .registry import PRACTICE_TYPES, load_practice_plugins, practice_type

__all__ = ["PRACTICE_TYPES", "FieldErrors", "PracticeError", "Room", "PracticeType", "Scored",
           "load_practice_plugins", "practice_type"]
