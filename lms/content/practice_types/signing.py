"""Sign a document: the learner gets a throwaway certificate from the practice
certification authority (signing_room.py), signs an application with the PIN from her
envelope, opens the result and sees the signature checked; then sees the check after one
word of the signed document is changed, and after the certificate is revoked.

    holder: Смирнова Валентина Петровна
    authority: Учебный удостоверяющий центр «Грамота»
    document:
      title: Заявление о выдаче справки
      lines: [Прошу выдать справку в 2 экземплярах., …]
      change: {word: "2", into: "9"}
    steps:
      - {id: get, type: certificate, button: Получить сертификат}
      - {id: sign, type: sign, button: Подписать}
      - {id: check, type: choice, shows: signed, ask: …, choices: […]}
      - {id: forged, type: choice, shows: changed, …}
      - {id: lost, type: choice, shows: revoked, …}
"""

from __future__ import annotations

import re

from ...i18n import N_
from ...pdf.signatures import SigningUnavailable
from . import signing_room
from .base import FieldErrors, PracticeError, Room, attempt_number
from .walkthrough import ChoiceKind, Step, StepKind, Walkthrough, WalkthroughType

SHOWS = ("signed", "changed", "revoked")
FILES = {"application.pdf": None, "signed.pdf": "signed", "changed.pdf": "changed"}


def pin(room: Room) -> str:
    return attempt_number(room, "pin", 6)


class CertificateKind(StepKind):
    """She gets her certificate and the envelope with its PIN: nothing to type."""

    def parse(self, item: dict, where, walkthrough: Walkthrough) -> dict:
        return {"button": str(item.get("button") or "")}

    def screen(self, step: Step, walkthrough: Walkthrough, room: Room) -> dict:
        return {"pin": pin(room), "serial": signing_room.serial(room),
                "valid_until": signing_room.valid_until(room)}


class SignKind(CertificateKind):
    """She signs the application with the PIN from her envelope."""

    def read(self, step: Step, form, walkthrough: Walkthrough, room: Room) -> dict:
        typed = str(form.get("pin", ""))[:40].strip()
        if not typed:
            raise FieldErrors({"pin": (N_("Type the PIN: it is on the envelope of your "
                                          "certificate."), {})})
        if typed != pin(room):
            raise FieldErrors({"pin": (N_("This PIN is not right. Look at the envelope of "
                                          "your certificate and type its 6 digits."), {})})
        return {}


class CheckedChoiceKind(ChoiceKind):
    """A question about a check of the signed document: as signed, changed or revoked."""

    def parse(self, item: dict, where, walkthrough: Walkthrough) -> dict:
        shows = item.get("shows")
        if shows is not None and shows not in SHOWS:
            raise PracticeError(where, "'shows' is one of %(known)s", known=", ".join(SHOWS))
        return {**super().parse(item, where, walkthrough), "shows": shows}

    def screen(self, step: Step, walkthrough: Walkthrough, room: Room) -> dict:
        shows = step.extra["shows"]
        if shows is None:
            return {}
        try:
            pdf = SigningType.document(walkthrough, room, shows)
            found = signing_room.check(room.secret, walkthrough.extra["authority"], room, pdf,
                                       revoked=shows == "revoked")
        except SigningUnavailable:
            return {"unavailable": True}
        return {"check": found, "file": "changed.pdf" if shows == "changed" else "signed.pdf"}


class SigningType(WalkthroughType):
    name = "signing"
    template = "signing"
    kinds = {"choice": CheckedChoiceKind(), "certificate": CertificateKind(),
             "sign": SignKind()}

    def parse_extra(self, data: dict, line, lang: str) -> dict:
        for key in ("holder", "authority"):
            if not str(data.get(key) or "").strip():
                raise PracticeError(line, "a signing practice needs its '%(key)s'", key=key)
            if len(str(data[key]).encode()) > 64:  # a certificate's name has 64 bytes
                raise PracticeError(line, "'%(key)s' is too long for a certificate: 30 Cyrillic "
                                          "letters at most", key=key)
        document = data.get("document")
        where = document.get("__line__", line) if isinstance(document, dict) else line
        if not isinstance(document, dict) or not str(document.get("title") or "").strip() \
                or not isinstance(document.get("lines"), list) or not document["lines"]:
            raise PracticeError(where, "a signing practice needs its 'document': {title: …, "
                                       "lines: […], change: {word: …, into: …}}")
        lines = tuple(str(text) for text in document["lines"])
        change = document.get("change") if isinstance(document.get("change"), dict) else {}
        word, into = str(change.get("word") or ""), str(change.get("into") or "")
        if not re.fullmatch(r"[A-Za-z0-9]+", word) or not re.fullmatch(r"[A-Za-z0-9]+", into) \
                or len(word) != len(into) or word == into:
            raise PracticeError(where, "'change' names a word of latin letters or digits and "
                                       "what it is changed into, as long: {word: \"2\", "
                                       "into: \"9\"}")
        if not any(word in text for text in lines):
            raise PracticeError(where, "the word '%(word)s' to change is not in the document's "
                                       "lines", word=word)
        return {"holder": str(data["holder"]), "authority": str(data["authority"]),
                "title": str(document["title"]), "lines": lines, "word": word, "into": into,
                "banner": str(data.get("banner") or "PRACTICE — NOT A REAL DOCUMENT")}

    def agrees(self, ours: Walkthrough, theirs: Walkthrough) -> bool:
        return super().agrees(ours, theirs) and (ours.extra["word"], ours.extra["into"]) == (
            theirs.extra["word"], theirs.extra["into"])

    @staticmethod
    def document(walkthrough: Walkthrough, room: Room, state: str | None) -> bytes:
        extra = walkthrough.extra
        pdf = signing_room.application_pdf(extra["title"], extra["lines"], extra["banner"])
        if state is None:
            return pdf
        signed = signing_room.signed_application(room.secret, extra["authority"],
                                                 extra["holder"], room, pdf, extra["title"])
        if state == "changed":
            return signing_room.change_word(signed, extra["word"], extra["into"])
        return signed

    def file(self, model: Walkthrough, name: str, room: Room) -> tuple[bytes, str] | None:
        if name not in FILES:
            return None
        signed = any(model.steps[step_id].type == "sign" for step_id in room.answered
                     if step_id in model.steps)
        if FILES[name] is not None and not signed:
            return None  # nothing is signed before she signs it
        return self.document(model, room, FILES[name]), "application/pdf"
