"""A table as a download: CSV for Russian-language Excel, or a real XLSX workbook.

Both are written to a temporary file (in memory while small, on disk when large) and
sent from there, so that 100,000 rows never sit in memory at once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO

from flask import send_file

from .downloads import csv_lines
from .workbook import write_workbook

FORMATS = {"csv": "text/csv",  # send_file adds "; charset=utf-8" to a text type itself
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
IN_MEMORY = 2_000_000  # bytes kept in memory before the file goes to disk


def table_response(fmt: str, filename: str, header: list[str], rows: Iterable[Iterable],
                   title: str = "Gramota"):
    """Send ``rows`` under ``header`` as ``filename.csv`` or ``filename.xlsx``."""
    # The response closes the file once it is sent.
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115
    write_table(spool, fmt, header, rows, title)
    spool.seek(0)
    response = send_file(spool, mimetype=FORMATS[fmt], as_attachment=True,
                         download_name=f"{filename}.{fmt}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def write_table(target: IO[bytes], fmt: str, header: list[str], rows: Iterable[Iterable],
                title: str = "Gramota") -> None:
    """Write ``rows`` under ``header`` to ``target`` as CSV or XLSX."""
    if fmt == "xlsx":
        write_workbook(target, header, rows, title)
    else:
        for line in csv_lines(header, rows):
            target.write(line.encode("utf-8"))
