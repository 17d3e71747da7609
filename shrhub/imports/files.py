"""Reading an uploaded spreadsheet into a header and rows of text, refusing what is not a clean table.

CSV (UTF-8, with or without a byte-order mark; comma, semicolon or tab separated, as spreadsheets in English,
French or Spanish settings write it) and XLSX (read with openpyxl in read-only mode, with defusedxml guarding
its XML). Refused, with a message saying what to change: a file over ``IMPORT_MAX_BYTES`` or with more than
``IMPORT_MAX_ROWS`` rows, text that is not UTF-8, NUL bytes, an XLSX that is not a real one or would unpack to
far more than it weighs (a "zip bomb"), merged cells, no header row, repeated column names. Formula cells are
not refused here: the row holding one is (``FORMULA``), so the rest of the file can still be checked.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..spreadsheets import FORMULA_STARTS

FORMATS = ("csv", "xlsx")
FORMULA = "\x00formula:"  # a cell that held a formula: the row is refused with the cell named
XLSX_MAX_RATIO = 100  # uncompressed bytes per compressed byte of any part; real workbooks stay far below
MERGED = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


class BadFile(Exception):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclasses.dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # each as long as the header
    first_line: int = 2  # the file's line (row) number of ``rows[0]``


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 20_000))


def format_of(name: str) -> str:
    """``csv`` or ``xlsx`` from the file's name; anything else is refused."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise BadFile(_("Choose a CSV or XLSX file (this one is neither)."))
    return extension


def read_table(stream: IO[bytes], fmt: str) -> Table:
    """The table in ``stream`` (a ``csv`` or ``xlsx`` file), or ``BadFile``."""
    data = stream.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise BadFile(
            _("The file is larger than %(limit)s MB: split it into several files.") % {"limit": max_bytes() // 2**20}
        )
    if not data.strip():
        raise BadFile(_("The file is empty."))
    rows = read_xlsx(data) if fmt == "xlsx" else read_csv(data)
    return tabulate(rows)


def tabulate(rows: Iterator[list[str]]) -> Table:
    headers: list[str] | None = None
    body: list[list[str]] = []
    blank = 0  # blank lines since the last row with a value: kept only between rows, so numbers stay the file's
    first_line = 2
    for line, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            blank += headers is not None
            continue
        if headers is None:
            headers = [cell.strip() for cell in row]
            check_headers(headers)
            first_line = line + 1
            continue
        body.extend([""] * len(headers) for _ in range(blank))
        blank = 0
        if len(body) >= max_rows():
            raise BadFile(
                _("The file has more than %(limit)s rows: split it into several files.") % {"limit": max_rows()}
            )
        if any(cell.strip() for cell in row[len(headers) :]):
            raise BadFile(
                _("Line %(line)s has values beyond the last named column: give every column a name.") % {"line": line}
            )
        body.append((row + [""] * len(headers))[: len(headers)])
    if headers is None:
        raise BadFile(_("The file has no header row naming its columns."))
    return Table(headers, body, first_line)


def check_headers(headers: list[str]) -> None:
    while headers and not headers[-1]:
        headers.pop()
    if any(not header for header in headers):
        raise BadFile(_("Every column needs a name in the first row (one is empty)."))
    seen: set[str] = set()
    for header in headers:
        if header.casefold() in seen:
            raise BadFile(_("Two columns are named “%(name)s”: name each column once.") % {"name": header})
        seen.add(header.casefold())


# CSV -------------------------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data:
        raise BadFile(_("The file holds NUL bytes: it is not a text CSV file. Save it again as “CSV UTF-8”."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadFile(
            _(
                "Line %(line)s is not UTF-8 text. Save the file again as “CSV UTF-8” (in Excel: Save as, then "
                "“CSV UTF-8 (comma delimited)”), or as XLSX."
            )
            % {"line": line}
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            yield [csv_cell(cell) for cell in row]
    except csv.Error as error:
        raise BadFile(_("The file is not a valid CSV table: %(error)s.") % {"error": error}) from error


def unquoted(text: str) -> str:
    """A value an export quoted against formula injection (``'=…``, ``'+243…``), as the value itself."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def csv_cell(text: str) -> str:
    if text.startswith("'"):
        return unquoted(text)
    if text.startswith("="):
        return FORMULA + text
    return text


# XLSX ------------------------------------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> Iterator[list[str]]:
    archive = open_archive(data)
    check_unpacked_size(archive)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, ValueError, zipfile.BadZipFile, OSError) as error:
        raise BadFile(_("The file is not a readable XLSX workbook. Open it and save it again as XLSX.")) from error
    try:
        if not book.worksheets:
            raise BadFile(_("The workbook has no sheet."))
        sheet = book.worksheets[0]
        check_merged_cells(archive, getattr(sheet, "_worksheet_path", ""))
        for row in sheet.iter_rows():
            yield [xlsx_cell(cell) for cell in row]
    finally:
        book.close()


def open_archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise BadFile(_("The file is not a readable XLSX workbook. Open it and save it again as XLSX.")) from error


def check_unpacked_size(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook that would unpack to far more than it weighs, before anything is unpacked."""
    total = 0
    for member in archive.infolist():
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1):
            raise BadFile(_("The workbook would unpack to far more than it weighs: it is refused as unsafe."))
    if total > 10 * max_bytes():
        raise BadFile(_("The workbook would unpack to far more than it weighs: it is refused as unsafe."))


def check_merged_cells(archive: zipfile.ZipFile, path: str) -> None:
    try:
        with archive.open(path) as part:
            tail = b""
            while chunk := part.read(1024 * 1024):
                found = MERGED.search(tail + chunk)
                if found:
                    raise BadFile(
                        _(
                            "The sheet has merged cells (%(cells)s): unmerge them so that each row holds its own "
                            "values, and import again."
                        )
                        % {"cells": found.group(1).decode()}
                    )
                tail = chunk[-200:]
    except KeyError:  # the workbook's own index names the part; openpyxl has already read it
        return


def xlsx_cell(cell: Any) -> str:
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        return FORMULA + str(value)
    return text_of(value)


def text_of(value: Any) -> str:
    """A cell's value as the text an API field reads: dates in ISO 8601, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return unquoted(str(value))
