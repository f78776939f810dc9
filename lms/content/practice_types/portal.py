"""The portal sandbox: an unbranded state-services portal of one country, played with a
made-up person's card: check the address, register with the card's data, confirm the
phone with the code that comes to the phone on the screen, choose a strong password, find
a service and apply, read the status page. Nothing typed is kept: only whether each step
was right the first time.

    portal: {name: Портал государственных услуг, address: gosuslugi.ru}
    person:
      - {field: surname, label: Фамилия, value: Смирнова, check: name}
      - {field: snils, label: СНИЛС, value: 112-233-445 95, check: snils}
    steps:
      - {id: register, type: fields, ask: [surname, snils], button: Зарегистрироваться}
      - {id: code, type: code, sender: GOSUSLUGI, sms: "Код: {code}. Никому не сообщайте"}
      - {id: password, type: password}
      - {id: apply, type: apply, shows: [surname], receive: [В личный кабинет], consent: …}
"""

from __future__ import annotations

import re

from ...i18n import N_
from . import card_fields
from .base import FieldErrors, PracticeError, Room, chosen
from .walkthrough import ChoiceKind, Step, StepKind, Walkthrough, WalkthroughType, sms_code

PASSWORD_SIGNS = "-_!?.,:;@#$%^&*+=()[]{}/\\|~"


def _card_fields(item: dict, key: str, where, walkthrough: Walkthrough) -> list[str]:
    asked = item.get(key)
    card = walkthrough.extra["card"]
    if not isinstance(asked, list) or not asked:
        raise PracticeError(where, "the step '%(id)s' names the card's fields in '%(key)s': "
                                   "a list such as [surname, phone]", id=item.get("id"),
                            key=key)
    for name in asked:
        if name not in card:
            raise PracticeError(where, "the step '%(id)s' asks for '%(field)s', which the "
                                       "card ('person') does not have", id=item.get("id"),
                                field=name)
    return [str(name) for name in asked]


class FieldsKind(StepKind):
    """A form asking some of the card's fields, checked as a real portal checks them."""

    def parse(self, item: dict, where, walkthrough: Walkthrough) -> dict:
        return {"ask": _card_fields(item, "ask", where, walkthrough),
                "button": str(item.get("button") or "")}

    def read(self, step: Step, form, walkthrough: Walkthrough, room: Room) -> dict:
        card, errors = walkthrough.extra["card"], {}
        for name in step.extra["ask"]:
            check, value = card[name]
            typed = str(form.get(name, ""))[:200]
            problem = card_fields.format_problem(check, typed)
            if problem is None and not card_fields.same(check, typed, value):
                problem = card_fields.mismatch_message(check)
            if problem:
                errors[name] = (problem, {})
        if errors:
            raise FieldErrors(errors)
        return {}


class CodeKind(StepKind):
    """The phone on the screen receives an SMS with a code; she types it on the portal."""

    def parse(self, item: dict, where, walkthrough: Walkthrough) -> dict:
        sms = str(item.get("sms") or "")
        if "{code}" not in sms:
            raise PracticeError(where, "the step '%(id)s' needs the text of its SMS in 'sms', "
                                       "with {code} where the code goes", id=item.get("id"))
        return {"sms": sms, "sender": str(item.get("sender") or "")}

    def read(self, step: Step, form, walkthrough: Walkthrough, room: Room) -> dict:
        typed = card_fields.digits(str(form.get("code", ""))[:40])
        if len(typed) != 6:
            raise FieldErrors({"code": (N_("The code has 6 digits: look at the SMS on the "
                                           "phone beside the portal."), {})})
        if typed != sms_code(room):
            raise FieldErrors({"code": (N_("This is not the code from the SMS: look at the "
                                           "phone again and type its 6 digits."), {})})
        return {}

    def screen(self, step: Step, walkthrough: Walkthrough, room: Room) -> dict:
        return {"sms": step.extra["sms"].replace("{code}", sms_code(room))}


