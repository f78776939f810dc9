"""Registering many learners at once from a CSV file: all rows or none."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..db import db
from ..people.models import User
from .csv_files import UnreadableLine, csv_rows, delimiter_of
from .services import PeopleError, Registration, register_learner, same_person
from .validation import InvalidDetail, clean_birth_year, clean_email, clean_name, clean_phone

MAX_ROWS = 2000
MAX_PROBLEMS = 100
COLUMNS = {  # header words (English or Russian/Ukrainian) → field
    "full_name": "full_name", "name": "full_name", "фио": "full_name", "піб": "full_name",
    "birth_year": "birth_year", "год рождения": "birth_year", "рік народження": "birth_year",
    "phone": "phone", "телефон": "phone",
    "email": "email", "e-mail": "email", "эл. почта": "email", "ел. пошта": "email",
    "language": "language", "язык": "language", "мова": "language",
}


@dataclass
class LearnerImport:
    registrations: list[Registration] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    encoding: str = "utf-8"
    header: list[str] = field(default_factory=list)  # the file's first line, as written
    lines: dict[int, list[str]] = field(default_factory=dict)  # line number → its cells
    rows: list[tuple[int, dict]] = field(default_factory=list)  # checked: line → details

    def wrong_rows(self) -> list[list[str]]:
        """The lines that were wrong, as written, with the reason: for the report."""
        return [[str(line), *self.lines.get(line, []), problem]
                for line, problem in self.problems]


def decode(data: bytes) -> tuple[str, str]:
    """Read UTF-8 (with or without BOM), or Windows-1251 as Russian Excel saves CSV."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "windows-1251"


def check_file(data: bytes, *, default_language: str, languages: list[str]) -> LearnerImport:
    """Read and check every line (quick: nothing is written); the right ones in ``rows``."""
    result = LearnerImport()
    text, result.encoding = decode(data)
    try:
        result.rows = _checked_rows(result, text, default_language, languages)
    except UnreadableLine as exc:  # a line Excel could not have written: nothing further
        result.problems.append((exc.line, str(exc)))
    return result


def refuse_the_already_registered(result: LearnerImport, library_id: int) -> None:
    """A line naming a learner the network already has (same name and year of birth) is a
    problem of its own: registered again she would get a second account."""
    found = same_person(library_id, [(row["full_name"], row["birth_year"])
                                     for _line, row in result.rows])
    for line, row in result.rows:
        people = found.get((row["full_name"], row["birth_year"]))
        if people:
            result.problems.append((line, _(
                "Already registered: %(people)s. If it is her, remove the line; she keeps "
                "her account.", people=", ".join(f"{p.username} ({p.library.name})"
                                                 for p in people[:3]))))
    result.problems.sort()


def register_rows(actor: User, rows: list[tuple[int, dict]], *, library_id: int,
                  consent_method: str, pins: list[tuple[str, str]] | None = None,
                  ) -> tuple[list[Registration], tuple[int, str] | None]:
    """Register every checked row, or none: the registrations, or the line that failed
    and why (the session is then rolled back). ``pins``: each row's PIN and its hash."""
    registrations, failed_line = [], 1
    try:
        for number, (line, row) in enumerate(rows):
            failed_line = line
            registrations.append(register_learner(
                actor, library_id=library_id, consent_method=consent_method,
                pin=pins[number] if pins else None, **row))
        db.session.flush()
    except PeopleError as exc:
        db.session.rollback()
        return [], (failed_line, str(exc))
    return registrations, None


def _checked_rows(result: LearnerImport, text: str, default_language: str,
                  languages: list[str]) -> list[tuple[int, dict]]:
    """Every row's details, checked; what is wrong goes into ``result.problems``."""
    lines = text.splitlines()
    if not lines:
        result.problems.append((1, _("The file is empty.")))
        return []
    reader = csv_rows(text, delimiter_of(lines[0]) or ";")
    result.header = next(reader, (1, []))[1]
    header = [COLUMNS.get(cell.strip().lower()) for cell in result.header]
    if "full_name" not in header:
        result.problems.append((1, _("The first line must name the columns; one of them is "
                                     "full_name (or ФИО).")))
        return []
    if sum(1 for line in lines[1:] if line.strip()) > MAX_ROWS:
        result.problems.append((MAX_ROWS + 2, _("Too many rows: at most %(max)s at once.",
                                                max=MAX_ROWS)))
        return []
    rows, seen = [], {}
    for number, cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(result.problems) >= MAX_PROBLEMS:
            break  # enough to see what to correct
        result.lines[number] = cells
        values = {key: cells[i].strip() for i, key in enumerate(header)
                  if key and i < len(cells)}
        try:
            row = {"full_name": clean_name(values.get("full_name", "")),
                   "birth_year": clean_birth_year(values.get("birth_year")),
                   "phone": clean_phone(values.get("phone")),
                   "email": clean_email(values.get("email")),
                   "language": values.get("language") or default_language}
        except InvalidDetail as exc:
            result.problems.append((number, str(exc)))
            continue
        if row["language"] not in languages:
            result.problems.append((number, _("Unknown language %(lang)s; use one of: "
                                              "%(known)s.", lang=row["language"][:10],
                                              known=", ".join(languages))))
            continue
        key = (row["full_name"].casefold(), row["birth_year"])
        if key in seen:
            result.problems.append((number, _("The same person as on line %(line)s.",
                                              line=seen[key])))
            continue
        seen[key] = number
        rows.append((number, row))
    return rows
