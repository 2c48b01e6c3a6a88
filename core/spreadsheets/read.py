"""The one reader of uploaded XLSX and CSV files (issue 14 item 4): bounded before it parses.

A small file must not hold a worker: an .xlsx is a ZIP of XML, and 79 KB of XML compressed
100-fold or more can declare millions of cells. So, in this order and without parsing XML:

1. the upload's size, from `file.size` before its body is read, then while reading;
2. the ZIP central directory: number of entries, each part's and the total uncompressed size,
   and the compression ratio of every large part (Python's zipfile never inflates a part past
   the size the directory declares, so these numbers bound the work that follows);
3. the number of sheets in xl/workbook.xml;
4. before a sheet (or the shared strings) is parsed, its declared dimension and a streaming
   count of its rows and cells against the budget, stopping at the first one over;
5. openpyxl in read-only mode, each sheet read row by row within `max_rows` × `max_columns`.

A CSV is decoded, then read line by line: a line longer than `max_line` or more than
`max_rows` records stop the reading at once.

Every refusal is a `SpreadsheetRefused` with a Thai message for the person who uploaded it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

MAX_ENTRIES = 500  # a workbook has 10–40 parts; a few hundred with many images
MAX_PART = 32 * 1024 * 1024  # a sheet or the shared strings, inflated
MAX_OTHER_XML = 4 * 1024 * 1024  # styles, theme, workbook.xml: a few KB in real files
MAX_UNPACKED = 128 * 1024 * 1024
MAX_RATIO = 100  # for parts over RATIO_FROM bytes (Apache POI's default for zip bombs)
RATIO_FROM = 1024 * 1024
MAX_SHEETS = 50
MAX_CELLS = 200_000  # per sheet; the largest real import (5,000 rows × 8 columns) is 40,000
MAX_LINE = 64 * 1024  # characters in one CSV line
_CHUNK = 256 * 1024
_OVERLAP = 64
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet[\s/>]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"([A-Z0-9:$]+)\"")


class SpreadsheetRefused(Exception):
    """The file is refused before (or while) it is parsed; str() is the Thai reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Budget:
    """How much of a file an importer reads: rows and columns per sheet, cells per sheet."""

    max_rows: int
    max_columns: int
    max_cells: int = MAX_CELLS
    max_sheets: int = MAX_SHEETS
    max_line: int = MAX_LINE


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g}"


def _broken() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("เปิดไฟล์ไม่ได้ ไฟล์อาจเสียหาย หรือไม่ใช่ไฟล์ Excel (.xlsx)"))


def _too_much(sheet: str, budget: Budget) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _(
            "แผ่นงาน “%(sheet)s” มีข้อมูลมากเกินกำหนด (ไม่เกิน %(cells)s ช่อง) "
            "กรุณาลบแถวหรือคอลัมน์ที่ไม่ใช้ หรือแบ่งเป็นหลายไฟล์"
        )
        % {"sheet": sheet, "cells": f"{budget.max_cells:,}"}
    )


def read_upload(file: IO[bytes], limit: int | None = None) -> bytes:
    """The upload's bytes, refusing one over the limit before its body is read."""
    limit = int(settings.PRAMOEN_UPLOAD_MAX_BYTES) if limit is None else limit
    too_big = SpreadsheetRefused(_("ไฟล์ใหญ่เกินกำหนด (ไม่เกิน %(size)s MB)") % {"size": _mb(limit)})
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise too_big
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_big
    return data


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and zipfile.is_zipfile(io.BytesIO(data))


# XLSX --------------------------------------------------------------------------------------


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Step 2: the central directory only; nothing is inflated."""
    entries = archive.infolist()
    bomb = SpreadsheetRefused(
        _(
            "ไฟล์นี้เมื่อแตกออกมีขนาดใหญ่ผิดปกติ (อาจเป็นไฟล์ที่ถูกสร้างมาเพื่อโจมตีระบบ) "
            "ระบบจึงไม่เปิดไฟล์นี้ กรุณาบันทึกไฟล์จาก Excel ใหม่"
        )
    )
    if len(entries) > MAX_ENTRIES:
        raise SpreadsheetRefused(
            _("ไฟล์นี้มีส่วนประกอบมากผิดปกติ (%(count)s ส่วน) ระบบจึงไม่เปิดไฟล์นี้")
            % {"count": f"{len(entries):,}"}
        )
    total = 0
    for info in entries:
        name = info.filename.lower()
        content = name.startswith(("xl/worksheets/", "xl/sharedstrings"))
        if name.endswith((".xml", ".rels")) and not content and info.file_size > MAX_OTHER_XML:
            raise bomb
        if info.file_size > MAX_PART and name.endswith(".xml"):
            raise bomb
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise bomb
        total += info.file_size
        if total > MAX_UNPACKED:
            raise bomb


def _count(
    archive: zipfile.ZipFile, name: str, patterns: tuple[re.Pattern[bytes], ...], limit: int
) -> int:
    """Tags of the patterns in one part, inflated a chunk at a time; stops as soon as the count
    passes `limit` (and returns limit + 1), so a bomb is never inflated past its first cells."""
    found, tail = 0, b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            text = tail + chunk
            cut = max(len(text) - _OVERLAP, 0)  # a tag starting after the cut: next round
            for pattern in patterns:
                found += sum(1 for match in pattern.finditer(text) if match.start() < cut)
            if found > limit:
                return limit + 1
            tail = text[cut:]
    return found + sum(len(pattern.findall(tail)) for pattern in patterns)


def _dimension_cells(archive: zipfile.ZipFile, name: str) -> int | None:
    """The cell area the sheet declares (<dimension ref="A1:D500"/>), or None."""
    with archive.open(name) as part:
        head = part.read(4096)
    match = _DIMENSION.search(head)
    if match is None:
        return None
    try:
        min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
    except (ValueError, TypeError):
        return None
    if None in (min_col, min_row, max_col, max_row):
        return None
    assert min_col and min_row and max_col and max_row
    return (max_col - min_col + 1) * (max_row - min_row + 1)


class BoundedWorkbook:
    """An opened workbook whose sheets are read within the budget."""

    def __init__(self, archive: zipfile.ZipFile, workbook: Any, budget: Budget) -> None:
        self._archive = archive
        self._workbook = workbook
        self.budget = budget
        self.sheetnames: list[str] = list(workbook.sheetnames)

    def rows(self, name: str | None = None) -> Iterator[tuple[Any, ...]]:
        """The values of the sheet's rows (the first sheet by default), at most max_rows rows
        of max_columns values; the sheet's size is checked before its XML is parsed."""
        sheet = self._workbook[name] if name is not None else self._workbook.worksheets[0]
        path = getattr(sheet, "_worksheet_path", None)
        budget = self.budget
        if isinstance(path, str) and path in self._archive.namelist():
            declared = _dimension_cells(self._archive, path)
            if declared is not None and declared > budget.max_cells * 5:
                raise _too_much(sheet.title, budget)
            if _count(self._archive, path, (_ROW, _CELL), budget.max_cells) > budget.max_cells:
                raise _too_much(sheet.title, budget)
        cells = 0
        rows = sheet.iter_rows(
            max_row=budget.max_rows, max_col=budget.max_columns, values_only=True
        )
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception:  # malformed XML inside the sheet
                raise _broken() from None
            cells += sum(1 for value in values if value is not None)
            if cells > budget.max_cells:
                raise _too_much(sheet.title, budget)
            yield values


