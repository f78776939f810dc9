"""Files sent to the browser: course pictures, and PDFs and tables that must not stay in a
shared PC's cache."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import chain
from urllib.parse import quote

from flask import current_app, send_from_directory

# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def picture_response(folder, filename: str, max_age: int):
    """A course or quiz picture. A drawing (SVG) is text: it is sent whole, so that the
    site's compression takes it to a third on a slow line; photos are sent as files."""
    response = send_from_directory(folder, filename, max_age=max_age)
    if response.mimetype == "image/svg+xml" and response.is_streamed:
        file = response.response
        try:
            data = b"".join(file)  # read now: an ordinary response, compressed as pages are
        finally:
            file.close()
        response.direct_passthrough = False
        response.set_data(data)
    return response


def pdf_response(body: bytes, filename: str, save_as: str | None = None):
    """A PDF shown in the browser, or saved as ``save_as`` (any letters), never stored by
    caches (it may hold a name or a PIN)."""
    response = current_app.response_class(body, mimetype="application/pdf")
    if save_as:
        response.headers["Content-Disposition"] = (  # RFC 6266: any letters, with a fallback
            f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(save_as)}")
    else:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def zip_response(body: bytes, filename: str):
    """A zip to save (the offline copy of a course)."""
    response = current_app.response_class(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def safe_cell(value):
    """Text as text: a cell someone typed as ``=HYPERLINK(…)`` must not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV for Russian-language Excel: UTF-8 with a BOM, ``;`` between cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    for cells in chain([header], rows):
        writer.writerow([safe_cell(cell) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]):
    """Send a table as a CSV download, written row by row as it is sent."""
    response = current_app.response_class(csv_lines(header, rows),  # charset said once
                                          content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
