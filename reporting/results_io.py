"""The results file of a round (issue 8 item 4; domain §10 "Excel: … results, importable and
exportable"): one row per KPI data item, as XLSX or CSV.

Columns (found by their Thai header, or by the English key, in any order):

| header                       | key        | read on import                                   |
|------------------------------|------------|--------------------------------------------------|
| ตัวชี้วัดที่                    | kpi        | required: the KPI's number in the round          |
| ชื่อตัวชี้วัด                    | kpi_name   | no (for the reader)                              |
| รหัสรายการข้อมูล               | item       | the data item's code; empty = the result itself  |
| รายการข้อมูล                   | item_name  | no                                               |
| หน่วยนับ                       | unit       | no                                               |
| ค่า                           | value      | required column; an empty cell clears the value  |
| ประเด็นการประเมินที่             | point      | an assessment point's order: the row is its      |
|                              |            | result (issue 17 item 2); then item stays empty  |
| คำอธิบายผลรายประเด็น            | narrative  | a point row's narrative (column absent = kept)   |
| สถานะรายงาน                   | state      | no                                               |
| รุ่นรายงาน (ห้ามแก้ไข)            | version    | when filled, must equal the stored version       |

This module only reads and writes files; reporting.services.imports decides what rows mean.
No database access here apart from what the caller passes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as translation_override
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.decimals import parse_decimal
from core.spreadsheets import write as spreadsheets_write
from core.spreadsheets.read import (
    Budget,
    SpreadsheetRefused,
    csv_rows,
    is_zip,
    open_xlsx,
    read_upload,
)
from core.spreadsheets.write import new_workbook, put

MAX_ROWS = 5_000
MAX_COLUMNS = 40
XLSX_TYPE = spreadsheets_write.XLSX_TYPE
CSV_TYPE = spreadsheets_write.CSV_TYPE
SHEET_TITLE = "ผลการดำเนินงาน"
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # lazy Thai text
    width: int
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("kpi", gettext_lazy("ตัวชี้วัดที่"), 12, required=True),
    Column("kpi_name", gettext_lazy("ชื่อตัวชี้วัด"), 48),
    Column("item", gettext_lazy("รหัสรายการข้อมูล"), 16),
    Column("item_name", gettext_lazy("รายการข้อมูล"), 40),
    Column("unit", gettext_lazy("หน่วยนับ"), 12),
    Column("value", gettext_lazy("ค่า"), 16, required=True),
    # Assessment points (issue 17 item 2), after the value so older files keep their columns.
    Column("point", gettext_lazy("ประเด็นการประเมินที่"), 12),
    Column("narrative", gettext_lazy("คำอธิบายผลรายประเด็น"), 40),
    Column("state", gettext_lazy("สถานะรายงาน"), 24),
    Column("version", gettext_lazy("รุ่นรายงาน (ห้ามแก้ไข)"), 12),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def header_of(key: str) -> str:
    """A column's Thai header (files are Thai whatever the page language)."""
    with translation_override("th"):
        return str(COLUMN_BY_KEY[key].header)


@dataclass(frozen=True)
class FileRow:
    number: int  # the row number the user sees in Excel (header = 1)
    cells: dict[str, Any]

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return " ".join(str(value).split())


@dataclass(frozen=True)
class FileProblem:
    row: int | None  # None: the file as a whole
    column: str  # Thai header, "" for the whole row or file
    message: str


class FileRefused(Exception):
    """The file cannot be read at all; `problems` say why (Thai)."""

    def __init__(self, problems: list[FileProblem]) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = problems


# Reading ------------------------------------------------------------------------------------


def read_rows(file: IO[bytes], filename: str = "") -> list[FileRow]:
    """The non-empty rows of an XLSX or CSV results file, or FileRefused. The file is read
    within core.spreadsheets.read's limits: MAX_ROWS + 2 rows of MAX_COLUMNS columns."""
    budget = Budget(max_rows=MAX_ROWS + 2, max_columns=MAX_COLUMNS)
    try:
        data = read_upload(file)
        if not data.strip():
            raise SpreadsheetRefused(_("ไฟล์ว่างเปล่า"))
        if is_zip(data):
            with open_xlsx(data, budget) as workbook:
                name = SHEET_TITLE if SHEET_TITLE in workbook.sheetnames else None
                table: list[Sequence[Any]] = list(workbook.rows(name))
        elif filename.lower().endswith((".xlsx", ".xlsm")):
            raise FileRefused(
                [FileProblem(None, "", _("เปิดไฟล์ไม่ได้ ไฟล์อาจเสียหาย หรือไม่ใช่ไฟล์ Excel (.xlsx)"))]
            )
        else:
            table = list(csv_rows(data, budget))
    except SpreadsheetRefused as refused:
        raise FileRefused([FileProblem(None, "", refused.message)]) from None
    return _rows(table)


