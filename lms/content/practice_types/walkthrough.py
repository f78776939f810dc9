"""A walkthrough: the steps of a real task played in order (a portal, signing a document).
Each step is of a kind: a question with choices, or a form the learner fills in until it
is right. A step may check a cue: a choice right or wrong, a form right the first time.

    steps:
      - id: address
        type: choice
        cue: address
        ask: Какой адрес набрать?
        choices:
          - {label: gosuslugi.ru, right: true, feedback: …}
          - {label: gosuslugi-vhod.ru, costly: true, feedback: …}

The simulators (portal.py, signing.py) add their own kinds of step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...i18n import N_
from .base import (
    PracticeError,
    PracticeType,
    Room,
    Scored,
    attempt_number,
    chosen,
    markdown_html,
    step_head,
)


@dataclass(frozen=True)
class Choice:
    label: str
    right: bool
    costly: bool
    feedback: str


@dataclass(frozen=True)
class Step:
    id: str
    type: str
    cue: str | None
    say_html: str
    ask: str = ""
    choices: tuple[Choice, ...] = ()
    extra: dict = field(default_factory=dict)  # the kind's own keys, checked by it
    line: int = 0


@dataclass
class Walkthrough:
    steps: dict[str, Step] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # the simulator's own keys (a card, a document)


class StepKind:
    """One kind of step: what its file says, what the learner's answer is, how it counts."""

    scored_by = "tries"  # or "choice"

    def parse(self, item: dict, where, walkthrough: Walkthrough) -> dict:
        return {}

    def read(self, step: Step, form, walkthrough: Walkthrough, room: Room) -> dict:
        return {}

    def screen(self, step: Step, walkthrough: Walkthrough, room: Room) -> dict:
        return {}


class ChoiceKind(StepKind):
    scored_by = "choice"

    def parse(self, item: dict, where, walkthrough: Walkthrough) -> dict:
        return {"search": item.get("search") is True}  # a search box over the choices

    def read(self, step: Step, form, walkthrough: Walkthrough, room: Room) -> dict:
        number = chosen(form, "choice", len(step.choices))
        if number is None:
            raise PracticeError(None, N_("Choose an answer."))
        return {"choice": number}


def tries(form) -> int:
    """How many times the form came back to be corrected (the page counts them)."""
    value = str(form.get("tries", ""))
    return min(int(value), 99) if value.isascii() and value.isdigit() else 0


def sms_code(room: Room) -> str:
    """The attempt's code from an SMS: the same in a step's text and on the drawn phone."""
    return attempt_number(room, "code", 6)