class PasswordKind(StepKind):
    """A new password and its repeat, with the rules a portal sets."""

    RULES = (
        (lambda p, year: len(p) >= 8, N_("At least 8 characters.")),
        (lambda p, year: re.search(r"[A-Z]", p), N_("A capital latin letter: A to Z.")),
        (lambda p, year: re.search(r"[a-z]", p), N_("A small latin letter: a to z.")),
        (lambda p, year: re.search(r"\d", p), N_("A digit.")),
        (lambda p, year: any(ch in PASSWORD_SIGNS for ch in p), N_("A sign, such as - or !")),
        (lambda p, year: all(ch.isascii() and (ch.isalnum() or ch in PASSWORD_SIGNS)
                             for ch in p),
         N_("Only latin letters, digits and signs: no spaces, no Russian or Ukrainian "
            "letters (switch the keyboard to EN).")),
        (lambda p, year: not year or year not in p,
         N_("Not your year of birth: it is the first thing a thief tries.")),
    )

    def read(self, step: Step, form, walkthrough: Walkthrough, room: Room) -> dict:
        password, repeat = str(form.get("password", ""))[:200], str(form.get("repeat", ""))[:200]
        year = card_fields.birth_year(walkthrough.extra["card"])
        broken = [rule for test, rule in self.RULES if not test(password, year)]
        if broken:
            raise FieldErrors({"password": (N_("The portal does not accept this password. "
                                               "It still needs:"), {"rules": broken})})
        if repeat != password:
            raise FieldErrors({"repeat": (N_("The two passwords are not the same: type the "
                                             "password again in both fields."), {})})
        return {}

    def screen(self, step: Step, walkthrough: Walkthrough, room: Room) -> dict:
        return {"rules": [rule for _test, rule in self.RULES]}


class ApplyKind(StepKind):
    """The application, filled in from the card: how to get the result, and a consent."""

    def parse(self, item: dict, where, walkthrough: Walkthrough) -> dict:
        receive = item.get("receive")
        if not isinstance(receive, list) or len(receive) < 2:
            raise PracticeError(where, "the step '%(id)s' has no way on: give 'receive' two "
                                       "ways or more to get the result", id=item.get("id"))
        if not str(item.get("consent") or "").strip():
            raise PracticeError(where, "the step '%(id)s' needs the words of its 'consent'",
                                id=item.get("id"))
        return {"shows": _card_fields(item, "shows", where, walkthrough),
                "receive": [str(way) for way in receive], "consent": str(item["consent"]),
                "button": str(item.get("button") or "")}

    def read(self, step: Step, form, walkthrough: Walkthrough, room: Room) -> dict:
        errors = {}
        way = chosen(form, "receive", len(step.extra["receive"]))
        if way is None:
            errors["receive"] = (N_("Choose how you want to get the result."), {})
        if form.get("consent") != "yes":
            errors["consent"] = (N_("Tick the box to say that the data is right: a portal "
                                    "does not send an application without it."), {})
        if errors:
            raise FieldErrors(errors)
        return {"receive": way}


class PortalType(WalkthroughType):
    name = "portal"
    template = "portal"
    kinds = {"choice": ChoiceKind(), "fields": FieldsKind(), "code": CodeKind(),
             "password": PasswordKind(), "apply": ApplyKind()}

    def parse_extra(self, data: dict, line, lang: str) -> dict:
        portal = data.get("portal")
        if not isinstance(portal, dict) or not all(str(portal.get(key) or "").strip()
                                                   for key in ("name", "address")):
            raise PracticeError(line, "a portal needs 'portal: {name: …, address: …}'")
        person = data.get("person")
        if not isinstance(person, list) or not person:
            raise PracticeError(line, "a portal needs the made-up person's card in 'person': "
                                      "a list of {field, label, value, check}")
        card, labels = {}, {}
        for item in person:
            where = item.get("__line__", line) if isinstance(item, dict) else line
            if not isinstance(item, dict) or not all(
                    str(item.get(key) or "").strip() for key in ("field", "label", "value")):
                raise PracticeError(where, "each line of the card needs 'field', 'label' and "
                                           "'value'")
            check = str(item.get("check") or "text")
            if check not in card_fields.CHECKS:
                raise PracticeError(where, "unknown check '%(check)s' (known: %(known)s)",
                                    check=check, known=", ".join(card_fields.CHECKS))
            if card_fields.format_problem(check, str(item["value"])):
                raise PracticeError(where, "the card's %(field)s '%(value)s' would not pass "
                                           "its own check (%(check)s)", field=item["field"],
                                    value=item["value"], check=check)
            card[str(item["field"])] = (check, str(item["value"]))
            labels[str(item["field"])] = str(item["label"])
        return {"name": str(portal["name"]), "address": str(portal["address"]),
                "card": card, "labels": labels}

    def agrees(self, ours: Walkthrough, theirs: Walkthrough) -> bool:
        def checks(w: Walkthrough):  # a name is spelt in each language, a number is not
            return {name: (check, value if check not in ("name", "text") else "")
                    for name, (check, value) in w.extra["card"].items()}
        return super().agrees(ours, theirs) and checks(ours) == checks(theirs)
