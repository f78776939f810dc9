"""Question types: each a small class that reads its answers from the quiz file, reads a
learner's answer from the form, grades it, and names its templates (base.py). A new type
is one module and its templates; other packages add theirs through an entry point."""

from .base import (
    AnswerBlock,
    InvalidAnswer,
    Option,
    QuestionError,
    QuestionType,
    option_id,
    share_right,
    shuffled,
)
from .choice import ImageChoice, MultipleChoice, SingleChoice, TrueFalse
from .matching import Matching
from .order import PutInOrder
from .registry import (
    AUTO_DETECTED,
    ENTRY_POINT_GROUP,
    QUESTION_TYPES,
    load_plugins,
    question_type,
    register,
    template_folders,
)
from .typed import TypedAnswer, normalise

__all__ = [
    "AUTO_DETECTED", "ENTRY_POINT_GROUP", "QUESTION_TYPES", "AnswerBlock", "ImageChoice",
    "InvalidAnswer", "Matching", "MultipleChoice", "Option", "PutInOrder", "QuestionError",
    "QuestionType", "SingleChoice", "TrueFalse", "TypedAnswer", "load_plugins", "normalise",
    "option_id", "question_type", "register", "share_right", "shuffled", "template_folders",
]
