"""The fields of a made-up person's card, checked as a state portal checks them: the format
first (with the check digits of a SNILS, an RNOKPP or an IIN), then whether it is what the
card says. Every message is kind and says what to do."""

from __future__ import annotations

import re
from datetime import date, datetime

from ...i18n import N_

CHECKS = ("name", "date", "snils", "rnokpp", "iin", "passport", "phone", "email", "text")
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '’ʼ-][^\W\d_]+)*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def digits(value: str) -> str:
    """The digits 0-9 of a value (not ² or another script's digits)."""
    return "".join(ch for ch in value if ch in "0123456789")


def snils_ok(number: str) -> bool:
    if len(number) != 11:
        return False
    total = sum(int(d) * w for d, w in zip(number[:9], range(9, 0, -1), strict=True))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return int(number[9:]) == check


def rnokpp_ok(number: str) -> bool:
    if len(number) != 10:
        return False
    weights = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
    return sum(int(d) * w for d, w in zip(number[:9], weights, strict=True)) % 11 % 10 \
        == int(number[9])


def iin_ok(number: str) -> bool:
    if len(number) != 12:
        return False
    try:
        datetime.strptime(number[:6], "%y%m%d")
    except ValueError:
        return False
    values = [int(d) for d in number]
    check = sum(v * w for v, w in zip(values[:11], range(1, 12), strict=True)) % 11
    if check == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        check = sum(v * w for v, w in zip(values[:11], weights, strict=True)) % 11
    return check != 10 and check == values[11]


def _date(value: str) -> date | None:
    try:
        found = datetime.strptime(value.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None
    return found if 1900 <= found.year <= date.today().year else None


def format_problem(check: str, value: str) -> str | None:
    """The message for a value a portal would refuse as written, or None."""
    value = value.strip()
    if not value:
        return N_("Fill in this field: the card beside the form has what to write.")
    if check == "name" and not NAME_RE.match(value):
        return N_("Only letters here, and a dash or an apostrophe where the document has "
                  "one: no digits or other signs.")
    if check == "date" and _date(value) is None:
        return N_("Write the date as day, month and year with dots: 05.03.1951.")
    if check == "snils" and not snils_ok(digits(value)):
        return N_("A SNILS number has 11 digits, written like 112-233-445 95; the last two "
                  "check the others, so one wrong digit shows. Compare it digit by digit.")
    if check == "rnokpp" and not rnokpp_ok(digits(value)):
        return N_("The tax number (RNOKPP) has 10 digits, and the last one checks the others, "
                  "so one wrong digit shows. Compare it digit by digit.")
    if check == "iin" and not iin_ok(digits(value)):
        return N_("An IIN has 12 digits: the first six are the date of birth, and the last "
                  "one checks the others. Compare it digit by digit.")
    if check == "passport" and len(digits(value)) != 10:
        return N_("The series and number of a passport are 10 digits: 4 of the series and 6 "
                  "of the number.")
    if check == "phone" and _phone(value) is None:
        return N_("Write the mobile number in full with the country's code, as on the card: "
                  "+7 and 10 digits, or +380 and 9 digits.")
    if check == "email" and not EMAIL_RE.match(value):
        return N_("An e-mail address looks like name@mail.ru: a name, the sign @ and the "
                  "address of the mail service, with no spaces.")
    return None


def _phone(value: str) -> str | None:
    if re.search(r"[^\d\s()+-]", value):
        return None
    number = digits(value)
    if len(number) == 11 and number[0] == "8" and not value.strip().startswith("+"):
        number = "7" + number[1:]  # 8 912 … is how many write a Russian number
    if (len(number) == 11 and number[0] == "7") or (len(number) == 12
                                                    and number.startswith("380")):
        return number
    return None


def same(check: str, typed: str, card: str) -> bool:
    """Whether what she typed is what the card says, written any usual way."""
    if check in ("snils", "rnokpp", "iin", "passport"):
        return digits(typed) == digits(card)
    if check == "phone":
        return _phone(typed) == _phone(card)
    if check == "date":
        return _date(typed) == _date(card)

    def plain(text: str) -> str:
        return " ".join(text.casefold().replace("ё", "е").replace("’", "'")
                        .replace("ʼ", "'").split())
    return plain(typed) == plain(card)


def mismatch_message(check: str) -> str:
    if check in ("snils", "rnokpp", "iin", "passport", "phone", "date"):
        return N_("This is not the number on the card: compare it digit by digit.")
    return N_("This is not what the card says: compare it letter by letter.")


def birth_year(card: dict[str, tuple[str, str]]) -> str | None:
    """The year of birth on the card, which a password must not contain."""
    for check, value in card.values():
        if check == "date" and _date(value):
            return str(_date(value).year)
    return None
