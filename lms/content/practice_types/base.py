"""What every practice simulator does: read its part of a practice file (checked, with the
line of each mistake), choose what one attempt shows, and score what the learner did."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from ...i18n import N_
from ..frontmatter import SLUG_RE
from ..markdown import markdown_env, parse_tokens, render_tokens


def markdown_html(text, lang: str) -> str:
    """A practice's text (an introduction, a message, a caller's words) as safe HTML."""
    env = markdown_env(lang=lang)
    return render_tokens(parse_tokens(str(text or ""), env), env)


class PracticeError(ValueError):
    """A mistake in a practice file: its line and a message template with parameters."""

    def __init__(self, line: int | None, template: str, **params):
        super().__init__(template)
        self.line, self.template, self.params = line, template, params


class FieldErrors(PracticeError):
    """Fields of a simulated form that a real portal would refuse: field name → (message
    template, parameters). Nothing typed is kept; the page shows it back once."""

    def __init__(self, errors: dict[str, tuple[str, dict]]):
        super().__init__(None, N_("Some fields need correcting: see the messages beside "
                                  "them."))
        self.fields = errors


@dataclass(frozen=True)
class Room:
    """The attempt a simulator plays in: what makes its code, key or number its own."""

    attempt_id: int
    seed: int
    started_at: datetime
    secret: bytes = b""  # the site's secret, for keys made from the attempt
    answered: tuple[str, ...] = ()  # the steps she has answered


def attempt_number(room: Room, salt: str, digits: int) -> str:
    """A number of this attempt (a code, an application number): the same on every page."""
    raw = hashlib.sha256(f"{room.seed}:{room.attempt_id}:{salt}".encode()).digest()
    return str(int.from_bytes(raw[:8]) % 10**digits).zfill(digits)


def step_head(item, line) -> tuple[str, int | None]:
    """A step's id and line, checked: every simulator's steps start ``- id: …``."""
    if not isinstance(item, dict):
        raise PracticeError(line, "each step is 'key: value' lines starting with - id:")
    where = item.get("__line__", line)
    step_id = str(item.get("id", ""))
    if not SLUG_RE.match(step_id):
        raise PracticeError(where, "a step needs an 'id' of latin letters, digits and dashes")
    return step_id, where


def chosen(form, name: str, count: int) -> int | None:
    """The number of the option ticked among ``count`` (digits 0-9 only, not ² or ١), or
    None."""
    value = str(form.get(name, ""))
    if not (value.isascii() and value.isdigit()) or not 0 <= int(value) < count:
        return None
    return int(value)


@dataclass
class Scored:
    """What one answer showed: the cues she caught and those she missed."""

    caught: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    safe: bool = True  # she did nothing that would have cost her


class PracticeType:
    """A simulator. ``parse`` reads the file's data (a dict with ``__line__`` in every
    mapping) into the type's own model, raising PracticeError; ``agrees`` says whether a
    translation has the same steps and cues."""

    name = ""
    template = ""  # lms/practice/types/<template>.html: one step's screen and its form
    fixed_steps = True  # all steps drawn at the start (a dialogue: they follow her answers)
    counts = "tricks"  # what the result counts: tricks spotted, or "steps" done right first

    def parse(self, data: dict, cues: dict, lang: str = "ru") -> object:
        raise NotImplementedError

    def draw(self, model, seed: int, country: str | None) -> list[str]:
        """The ids of the steps one attempt shows, in order."""
        raise NotImplementedError

    def step(self, model, step_id: str):
        raise NotImplementedError

    def read(self, model, step_id: str, form, room: Room) -> dict:
        """The learner's answer from the posted form (raises PracticeError if none, or
        FieldErrors for a form filled in wrong)."""
        raise NotImplementedError

    def screen(self, model, step_id: str, room: Room) -> dict:
        """What else a step's page shows that is made for this attempt (a code that came
        to the phone, a signature checked)."""
        return {}

    def file(self, model, name: str, room: Room) -> tuple[bytes, str] | None:
        """A file the attempt offers to open (a signed document): its bytes and type."""
        return None

    def score(self, model, step_id: str, answer: dict) -> Scored:
        raise NotImplementedError

    def follow(self, model, step_id: str, answer: dict) -> str | None:
        """The step her answer leads to (a dialogue), or None: the steps were all drawn."""
        return None

    def ending(self, model, steps: list[str], answers: dict):
        """How the story ended (a dialogue's last answer), or None."""
        return None

    def agrees(self, ours, theirs) -> bool:
        raise NotImplementedError

    def cues_used(self, model) -> set[str]:
        raise NotImplementedError
