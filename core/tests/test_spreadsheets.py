"""The one spreadsheet writer and the one bounded reader (issue 14 items 3 and 4)."""

from __future__ import annotations

import ast
import csv
import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from core.spreadsheets import write
from core.spreadsheets.read import Budget, SpreadsheetRefused, csv_rows, open_xlsx, read_upload
from core.spreadsheets.write import Formula, append, csv_bytes, new_workbook, put, xlsx_bytes
from core.tests import hostile_files

HOSTILE_TEXT = [
    '=HYPERLINK("http://evil.example/","คลิก")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]
ROOT = Path(__file__).resolve().parents[2]


def _read_back(content: bytes):
    return load_workbook(io.BytesIO(content))["S"]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_user_text_is_written_as_a_text_cell_never_a_formula(text):
    workbook = new_workbook(first_sheet="S")
    put(workbook["S"], 1, 1, text)
    append(workbook["S"], [text, Decimal("-1.5")])

    sheet = _read_back(xlsx_bytes(workbook))

    for cell in (sheet["A1"], sheet["A2"]):
        assert cell.data_type == "s" and cell.value == text
    assert sheet["B2"].data_type == "n" and sheet["B2"].value == -1.5


def test_a_cell_set_directly_is_made_text_when_the_workbook_is_saved():
    workbook = new_workbook(first_sheet="S")
    workbook["S"]["A1"] = "=1+1"  # not through put(): the save still refuses the formula

    cell = _read_back(xlsx_bytes(workbook))["A1"]

    assert cell.data_type == "s" and cell.value == "=1+1"


def test_only_an_explicit_formula_is_a_formula():
    workbook = new_workbook(first_sheet="S")
    put(workbook["S"], 1, 1, Decimal(2))
    put(workbook["S"], 2, 1, Formula("=A1*2"))

    sheet = _read_back(xlsx_bytes(workbook))

    assert sheet["A2"].data_type == "f" and sheet["A2"].value == "=A1*2"
    with pytest.raises(ValueError):
        Formula("A1*2")


def test_characters_excel_cannot_store_are_dropped_instead_of_failing_the_export():
    workbook = new_workbook(first_sheet="S")
    put(workbook["S"], 1, 1, "ก\x0bข\x00ค\tง")

    assert _read_back(xlsx_bytes(workbook))["A1"].value == "กขค\tง"


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_csv_quotes_text_excel_could_evaluate_and_keeps_numbers(text):
    content = csv_bytes([[text, Decimal("-1.50"), 3, None, "ปกติ"]])

    row = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))

    expected = "'" + text if text[0] in "=+-@\t\r" else text
    assert row == [expected, "-1.50", "3", "", "ปกติ"]


def test_csv_written_by_the_writer_reads_back_as_written():
    content = csv_bytes([["kpi", "value"], ["=1+1", Decimal("-2")]])

    assert csv_rows(content, Budget(10, 10)) == [["kpi", "value"], ["=1+1", "-2"]]


