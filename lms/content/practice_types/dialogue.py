"""A dialogue: the call of a "bank security service" or of a "relative in trouble", or a
chat where someone asks for the code just received. The learner answers at each step; her
answer leads on, or ends the story, and names the tricks she caught or fell for. There is
no timer: the pressure is in the words.

    start: hello
    steps:
      - id: hello
        who: "+7 900 000-00-00"
        say: |
          Здравствуйте, служба безопасности банка…
        choices:
          - label: Положу трубку и позвоню в банк по номеру с карты
            end: safe
            catches: [caller]
            feedback: …
          - label: Спрошу, что случилось
            next: card
    ends:
      safe: {text: "…", safe: true}
      lost: {text: "Настоящий звонок стоил бы вам всех денег на карте."}
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...i18n import N_
from .base import PracticeError, PracticeType, Scored, chosen, markdown_html, step_head


@dataclass(frozen=True)
class Choice:
    label: str
    next: str | None
    end: str | None
    catches: tuple[str, ...]
    misses: tuple[str, ...]
    feedback: str


@dataclass(frozen=True)
class Step:
    id: str
    who: str
    say_html: str
    choices: tuple[Choice, ...]
    line: int


@dataclass(frozen=True)
class Ending:
    id: str
    text: str
    safe: bool


@dataclass
class Dialogue:
    start: str
    steps: dict[str, Step] = field(default_factory=dict)
    ends: dict[str, Ending] = field(default_factory=dict)


class DialogueType(PracticeType):
    """The call (``kind: call``); a phone's messages are the same with another screen."""

    name = "call"
    template = "call"
    fixed_steps = False

    def parse(self, data: dict, cues: dict, lang: str = "ru") -> Dialogue:
        line = data.get("__line__")
        ends = data.get("ends")
        if not isinstance(ends, dict) or len([k for k in ends if k != "__line__"]) < 1:
            raise PracticeError(line, "a dialogue needs its 'ends': id: {text: …, safe: …}")
        dialogue = Dialogue(start=str(data.get("start") or ""))
        for end_id, value in ends.items():
            if end_id == "__line__":
                continue
            if not isinstance(value, dict) or not str(value.get("text") or "").strip():
                raise PracticeError(line, "the end '%(end)s' needs its 'text'", end=end_id)
            dialogue.ends[end_id] = Ending(end_id, str(value["text"]), bool(value.get("safe")))
        steps = data.get("steps")
        if not isinstance(steps, list) or not steps:
            raise PracticeError(line, "a dialogue needs its 'steps', a list")
        for item in steps:
            step = self._step(item, cues, dialogue.ends, line, lang)
            if step.id in dialogue.steps:
                raise PracticeError(step.line, "the step id '%(id)s' is used twice", id=step.id)
            dialogue.steps[step.id] = step
        if dialogue.start not in dialogue.steps:
            raise PracticeError(line, "'start' names the first step: one of the steps' ids")
        for step in dialogue.steps.values():
            for choice in step.choices:
                if choice.next is not None and choice.next not in dialogue.steps:
                    raise PracticeError(step.line, "the answer «%(label)s» leads to '%(next)s', "
                                                   "a step that does not exist",
                                        label=choice.label[:40], next=choice.next)
        unreached = set(dialogue.steps) - self._reached(dialogue)
        if unreached:
            raise PracticeError(dialogue.steps[sorted(unreached)[0]].line,
                                "no answer leads to the step '%(id)s'",
                                id=sorted(unreached)[0])
        return dialogue

    def _step(self, item, cues: dict, ends: dict, line, lang: str) -> Step:
        step_id, where = step_head(item, line)
        if not str(item.get("say") or "").strip():
            raise PracticeError(where, "the step '%(id)s' has nothing in 'say'", id=step_id)
        raw = item.get("choices")
        if not isinstance(raw, list) or len(raw) < 2:
            raise PracticeError(where, "the step '%(id)s' has no way on: give it two 'choices' "
                                       "or more", id=step_id)
        choices = tuple(self._choice(choice, cues, ends, where, step_id) for choice in raw)
        return Step(step_id, str(item.get("who") or ""), markdown_html(item["say"], lang),
                    choices, where)

    def _choice(self, item, cues: dict, ends: dict, where, step_id: str) -> Choice:
        if not isinstance(item, dict) or not str(item.get("label") or "").strip():
            raise PracticeError(where, "each choice of '%(id)s' needs its 'label'", id=step_id)
        where = item.get("__line__", where)
        next_id = str(item["next"]) if item.get("next") else None
        end = str(item["end"]) if item.get("end") else None
        if (next_id is None) == (end is None):
            raise PracticeError(where, "the answer «%(label)s» leads nowhere: give it 'next' "
                                       "(a step) or 'end'", label=str(item["label"])[:40])
        if end is not None and end not in ends:
            raise PracticeError(where, "the answer «%(label)s» ends in '%(end)s', which 'ends' "
                                       "does not name", label=str(item["label"])[:40], end=end)
        found = {}
        for key in ("catches", "misses"):
            found[key] = tuple(item.get(key) or ())
            for cue in found[key]:
                if cue not in cues:
                    raise PracticeError(where, "the answer «%(label)s» names the cue '%(cue)s', "
                                               "which 'cues' does not name",
                                        label=str(item["label"])[:40], cue=cue)
        return Choice(str(item["label"]), next_id, end, found["catches"], found["misses"],
                      str(item.get("feedback") or ""))

    @staticmethod
    def _reached(dialogue: Dialogue) -> set[str]:
        seen, waiting = set(), [dialogue.start]
        while waiting:
            step_id = waiting.pop()
            if step_id in seen:
                continue
            seen.add(step_id)
            waiting += [c.next for c in dialogue.steps[step_id].choices if c.next]
        return seen

    def draw(self, model: Dialogue, seed: int, country: str | None) -> list[str]:
        return [model.start]

    def step(self, model: Dialogue, step_id: str) -> Step | None:
        return model.steps.get(step_id)

    def read(self, model: Dialogue, step_id: str, form, room=None) -> dict:
        step = model.steps[step_id]
        number = chosen(form, "choice", len(step.choices))
        if number is None:
            raise PracticeError(None, N_("Choose what you would say or do."))
        return {"choice": number}

    def score(self, model: Dialogue, step_id: str, answer: dict) -> Scored:
        choice = model.steps[step_id].choices[answer["choice"]]
        ending = model.ends.get(choice.end) if choice.end else None
        return Scored(list(choice.catches), list(choice.misses),
                      safe=not choice.misses and (ending is None or ending.safe))

    def follow(self, model: Dialogue, step_id: str, answer: dict) -> str | None:
        return model.steps[step_id].choices[answer["choice"]].next

    def ending(self, model: Dialogue, steps: list[str], answers: dict) -> Ending | None:
        last = steps[-1]
        if last not in answers:
            return None
        end = model.steps[last].choices[answers[last]["choice"]].end
        return model.ends.get(end) if end else None

    def agrees(self, ours: Dialogue, theirs: Dialogue) -> bool:
        def shape(d: Dialogue):
            return (d.start, sorted(d.ends), [
                (s.id, [(c.next, c.end, c.catches, c.misses) for c in s.choices])
                for s in d.steps.values()])
        return shape(ours) == shape(theirs)

    def cues_used(self, model: Dialogue) -> set[str]:
        return {cue for s in model.steps.values() for c in s.choices
                for cue in (*c.catches, *c.misses)}


class MessagesType(DialogueType):
    """Messages and codes: the same dialogue, on a phone's chat screen."""

    name = "messages"
    template = "messages"
