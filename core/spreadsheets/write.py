"""The one writer of XLSX and CSV files (issue 14 item 3).

User text is stored as text. openpyxl turns any string that starts with "=" into a formula and
"#N/A"-like strings into error cells; Excel evaluates a CSV field that starts with "=", "+", "-",
"@", tab or CR. So:

- `put`/`append` write a value into a cell: str as a string cell (never a formula, control
  characters Excel cannot store are dropped), Decimal and int as numbers, `Formula` — the only
  way to write a formula — as a formula;
- `xlsx_bytes` saves a workbook after turning every formula cell that was not written as a
  `Formula` back into text, so a cell set any other way cannot leak a formula either;
- `csv_bytes` writes rows with text fields that could be read as a formula prefixed with a
  single quote (OWASP "CSV injection"); numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
# What Excel (and LibreOffice, Google Sheets) may evaluate at the start of a CSV field.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEXT_MAX = 32_767  # Excel's limit for one cell


@dataclass(frozen=True)
class Formula:
    """A formula we write ourselves, e.g. Formula("=SUM(B2:B9)"): never built from user text."""

    text: str

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError("a formula starts with '='")


Value = str | int | Decimal | date | Formula | None

# The cells of each sheet that hold a Formula on purpose.
_formulas: weakref.WeakKeyDictionary[Worksheet, set[str]] = weakref.WeakKeyDictionary()


def new_workbook(*, title: str = "", first_sheet: str | None = None) -> Workbook:
    """An empty workbook with our properties; `first_sheet` names its one sheet, None removes it."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    if first_sheet is None:
        workbook.remove(sheet)
    else:
        sheet.title = first_sheet
    workbook.properties.creator = "pramoen"
    workbook.properties.title = title[:255]
    return workbook


def clean_text(text: str) -> str:
    """Text an XLSX cell can hold: no control characters but tab, LF and CR, at most 32,767."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:TEXT_MAX]


def put(sheet: Worksheet, row: int, column: int, value: Value) -> Cell:
    """Write one value; the returned cell can then be styled."""
    cell = sheet.cell(row, column)
    assert isinstance(cell, Cell)
    if isinstance(value, Formula):
        cell.value = value.text
        _formulas.setdefault(sheet, set()).add(cell.coordinate)
        return cell
    _formulas.get(sheet, set()).discard(cell.coordinate)
    if isinstance(value, bool):
        raise TypeError("write a boolean as text (ใช่/ไม่ใช่)")
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # never a formula or an error value
    elif isinstance(value, Decimal):
        _put_decimal(cell, value)
    else:
        cell.value = value
    return cell


EXCEL_DIGITS = 15  # an Excel number is a double: 15 significant digits survive


def _put_decimal(cell: Cell, value: Decimal) -> None:
    """A number with thousands separators and its own decimals ("2,500,000,000",
    "1,234.5678"); one Excel cannot hold exactly (more than 15 significant digits, e.g.
    999,999,999,999,999.9999) is written as that text instead, which our importers read back
    exactly."""
    if not value.is_finite():
        raise TypeError("write only finite numbers")
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if len(value.normalize().as_tuple().digits) > EXCEL_DIGITS:
        cell.value = f"{value:,.{places}f}"
        cell.data_type = "s"
        return
    cell.value = value
    if cell.number_format == "General":
        cell.number_format = "#,##0" + ("." + "0" * places if places else "")


def append(sheet: Worksheet, values: Iterable[Value]) -> int:
    """Write values in a new row under the last one; returns the row number."""
    row = sheet.max_row + 1 if sheet._cells else 1
    for column, value in enumerate(values, 1):
        put(sheet, row, column, value)
    return row


def _neutralise(workbook: Workbook) -> None:
    for sheet in workbook.worksheets:
        if not isinstance(sheet, Worksheet):
            continue
        declared = _formulas.get(sheet, set())
        for cell in sheet._cells.values():
            if cell.data_type in ("f", "e") and cell.coordinate not in declared:
                if not isinstance(cell.value, str):
                    raise TypeError("write formulas with core.spreadsheets.write.Formula")
                cell.data_type = "s"


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The workbook as an .xlsx file; only `Formula` cells are formulas."""
    _neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_field(value: Value) -> str:
    """One CSV field: numbers as numbers ("-1.50"), text that Excel could evaluate quoted."""
    if value is None:
        return ""
    if isinstance(value, Formula | bool):
        raise TypeError("a CSV file never holds formulas or booleans")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | date):
        return str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_bytes(rows: Iterable[Sequence[Value]], *, bom: bool = True) -> bytes:
    """UTF-8 CSV; with a BOM by default, so Excel opens Thai text right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_field(value) for value in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def template_sheet(
    title: str,
    columns: Sequence[str],
    examples: Iterable[Sequence[Value]],
    widths: Sequence[int],
    *,
    text_columns: Sequence[str] = (),
    rows: int = 500,
) -> tuple[Workbook, Worksheet]:
    """An import template's first sheet: bold shaded headers, example rows, column widths, the
    header row frozen, and `text_columns` (letters) formatted as text so codes such as 180101
    stay text in Excel. The caller adds what its template has besides."""
    workbook = new_workbook(title=title, first_sheet=title)
    sheet = workbook[title]
    append(sheet, columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6F2EC")
    for row in examples:
        append(sheet, row)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in text_columns:
        for row_cells in sheet[f"{column}2:{column}{rows}"]:
            for cell in row_cells:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    return workbook, sheet
