"""An XLSX workbook of one table, written straight as its XML parts.

A report's table is one sheet of text, numbers and dates under a bold heading, and the
largest (every learner of a region, 100,000 rows) must be written in seconds while the
coordinator waits. openpyxl's and XlsxWriter's streaming writers build an object per
cell and took 9 and 7.5 s for 100,000 rows of 11 cells; writing the sheet's XML directly
takes about 1 s (docs/benchmarks.md). What is written is the smallest workbook Excel,
LibreOffice and openpyxl open without a repair: text as inline strings (never a
formula, whatever it starts with), numbers as numbers, dates and times as dates in the
reader's own date format, the heading row frozen.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO
from xml.sax.saxutils import escape, quoteattr

EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's date numbers
MAX_TEXT = 32_767  # characters Excel keeps in one cell
ROWS_PER_WRITE = 1_000
# Characters XML 1.0 cannot hold (control characters other than tab and newlines).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/>\
</Types>"""

PACKAGE_RELS = f"""{XML_HEAD}<Relationships xmlns="{PACKAGE_RELATIONS}">\
<Relationship Id="rId1" Target="xl/workbook.xml" \
Type="{RELATIONS}/officeDocument"/></Relationships>"""

WORKBOOK_RELS = f"""{XML_HEAD}<Relationships xmlns="{PACKAGE_RELATIONS}">\
<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{RELATIONS}/worksheet"/>\
<Relationship Id="rId2" Target="styles.xml" Type="{RELATIONS}/styles"/>\
</Relationships>"""

# Cell styles by number: 0 plain, 1 a date, 2 a date and time, 3 the bold heading.
# Formats 14 and 22 are Excel's built-in short date and date-time, shown as the reader's
# computer writes dates (06.12.2026 on a Russian one).
PLAIN, DAY, MOMENT, HEADING = 0, 1, 2, 3
STYLES = f"""{XML_HEAD}<styleSheet xmlns="{MAIN}">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


def write_workbook(target: IO[bytes], header: list[str], rows: Iterable[Iterable],
                   title: str = "Gramota") -> None:
    """Write ``rows`` under ``header`` as an XLSX workbook of one sheet named ``title``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", PACKAGE_RELS)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/workbook.xml", _workbook(title))
        book.writestr("xl/styles.xml", STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_start(header).encode())
            lines = []
            for row in rows:
                lines.append(f"<row>{''.join(map(_cell, row))}</row>")
                if len(lines) == ROWS_PER_WRITE:
                    sheet.write("".join(lines).encode())
                    lines = []
            sheet.write(("".join(lines) + "</sheetData></worksheet>").encode())


def _workbook(title: str) -> str:
    name = NOT_IN_SHEET_NAME.sub(" ", _text(title))[:31].strip("' ") or "Gramota"
    return (f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            f'<sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets></workbook>')


def _sheet_start(header: list[str]) -> str:
    """The frozen heading row, with each column as wide as its heading."""
    widths = "".join(f'<col min="{n}" max="{n}" width="{max(10, min(len(str(h)) + 2, 60))}" '
                     'customWidth="1"/>' for n, h in enumerate(header, start=1))
    heading = "".join(_cell(h, HEADING) for h in header)
    return (f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            f'</sheetView></sheetViews><cols>{widths}</cols>'
            f'<sheetData><row>{heading}</row>')


def _cell(value, style: int = PLAIN) -> str:
    # Checked in this order: bool is an int, datetime is a date.
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | Decimal) or isinstance(value, float) and math.isfinite(value):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime):
        moment = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86_400
        return f'<c s="{MOMENT}"><v>{moment!r}</v></c>'
    if isinstance(value, date):
        return f'<c s="{DAY}"><v>{(value - EPOCH.date()).days}</v></c>'
    style_attr = f' s="{style}"' if style else ""
    return (f'<c t="inlineStr"{style_attr}><is><t xml:space="preserve">'
            f"{escape(_text(value))}</t></is></c>")


def _text(value) -> str:
    return NOT_IN_XML.sub("", str(value))[:MAX_TEXT]