class WalkthroughType(PracticeType):
    """Steps in order; ``kinds`` names the kinds of step a simulator knows."""

    counts = "steps"
    top_keys: tuple[str, ...] = ()  # the simulator's own keys, read by ``parse_extra``
    kinds: dict[str, StepKind] = {"choice": ChoiceKind()}

    def parse(self, data: dict, cues: dict, lang: str = "ru") -> Walkthrough:
        line = data.get("__line__")
        walkthrough = Walkthrough(extra=self.parse_extra(data, line, lang))
        steps = data.get("steps")
        if not isinstance(steps, list) or not steps:
            raise PracticeError(line, "a practice needs its 'steps', a list")
        for item in steps:
            step = self._step(item, cues, walkthrough, line, lang)
            if step.id in walkthrough.steps:
                raise PracticeError(step.line, "the step id '%(id)s' is used twice", id=step.id)
            walkthrough.steps[step.id] = step
        return walkthrough

    def parse_extra(self, data: dict, line, lang: str) -> dict:
        return {}

    def _step(self, item, cues: dict, walkthrough: Walkthrough, line, lang: str) -> Step:
        step_id, where = step_head(item, line)
        kind = self.kinds.get(str(item.get("type")))
        if kind is None:
            raise PracticeError(where, "the step '%(id)s' needs a 'type': one of %(known)s",
                                id=step_id, known=", ".join(sorted(self.kinds)))
        cue = str(item["cue"]) if item.get("cue") else None
        if cue is not None and cue not in cues:
            raise PracticeError(where, "the step '%(id)s' checks the cue '%(cue)s', which "
                                       "'cues' does not name", id=step_id, cue=cue)
        choices = ()
        if kind.scored_by == "choice":
            choices = self._choices(item, where, step_id)
        return Step(step_id, str(item["type"]), cue, markdown_html(item.get("say"), lang),
                    str(item.get("ask") or ""), choices,
                    kind.parse(item, where, walkthrough), where or 0)

    @staticmethod
    def _choices(item: dict, where, step_id: str) -> tuple[Choice, ...]:
        if not str(item.get("ask") or "").strip():
            raise PracticeError(where, "the step '%(id)s' needs its question in 'ask'",
                                id=step_id)
        raw = item.get("choices")
        if not isinstance(raw, list) or len(raw) < 2:
            raise PracticeError(where, "the step '%(id)s' has no way on: give it two 'choices' "
                                       "or more", id=step_id)
        choices = []
        for choice in raw:
            if not isinstance(choice, dict) or not str(choice.get("label") or "").strip():
                raise PracticeError(where, "each choice of '%(id)s' needs its 'label'",
                                    id=step_id)
            unknown = sorted(set(choice) - {"label", "right", "costly", "feedback", "__line__"})
            if unknown:  # {label: Да, верно, right: true} reads "верно" as a key
                raise PracticeError(choice.get("__line__", where),
                                    "the choice «%(label)s» has '%(key)s', which a choice does "
                                    "not have: a text with a comma inside {…} must be in "
                                    "quotes", label=str(choice["label"])[:40], key=unknown[0])
            choices.append(Choice(str(choice["label"]), choice.get("right") is True,
                                  choice.get("costly") is True,
                                  str(choice.get("feedback") or "")))
        if not any(choice.right for choice in choices):
            raise PracticeError(where, "the step '%(id)s' has no right answer: mark one with "
                                       "right: true", id=step_id)
        return tuple(choices)

    def draw(self, model: Walkthrough, seed: int, country: str | None) -> list[str]:
        return list(model.steps)

    def step(self, model: Walkthrough, step_id: str) -> Step | None:
        return model.steps.get(step_id)

    def read(self, model: Walkthrough, step_id: str, form, room: Room) -> dict:
        step = model.steps[step_id]
        kind = self.kinds[step.type]
        answer = kind.read(step, form, model, room)  # FieldErrors: the form comes back
        return answer if kind.scored_by == "choice" else {**answer, "tries": tries(form)}

    def score(self, model: Walkthrough, step_id: str, answer: dict) -> Scored:
        step = model.steps[step_id]
        if self.kinds[step.type].scored_by == "choice":
            choice = step.choices[answer["choice"]]
            right, safe = choice.right, choice.right or not choice.costly
        else:
            right, safe = answer.get("tries", 0) == 0, True
        if step.cue is None:
            return Scored(safe=safe)
        return Scored([step.cue] if right else [], [] if right else [step.cue], safe)

    def screen(self, model: Walkthrough, step_id: str, room: Room) -> dict:
        step = model.steps[step_id]
        shown = self.kinds[step.type].screen(step, model, room)
        say = step.say_html.replace("{number}", attempt_number(room, "number", 7)).replace(
            "{code}", sms_code(room))
        return {"say_html": say, **shown}

    def agrees(self, ours: Walkthrough, theirs: Walkthrough) -> bool:
        def shape(w: Walkthrough):
            return [(s.id, s.type, s.cue, [(c.right, c.costly) for c in s.choices])
                    for s in w.steps.values()]
        return shape(ours) == shape(theirs)

    def cues_used(self, model: Walkthrough) -> set[str]:
        return {s.cue for s in model.steps.values() if s.cue}