@contextmanager
def open_xlsx(data: bytes, budget: Budget) -> Iterator[BoundedWorkbook]:
    """Check the package (steps 2–3 and the shared strings), then open it read-only."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _broken() from None
    with archive:
        try:
            _check_archive(archive)
            names = {name.lower(): name for name in archive.namelist()}
            book = names.get("xl/workbook.xml")
            if book is None:
                raise _broken()
            sheets = _count(archive, book, (_SHEET,), budget.max_sheets)
            if sheets > budget.max_sheets:
                raise SpreadsheetRefused(
                    _("ไฟล์มีแผ่นงานมากเกินกำหนด (ไม่เกิน %(max)s แผ่นงาน)") % {"max": budget.max_sheets}
                )
            strings = names.get("xl/sharedstrings.xml")
            if strings is not None and (
                _count(archive, strings, (_STRING,), budget.max_cells) > budget.max_cells
            ):
                raise _too_much(_("ข้อความที่ใช้ร่วมกัน"), budget)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except SpreadsheetRefused:
            raise
        except Exception:  # any failure to parse an untrusted file means the same to the user
            raise _broken() from None
        try:
            yield BoundedWorkbook(archive, workbook, budget)
        finally:
            workbook.close()


# CSV ---------------------------------------------------------------------------------------


def _not_csv() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("อ่านไฟล์ไม่ได้: ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV ที่เข้ารหัส UTF-8"))


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows Thai (cp874), as Excel on Thai Windows saves."""
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_csv()
    if "\x00" in text:
        raise _not_csv()
    return text


def _lines(text: str, budget: Budget) -> Iterator[str]:
    stream = io.StringIO(text, newline="")
    number = 0
    while line := stream.readline(budget.max_line + 2):
        number += 1
        if len(line.rstrip("\r\n")) > budget.max_line:
            raise SpreadsheetRefused(
                _("บรรทัดที่ %(line)s ของไฟล์ยาวเกินกำหนด (ไม่เกิน %(max)s ตัวอักษร)")
                % {"line": number, "max": f"{budget.max_line:,}"}
            )
        yield line


def csv_rows(data: bytes, budget: Budget) -> list[list[str]]:
    """The first max_rows records of a CSV file (comma, semicolon or tab separated), each cut to
    max_columns fields; a text field the writer quoted ("'=…") reads back as written."""
    text = decode_csv(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_lines(text, budget), dialect)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append([_unquote(value) for value in row[: budget.max_columns]])
            if len(rows) >= budget.max_rows:
                break
    except csv.Error:
        message = _("อ่านไฟล์ CSV ไม่ได้ กรุณาบันทึกจาก Excel เป็น “CSV UTF-8” หรือใช้ไฟล์ .xlsx")
        raise SpreadsheetRefused(message) from None
    return rows


def _unquote(value: str) -> str:
    """Undo core.spreadsheets.write.csv_field's quote, so an exported file imports unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def xlsx_table(file: IO[bytes], budget: Budget) -> list[tuple[Any, ...]]:
    """Every row of an uploaded workbook's first sheet, read within `budget`: the one way a
    one-sheet importer opens its file. SpreadsheetRefused (Thai) for a file that is not an .xlsx,
    is too large, or breaks the budget."""
    data = read_upload(file)
    if not is_zip(data):
        raise SpreadsheetRefused(_("อ่านไฟล์ไม่ได้ ไฟล์ต้องเป็น Excel (.xlsx)"))
    with open_xlsx(data, budget) as workbook:
        return list(workbook.rows())
