"""A table as a download: CSV for Russian-language Excel, or a real XLSX workbook.

Both are written to a temporary file (in memory while small, on disk when large) and
sent from there, so that 100,000 rows never sit in memory at once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

from flask import send_file

from .downloads import FORMULA_START, csv_lines

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
IN_MEMORY = 2_000_000  # bytes kept in memory before the file goes to disk


def table_response(fmt: str, filename: str, header: list[str], rows: Iterable[Iterable],
                   title: str = "Gramota"):
    """Send ``rows`` under ``header`` as ``filename.csv`` or ``filename.xlsx``."""
    # The response closes the file once it is sent.
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115
    if fmt == "xlsx":
        _write_xlsx(spool, header, rows, title)
    else:
        for line in csv_lines(header, rows):
            spool.write(line.encode("utf-8"))
    spool.seek(0)
    response = send_file(spool, mimetype=FORMATS[fmt], as_attachment=True,
                         download_name=f"{filename}.{fmt}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _write_xlsx(target, header: list[str], rows: Iterable[Iterable], title: str) -> None:
    # openpyxl is imported here, not with the module: 10 MB less in every worker that
    # never writes a workbook.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Gramota")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_cell(sheet, value, WriteOnlyCell) for value in row])
    book.save(target)


def _cell(sheet, value, WriteOnlyCell):  # noqa: N803 - openpyxl's class, passed in
    """Numbers stay numbers and dates dates (openpyxl gives them a date format); text that
    looks like a formula is marked as text, so "=1+1" typed by someone is never run.

    Everything else goes in as a plain value: openpyxl then reuses one cell object per
    row instead of making one per value, which is most of the time of a large export."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