def _normal(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _header_keys() -> dict[str, str]:
    keys = {column.key.casefold(): column.key for column in COLUMNS}
    for column in COLUMNS:
        keys[header_of(column.key).casefold()] = column.key
        keys[str(column.header).casefold()] = column.key  # the page language's header
    return keys


def _rows(table: list[Sequence[Any]]) -> list[FileRow]:
    if not table:
        raise FileRefused([FileProblem(None, "", _("ไฟล์ว่างเปล่า"))])
    known = _header_keys()
    mapping: dict[int, str] = {}
    for index, value in enumerate(table[0]):
        key = known.get(_normal(value).casefold())
        if key is not None and key not in mapping.values():
            mapping[index] = key
    missing = [c for c in COLUMNS if c.required and c.key not in mapping.values()]
    if missing:
        raise FileRefused(
            [
                FileProblem(
                    1,
                    header_of(c.key),
                    _("ไม่พบคอลัมน์ “%(column)s” ในแถวหัวตาราง") % {"column": header_of(c.key)},
                )
                for c in missing
            ]
        )
    rows: list[FileRow] = []
    for number, values in enumerate(table[1:], 2):
        # Every column of the header is in `cells` (None past a short row's end), so a reader
        # can tell an empty cell from a column the file does not have.
        cells = {key: values[i] if i < len(values) else None for i, key in mapping.items()}
        if all(_normal(v) == "" for v in cells.values()):
            continue
        if number > MAX_ROWS + 1:
            raise FileRefused(
                [
                    FileProblem(
                        number, "", _("ข้อมูลเกิน %(max)s แถว กรุณาแบ่งเป็นหลายไฟล์") % {"max": MAX_ROWS}
                    )
                ]
            )
        rows.append(FileRow(number, cells))
    if not rows:
        raise FileRefused([FileProblem(None, "", _("ไม่พบข้อมูลในไฟล์ (มีแต่แถวหัวตาราง)"))])
    return rows


def cell_number(value: Any) -> Decimal | str | None:
    """A value cell as a Decimal, None when empty, or the Thai reason it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return _("ต้องเป็นตัวเลข")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as the same float
    number = parse_decimal(str(value).translate(THAI_DIGITS).replace(" ", ""))
    if number is None:
        return _("“%(value)s” ไม่ใช่ตัวเลข") % {"value": _normal(value)[:40]}
    return number


# Writing ------------------------------------------------------------------------------------


Line = Sequence[str | int | Decimal | None]


def xlsx_bytes(lines: Sequence[Line], *, title: str) -> bytes:
    workbook = new_workbook(title=title, first_sheet=SHEET_TITLE)
    sheet = workbook[SHEET_TITLE]
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="DCEFE4")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(COLUMNS, 1):
        cell = put(sheet, 1, index, header_of(column.key))
        cell.font, cell.fill, cell.alignment = header_font, fill, wrap
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.key in ("kpi", "item"):
            dimension.number_format = "@"
    for row, line in enumerate(lines, 2):
        for index, value in enumerate(line, 1):
            cell = put(sheet, row, index, value)
            if COLUMNS[index - 1].key in ("kpi", "item"):
                cell.number_format = "@"
            elif COLUMNS[index - 1].key == "value":
                cell.number_format = "#,##0.00##"
            else:
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    return spreadsheets_write.xlsx_bytes(workbook)


def csv_bytes(lines: Sequence[Line]) -> bytes:
    """UTF-8 with a BOM, so Excel opens Thai text right; text that Excel could evaluate is
    quoted by the writer."""
    return spreadsheets_write.csv_bytes([[header_of(column.key) for column in COLUMNS], *lines])
