"""Writing tables as CSV and XLSX, safe to open in a spreadsheet.

Every table the product hands out (a manager view's figures, the risk register, any list) goes through here:
text cells a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) are prefixed with an apostrophe, in CSV and XLSX alike. XLSX is written with openpyxl (the library
Excel's own format documentation points to; pure Python, no system library); big lists use its write-only
mode, which streams rows to the file instead of keeping every cell in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Table = tuple[list[str], Iterable[Sequence[Any]]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SHEET_TITLE_LENGTH = 31  # Excel's limit


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet will not execute it (``None`` as an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    header, rows = table
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def write_csv(out: IO[str], header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows as CSV to a text stream."""
    writer = csv.writer(out)
    writer.writerow([str(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])


def to_xlsx(table: Table, *, title: str) -> bytes:
    """One sheet, a bold frozen header, wrapped text; cells that a spreadsheet would run as formulas are quoted."""
    header, rows = table
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:SHEET_TITLE_LENGTH]
    sheet.append([str(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class StreamingWorkbook:
    """An XLSX file written sheet by sheet, row by row (openpyxl's write-only mode), to a binary stream."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)

    def sheet(self, title: str, header: Sequence[Any], *, freeze: bool = True) -> WriteOnlyWorksheet:
        sheet = self.book.create_sheet(title=title[:SHEET_TITLE_LENGTH])
        if freeze:
            sheet.freeze_panes = "A2"
        cells = []
        for value in header:
            cell = WriteOnlyCell(sheet, value=str(value))
            cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)
        return sheet

    @staticmethod
    def append(sheet: WriteOnlyWorksheet, row: Sequence[Any]) -> None:
        sheet.append([safe_cell(value) for value in row])

    def save(self, out: IO[bytes]) -> None:
        self.book.save(out)