def _calls(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in (
            "openpyxl",
            "openpyxl.reader.excel",
        ):
            found |= {
                f"openpyxl.{a.name}" for a in node.names if a.name in ("Workbook", "load_workbook")
            }
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            if "zipfile" in names:
                found.add("zipfile")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "csv" and node.attr in (
                "writer",
                "reader",
                "DictWriter",
                "DictReader",
            ):
                found.add(f"csv.{node.attr}")
            if node.value.id == "openpyxl" and node.attr in ("Workbook", "load_workbook"):
                found.add(f"openpyxl.{node.attr}")
    return found


def test_no_module_writes_or_reads_spreadsheets_or_zip_files_but_the_one_writer_and_reader():
    allowed = {
        "core/spreadsheets/write.py": {"openpyxl.Workbook", "csv.writer"},
        "core/spreadsheets/read.py": {"openpyxl.load_workbook", "csv.reader", "zipfile"},
        "core/uploads.py": {"zipfile"},  # the upload validator reads the OOXML directory
        "core/backup.py": {"zipfile"},  # the backup archive, not user input
        "indicators/excel_export.py": {"openpyxl.Workbook"},  # the type in an annotation
    }
    offenders = {}
    apps = [
        d
        for d in ROOT.iterdir()
        if d.is_dir() and not d.is_symlink() and (d / "__init__.py").exists()
    ]
    assert {"core", "documents", "reporting", "api"} <= {app.name for app in apps}
    for path in (path for app in apps for path in app.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        used = _calls(ast.parse(path.read_text(encoding="utf-8"))) - allowed.get(relative, set())
        if used:
            offenders[relative] = sorted(used)
    assert offenders == {}


def test_the_scan_finds_a_direct_use():
    tree = ast.parse("import csv\nfrom openpyxl import Workbook\nw = csv.writer(x)\n")
    assert _calls(tree) == {"openpyxl.Workbook", "csv.writer"}


# Reading -----------------------------------------------------------------------------------

BUDGET = Budget(max_rows=5002, max_columns=40)


@pytest.mark.parametrize("name", hostile_files.HOSTILE_XLSX)
def test_a_hostile_workbook_is_refused_before_openpyxl_parses_a_sheet(name, monkeypatch):
    content = hostile_files.HOSTILE_XLSX[name]("Sheet")

    def parsed(*args, **kwargs):
        raise AssertionError("a sheet was parsed")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", parsed)
    started = time.perf_counter()
    with pytest.raises(SpreadsheetRefused) as refused, open_xlsx(content, BUDGET) as workbook:
        list(workbook.rows())
    assert time.perf_counter() - started < 2
    assert "ไฟล์" in refused.value.message or "แผ่นงาน" in refused.value.message


def test_the_cell_budget_stops_counting_at_the_first_cell_over_it(monkeypatch):
    content = hostile_files.many_cells_stored(300_000)  # 4.5 MB, not compressed
    chunks: list[int] = []
    real_open = zipfile.ZipFile.open

    def tracked(self, name, *args, **kwargs):
        part = real_open(self, name, *args, **kwargs)
        read_chunk = part.read

        def chunked(n=-1):
            data = read_chunk(n)
            chunks.append(len(data))
            return data

        part.read = chunked  # type: ignore[method-assign]
        return part

    monkeypatch.setattr(zipfile.ZipFile, "open", tracked)
    budget = Budget(5002, 40, max_cells=1000)
    with (
        pytest.raises(SpreadsheetRefused, match="มีข้อมูลมากเกินกำหนด"),
        open_xlsx(content, budget) as workbook,
    ):
        list(workbook.rows())
    assert sum(chunks) < len(content) / 4  # stopped within the first chunks, not at the end


def test_a_workbook_within_the_budget_is_read_row_by_row_within_the_window():
    workbook = new_workbook(first_sheet="S")
    for row in range(1, 30):
        append(workbook["S"], [f"r{row}", *range(50)])

    with open_xlsx(xlsx_bytes(workbook), Budget(max_rows=10, max_columns=3)) as opened:
        rows = list(opened.rows("S"))

    assert len(rows) == 10 and rows[0] == ("r1", 0, 1)


def test_an_upload_over_the_limit_is_refused_from_its_declared_size_before_it_is_read():
    class Upload(io.BytesIO):
        size = 10_000

        def read(self, *args):
            raise AssertionError("the body was read")

    with pytest.raises(SpreadsheetRefused, match="ไฟล์ใหญ่เกินกำหนด"):
        read_upload(Upload(b""), limit=1000)


def test_a_csv_line_over_the_limit_stops_the_reading_at_that_line():
    content = b"kpi,value\n1,2\n3," + b"9" * 2_000_000 + b"\n4,5\n"

    started = time.perf_counter()
    with pytest.raises(SpreadsheetRefused, match="บรรทัดที่ 3 ของไฟล์ยาวเกินกำหนด"):
        csv_rows(content, Budget(max_rows=100, max_columns=10))
    assert time.perf_counter() - started < 2


def test_csv_rows_stop_at_the_row_budget():
    content = b"a,b\n" + b"1,2\n" * 100_000

    assert len(csv_rows(content, Budget(max_rows=10, max_columns=10))) == 10


def test_writer_constants_are_the_content_types_of_the_files():
    assert write.XLSX_TYPE.endswith("spreadsheetml.sheet") and write.CSV_TYPE.startswith("text/csv")
