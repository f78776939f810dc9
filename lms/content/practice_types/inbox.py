"""The inbox: a mailbox of messages drawn from a pool; for each the learner says safe, scam
or "I will ask someone", and for a scam points at what gave it away.

    messages:
      - id: bank-block
        from: "Служба безопасности <security@bank-online.help>"
        subject: Ваша карта заблокирована
        date: сегодня, 09:14
        body: |
          …
        link: https://bank-online.help/unlock     # optional
        scam: true
        cues: [sender, link, urgency]
        countries: [RU]                           # optional
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ...i18n import N_
from ..frontmatter import SLUG_RE as ID_RE
from .base import PracticeError, PracticeType, Scored, markdown_html

VERDICTS = ("safe", "scam", "ask")
LINK_RE = re.compile(r"<a [^>]*>(.*?)</a>", re.S)


@dataclass(frozen=True)
class Message:
    id: str
    sender: str
    subject: str
    date: str
    body_html: str
    link: str | None
    scam: bool
    cues: tuple[str, ...]
    countries: tuple[str, ...] = ()
    explain: str = ""
    line: int = 0


@dataclass
class Inbox:
    draw: int
    messages: list[Message] = field(default_factory=list)

    def get(self, message_id: str) -> Message | None:
        return next((m for m in self.messages if m.id == message_id), None)


class InboxType(PracticeType):
    name = "inbox"
    template = "inbox"

    def parse(self, data: dict, cues: dict, lang: str = "ru") -> Inbox:
        line = data.get("__line__")
        messages = data.get("messages")
        if not isinstance(messages, list) or not messages:
            raise PracticeError(line, "an inbox needs its 'messages', a list")
        inbox = Inbox(draw=data.get("draw") or 8)
        if not isinstance(inbox.draw, int) or inbox.draw < 1:
            raise PracticeError(line, "'draw' is how many messages an attempt shows: a number")
        seen: set[str] = set()
        for item in messages:
            inbox.messages.append(self._message(item, cues, seen, line, lang))
        self._check_draw(inbox, line)
        return inbox

    def _message(self, item, cues: dict, seen: set[str], line, lang: str) -> Message:
        if not isinstance(item, dict):
            raise PracticeError(line, "each message is 'key: value' lines starting with - id:")
        where = item.get("__line__", line)
        message_id = str(item.get("id", ""))
        if not ID_RE.match(message_id):
            raise PracticeError(where, "a message needs an 'id' of latin letters, digits and "
                                       "dashes")
        if message_id in seen:
            raise PracticeError(where, "the message id '%(id)s' is used twice", id=message_id)
        seen.add(message_id)
        for key in ("from", "subject", "body"):
            if not str(item.get(key) or "").strip():
                raise PracticeError(where, "message '%(id)s' has no '%(key)s'", id=message_id,
                                    key=key)
        scam = item.get("scam")
        if not isinstance(scam, bool):
            raise PracticeError(where, "message '%(id)s': 'scam' is true or false",
                                id=message_id)
        used = item.get("cues") or []
        if not isinstance(used, list):
            raise PracticeError(where, "message '%(id)s': 'cues' is a list such as [sender, "
                                       "link]", id=message_id)
        for cue in used:
            if cue not in cues:
                raise PracticeError(where, "message '%(id)s' uses the cue '%(cue)s', which "
                                           "'cues' does not name", id=message_id, cue=cue)
        if scam and not used:
            raise PracticeError(where, "the scam message '%(id)s' names none of its cues",
                                id=message_id)
        if not scam and (used or not str(item.get("explain") or "").strip()):
            raise PracticeError(where, "the honest message '%(id)s' has no cues and says why it "
                                       "is honest in 'explain'", id=message_id)
        countries = item.get("countries") or []
        if not isinstance(countries, list) or not all(
                re.fullmatch(r"[A-Z]{2}", str(code)) for code in countries):
            raise PracticeError(where, "'countries' is a list such as [RU, KZ]")
        # a practice message's links lead nowhere: shown underlined, never followed
        body_html = LINK_RE.sub(r'<u class="practice-link">\1</u>',
                                markdown_html(item["body"], lang))
        return Message(message_id, str(item["from"]), str(item["subject"]),
                       str(item.get("date") or ""), body_html,
                       str(item["link"]) if item.get("link") else None, scam, tuple(used),
                       tuple(countries), str(item.get("explain") or ""), where or 0)

    def _check_draw(self, inbox: Inbox, line) -> None:
        """Every country's learner gets ``draw`` messages, honest and scam ones."""
        named = {code for m in inbox.messages for code in m.countries} or {None}
        for country in sorted(named, key=str):
            mine = [m for m in inbox.messages if not m.countries or country in m.countries]
            if len(mine) < inbox.draw:
                raise PracticeError(line, "'draw' is %(draw)s, but a learner of %(country)s has "
                                          "only %(count)s messages", draw=inbox.draw,
                                    country=country or "any country", count=len(mine))
            if sum(m.scam for m in mine) < 2 or all(m.scam for m in mine):
                raise PracticeError(line, "a learner of %(country)s needs two scam messages "
                                          "and an honest one at least",
                                    country=country or "any country")

    def draw(self, model: Inbox, seed: int, country: str | None) -> list[str]:
        """``draw`` messages for her country, at least one of them honest, in a random
        order; a new seed gives another draw."""
        # a reader of no one country (staff of several, a visitor) may get any message
        mine = [m for m in model.messages
                if not m.countries or country is None or country in m.countries]
        rng = random.Random(seed)
        honest = [m for m in mine if not m.scam]
        chosen = [rng.choice(honest)]
        rest = [m for m in mine if m is not chosen[0]]
        chosen += rng.sample(rest, min(model.draw - 1, len(rest)))
        rng.shuffle(chosen)
        return [m.id for m in chosen]

    def step(self, model: Inbox, step_id: str) -> Message | None:
        return model.get(step_id)

    def read(self, model: Inbox, step_id: str, form, room=None) -> dict:
        verdict = form.get("verdict")
        if verdict not in VERDICTS:
            raise PracticeError(None, N_("Choose what you would do with this message."))
        message = model.get(step_id)
        known = set(message.cues) | {cue for m in model.messages for cue in m.cues}
        pointed = [cue for cue in form.getlist("cue") if cue in known] if verdict == "scam" else []
        return {"verdict": verdict, "cues": sorted(set(pointed))}

    def score(self, model: Inbox, step_id: str, answer: dict) -> Scored:
        message = model.get(step_id)
        if not message.scam:
            return Scored(safe=True)
        if answer["verdict"] == "scam":
            caught = [cue for cue in message.cues if cue in answer["cues"]]
            return Scored(caught, [cue for cue in message.cues if cue not in caught], True)
        # "I will ask someone" loses nothing, but names no trick; "safe" would have cost her
        return Scored([], list(message.cues), answer["verdict"] == "ask")

    def agrees(self, ours: Inbox, theirs: Inbox) -> bool:
        return [(m.id, m.scam, m.cues) for m in ours.messages] == [
            (m.id, m.scam, m.cues) for m in theirs.messages] and ours.draw == theirs.draw

    def cues_used(self, model: Inbox) -> set[str]:
        return {cue for m in model.messages for cue in m.cues}
