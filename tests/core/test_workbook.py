"""The XLSX workbook Gramota writes itself (lms/web/workbook.py), read back as Excel would."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl

from lms.web.workbook import write_workbook


def written(header, rows, title="Отчёт") -> bytes:
    target = io.BytesIO()
    write_workbook(target, header, rows, title)
    return target.getvalue()


def test_values_keep_their_kind_and_text_is_never_a_formula():
    rows = [[1, "Орлова Нина", date(2026, 12, 6), datetime(2026, 12, 6, 14, 30), 2.5, True],
            [2, "=cmd Формулов", None, "", Decimal("3.25"), False],
            [3, "<b>&amp; «кавычки» 'да'</b>", " пробел в начале", "\x07звонок", float("nan"),
             "x" * 40_000]]
    book = openpyxl.load_workbook(io.BytesIO(written(["№", "Имя", "Дата", "Время", "Доля",
                                                      "Да"], iter(rows))))
    sheet = book.active
    assert sheet.title == "Отчёт" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["№", "Имя", "Дата", "Время", "Доля", "Да"]
    assert all(c.font.b for c in sheet[1]) and not sheet["B2"].font.b
    first, second, third = sheet.iter_rows(min_row=2, values_only=True)
    assert first == (1, "Орлова Нина", datetime(2026, 12, 6), datetime(2026, 12, 6, 14, 30),
                     2.5, True)
    assert sheet["C2"].is_date and sheet["C2"].number_format == "mm-dd-yy"  # Excel's short date
    assert second[1] == "=cmd Формулов" and sheet["B3"].data_type == "s"  # text, not a formula
    assert second[2:4] == (None, None) and second[4:] == (3.25, False)
    assert third[1:4] == ("<b>&amp; «кавычки» 'да'</b>", " пробел в начале", "звонок")
    assert third[4] == "nan" and len(third[5]) == 32_767  # as much as Excel keeps in a cell


def test_a_large_table_is_streamed_in_parts_and_the_sheet_name_is_made_valid():
    rows = ([n, f"Слушатель {n}", date(2025, 1, 1)] for n in range(1, 2_502))
    data = written(["№", "Имя", "С"], rows, title="Слушатели: [все]/2026 год, вся сеть Б")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
                     "xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"]
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet.title == "Слушатели   все  2026 год, вся"  # no []:*?/\, 31 characters
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last == (2_501, "Слушатель 2501", datetime(2025, 1, 1))
