"""Reading an uploaded KPI workbook into rows of typed cells, with every problem located by
sheet, Excel row and column header (domain §10). No database access: indicators.excel_import
decides what the rows mean.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _

from core.decimals import SCORE_LIMIT, limit_problem, parse_decimal
from core.spreadsheets.read import Budget, SpreadsheetRefused, is_zip, open_xlsx, read_upload
from indicators.excel_layout import FIRST_DATA_ROW, KPIS, MAX_DATA_ROWS, SHEETS, SheetSpec

MAX_COLUMNS = 60


@dataclass(frozen=True)
class ImportProblem:
    sheet: str  # "" for the file as a whole
    row: int | None
    column: str
    message: str


class Problems:
    """Problems found so far. Ours come first; a service's message about a cell we already
    reported (e.g. "กรุณาระบุน้ำหนัก" after "ต้องเป็นตัวเลข") is dropped."""

    def __init__(self) -> None:
        self.items: list[ImportProblem] = []
        self.cells: set[tuple[str, int | None, str]] = set()

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, spec: SheetSpec | None, row: int | None, key: str, message: str) -> None:
        header = spec.column(key).header if spec is not None and key else ""
        problem = ImportProblem(spec.title if spec else "", row, header, message)
        if problem not in self.items:
            self.items.append(problem)
        self.cells.add((problem.sheet, row, header))

    def add_from_service(self, spec: SheetSpec, row: int, key: str, message: str) -> None:
        header = spec.column(key).header if key else ""
        if (spec.title, row, header) not in self.cells:
            problem = ImportProblem(spec.title, row, header, message)
            if problem not in self.items:
                self.items.append(problem)

    def suppress(self, spec: SheetSpec, row: int, key: str) -> None:
        self.cells.add((spec.title, row, spec.column(key).header))

    def sorted(self) -> list[ImportProblem]:
        order = {spec.title: i for i, spec in enumerate(SHEETS)}
        columns = {
            (spec.title, column.header): i
            for spec in SHEETS
            for i, column in enumerate(spec.columns)
        }
        return sorted(
            self.items,
            key=lambda p: (
                order.get(p.sheet, -1),
                p.row or 0,
                columns.get((p.sheet, p.column), -1),
            ),
        )


# Reading the file --------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # the Excel row number, as the user sees it
    values: dict[str, object]


def read_workbook(file: IO[bytes], problems: Problems) -> dict[str, list[Row]] | None:
    """The rows of each sheet the layout knows, read within core.spreadsheets.read's limits;
    None when the file is refused or has problems (they are in `problems`)."""
    budget = Budget(max_rows=FIRST_DATA_ROW + MAX_DATA_ROWS, max_columns=MAX_COLUMNS)
    tables: dict[str, list[Row]] = {}
    try:
        data = read_upload(file)
        if not is_zip(data):
            raise SpreadsheetRefused(
                _("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาดาวน์โหลดแม่แบบแล้วกรอกข้อมูลลงในแม่แบบ")
            )
        with open_xlsx(data, budget) as workbook:
            for spec in SHEETS:
                if spec.title not in workbook.sheetnames:
                    if spec is KPIS:
                        problems.add(
                            None, None, "", _("ไม่พบแผ่นงาน “%(sheet)s”") % {"sheet": spec.title}
                        )
                    tables[spec.key] = []
                    continue
                tables[spec.key] = _read_sheet(list(workbook.rows(spec.title)), spec, problems)
    except SpreadsheetRefused as refused:
        problems.add(None, None, "", refused.message)
        return None
    if not problems and not tables[KPIS.key]:
        problems.add(KPIS, None, "", _("ไม่พบข้อมูลตัวชี้วัดในแผ่นงาน “%(sheet)s”") % {"sheet": KPIS.title})
    return None if problems else tables


def _normal(text: object) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def _read_sheet(rows: list[tuple[Any, ...]], spec: SheetSpec, problems: Problems) -> list[Row]:
    last = FIRST_DATA_ROW + MAX_DATA_ROWS
    keys = {column.key for column in spec.columns}
    key_row = rows[1] if len(rows) > 1 else ()
    mapping = {i: _normal(v) for i, v in enumerate(key_row) if _normal(v) in keys}
    first = 2
    if not mapping:  # no machine-key row: find the columns by their Thai headers
        headers = {_normal(column.header): column.key for column in spec.columns}
        header_row = rows[0] if rows else ()
        mapping = {
            i: headers[_normal(v)] for i, v in enumerate(header_row) if _normal(v) in headers
        }
        first = 1
    missing = [c for c in spec.columns if c.required and c.key not in mapping.values()]
    for column in missing:
        problems.add(spec, 1, column.key, _("ไม่พบคอลัมน์ “%(column)s”") % {"column": column.header})
    if missing:
        return []
    result: list[Row] = []
    for index, values in enumerate(rows[first:], first + 1):
        row = {key: values[i] for i, key in mapping.items() if i < len(values)}
        if all(_normal(value) == "" for value in row.values()):
            continue
        if index >= last:
            problems.add(spec, index, "", _("ข้อมูลเกิน %(max)s แถวต่อแผ่นงาน") % {"max": MAX_DATA_ROWS})
            break
        result.append(Row(index, row))
    return result


# Cells -------------------------------------------------------------------------------------


@dataclass
class Cells:
    """Typed values of one row's cells; problems are reported against the cell."""

    spec: SheetSpec
    row: Row
    problems: Problems
    failed: set[str] = field(default_factory=set)

    def fail(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.problems.add(self.spec, self.row.number, key, message)

    def text(self, key: str) -> str:
        value = self.row.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def decimal(self, key: str, limit: Decimal = SCORE_LIMIT) -> Decimal | None:
        """The number of a cell; None for an empty cell or a reported problem. `limit` is
        SCORE_LIMIT for weights and scores, QUANTITY_LIMIT for targets and baselines."""
        value = self.row.values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number: Decimal | None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))  # the shortest text that reads back as the same float
        else:
            number = parse_decimal(str(value))
        problem = _("ต้องเป็นตัวเลข") if number is None else limit_problem(number, limit)
        if problem is not None:
            self.fail(key, problem)
            return None
        return number

    def integer(self, key: str) -> int | None:
        number = self.decimal(key)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.fail(key, _("ต้องเป็นจำนวนเต็ม"))
            return None
        return int(number)

    def choice(self, key: str, choices: dict[str, set[str]]) -> str | None:
        """The stored code of a choice written as one of its labels or its code; None when
        the cell is empty or the value is not a choice (reported)."""
        text = self.text(key)
        if not text:
            return None
        for code, labels in choices.items():
            if text.casefold() in {code.casefold(), *(label.casefold() for label in labels)}:
                return code
        self.fail(
            key,
            _("“%(value)s” ไม่อยู่ในรายการ เลือกได้: %(choices)s")
            % {
                "value": text,
                "choices": ", ".join(sorted(min(labels) for labels in choices.values())),
            },
        )
        return None


def accepted(labels: Callable[[], dict[str, str]]) -> dict[str, set[str]]:
    """Each code with its label in the page's language and in Thai, the workbook's language."""
    current = labels()
    with translation.override("th"):
        thai = labels()
    return {code: {label, thai[code]} for code, label in current.items()}
