"""Networks and their branches: creating, editing and importing them from CSV."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..db import db
from .csv_files import UnreadableLine, csv_rows, delimiter_of
from .models import Library, Network, User

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
CSV_COLUMNS = ("code", "name", "address", "country", "timezone")


class BranchError(ValueError):
    """A network or branch cannot be saved as given; the message says why."""


def _check_code(code: str) -> str:
    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise BranchError(_l("A code is 1 to 32 latin letters, digits, dashes or underscores."))
    return code


def _check_text(value: str, limit: int, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise BranchError(_l("Please fill in the name."))
    if len(value) > limit:
        raise BranchError(_l("At most %(max)s characters, please.", max=limit))
    return value


def _check_library_fields(name, address, country, timezone) -> dict:
    country = (country or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise BranchError(_l("The country is a two-letter code such as RU, UA or KZ."))
    timezone = (timezone or "").strip()
    if timezone not in available_timezones():
        raise BranchError(_l("Unknown time zone %(tz)s; use a name such as Europe/Moscow.",
                             tz=timezone))
    return {"name": _check_text(name, 200), "address": _check_text(address, 300, False),
            "country": country, "timezone": timezone}


def library_of(branch: str | None) -> Library | None:
    """The branch named "network/branch" by their codes (None: no such branch)."""
    if not branch or "/" not in branch:
        return None
    network_code, code = branch.split("/", 1)
    return db.session.scalar(select(Library).join(Network).where(
        Network.code == network_code, Library.code == code))


def get_or_create_network(code: str, name: str, language: str = "ru") -> Network:
    """Return the network with ``code``, creating it with ``name`` if missing."""
    network = db.session.scalar(select(Network).filter_by(code=code))
    if network is None:
        network = Network(code=code, name=name, language=language)
        db.session.add(network)
        db.session.flush()
    return network


def get_or_create_library(network: Network, code: str, name: str, **details) -> Library:
    """Return the branch ``code`` of ``network``, creating it if missing."""
    library = db.session.scalar(select(Library).filter_by(network_id=network.id, code=code))
    if library is None:
        library = Library(network=network, code=code, name=name, **details)
        db.session.add(library)
        db.session.flush()
    return library


def save_network(actor: User, network: Network | None, *, code: str, name: str,
                 language: str, self_registration: bool) -> Network:
    """Create a network (``network`` None) or change one; audited."""
    code = _check_code(code)
    clash = db.session.scalar(select(Network).filter_by(code=code))
    if clash is not None and clash is not network:
        raise BranchError(_l("Another network has the code %(code)s.", code=code))
    if network is None:
        network = Network()
        db.session.add(network)
    network.code, network.name = code, _check_text(name, 200)
    network.language, network.self_registration = language, bool(self_registration)
    db.session.flush()
    record("network_saved", actor=actor, network=network.code, name=network.name,
           self_registration=network.self_registration)
    db.session.flush()
    return network


def save_library(actor: User, network: Network, library: Library | None, *, code: str,
                 name: str, address: str = "", country: str = "RU",
                 timezone: str = "Europe/Moscow") -> Library:
    """Create a branch of ``network`` (``library`` None) or change one; audited."""
    code = _check_code(code)
    fields = _check_library_fields(name, address, country, timezone)
    clash = db.session.scalar(select(Library).filter_by(network_id=network.id, code=code))
    if clash is not None and clash is not library:
        raise BranchError(_l("This network already has a branch with the code %(code)s.",
                             code=code))
    if library is None:
        library = Library(network=network)
        db.session.add(library)
    library.code = code
    for key, value in fields.items():
        setattr(library, key, value)
    db.session.flush()
    record("library_saved", actor=actor, library=library, code=code, name=library.name)
    db.session.flush()
    return library


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def import_libraries(actor: User | None, network: Network, text: str) -> ImportResult:
    """Create or update branches from CSV (code;name;address;country;timezone).

    The file is checked whole first: if any line is wrong, nothing is saved.
    """
    result = ImportResult()
    text = text.lstrip("\ufeff")
    delimiter = delimiter_of(text.split("\n", 1)[0])
    try:
        lines = list(csv_rows(text, delimiter)) if delimiter else []
    except UnreadableLine as exc:
        result.problems.append((exc.line, str(exc)))
        return result
    header = [cell.strip() for cell in lines[0][1]] if lines else []
    missing = [c for c in ("code", "name") if c not in header]
    if len(lines) < 2 or missing:
        result.problems.append((1, str(_l("The first line must name the columns: %(cols)s.",
                                          cols="; ".join(CSV_COLUMNS)))))
        return result
    rows = [(number, dict(zip(header, cells, strict=False))) for number, cells in lines[1:]
            if any(cell.strip() for cell in cells)]
    checked = []
    seen: set[str] = set()
    for number, row in rows:
        try:
            code = _check_code(row.get("code") or "")
            if code in seen:
                raise BranchError(_l("The code %(code)s is repeated.", code=code))
            seen.add(code)
            fields = _check_library_fields(row.get("name", ""), row.get("address", ""),
                                           row.get("country") or "RU",
                                           row.get("timezone") or "Europe/Moscow")
            checked.append((code, fields))
        except BranchError as exc:
            result.problems.append((number, str(exc)))
    if result.problems:
        return result
    existing = {lib.code: lib for lib in network.libraries}
    for code, fields in checked:
        library = existing.get(code)
        if library is None:
            library = Library(network=network, code=code)
            db.session.add(library)
            result.created += 1
        else:
            result.updated += 1
        for key, value in fields.items():
            setattr(library, key, value)
    record("libraries_imported", actor=actor, network=network.code, created=result.created,
           updated=result.updated)
    db.session.flush()
    return result
