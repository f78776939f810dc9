"""Reading a CSV file as people save it from Excel, or say which line cannot be read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

MAX_CELL = 10_000  # characters: no name, address or note is longer


class UnreadableLine(ValueError):
    """The file cannot be read from ``line`` on; the message says what to check."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def delimiter_of(first_line: str) -> str | None:
    """``;`` (Russian Excel), ``,`` or a tab: the one the first line uses most (``;`` when
    as many); None if it has none of them."""
    counts = {mark: first_line.count(mark) for mark in (";", ",", "\t")}
    mark = max(counts, key=counts.get)  # the first of the most used, in that order
    return mark if counts[mark] else None


def csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the number of the line it starts on. Quotes are read strictly, as
    Excel writes them: a quote left open or a cell longer than MAX_CELL raises
    UnreadableLine for the line it starts on, instead of gluing the lines that follow
    into one name."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableLine(line, _unreadable(str(exc))) from exc
        if any(len(cell) > MAX_CELL for cell in cells):
            raise UnreadableLine(line, _unreadable("field larger than field limit"))
        yield line, cells


def _unreadable(reason: str) -> str:
    if "field larger than field limit" in reason:
        return str(_l("A cell is too long (at most %(max)s characters): is this the right "
                      "file?", max=MAX_CELL))
    return str(_l('This line cannot be read: check the quotes (") in it; a cell that '
                  "holds a quote, a line break or the separator must be in quotes."))
