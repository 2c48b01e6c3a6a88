"""The results file carries assessment points (issue 17 item 2): a row per point with its
result and narrative, exported with what is stored, imported all or nothing with every bad row
reported by its number."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from reporting.models import Submission
from reporting.results_io import xlsx_bytes
from reporting.services.imports import file_submissions, results_import, template_lines
from reporting.tests import test_assessment_points
from reporting.tests.test_results_import import xlsx as results_xlsx

pytestmark = pytest.mark.django_db
HEADERS = ["ตัวชี้วัดที่", "รหัสรายการข้อมูล", "ประเด็นการประเมินที่", "ค่า", "คำอธิบายผลรายประเด็น"]


# The report of a composite KPI with two weighted points (60 and 40), its round open.
submission = test_assessment_points.submission


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    return results_xlsx(rows, headers)


def test_a_file_with_point_rows_records_each_points_result(submission, owner):
    file = xlsx([["1", None, 1, 90, "พิจารณาแล้ว 90 ฉบับ"], ["1", None, "2", "2,500,000", ""]])

    outcome = results_import(owner, submission.round, file, filename="ผล.xlsx")

    assert outcome.ok, outcome.problems
    saved = Submission.objects.get(pk=submission.pk)
    assert saved.point_results == {
        "1": {"result": "90", "narrative": "พิจารณาแล้ว 90 ฉบับ"},
        "2": {"result": "2500000"},
    }
    # Point 1: 90 → 75; point 2 beyond its top level (20) → 100: (60 × 75 + 40 × 100) / 100.
    assert saved.result == D("85.0000")


def test_bad_point_rows_are_reported_by_row_and_nothing_is_saved(submission, owner):
    file = xlsx(
        [
            ["1", None, 1, 90, "ดี"],  # fine, but the file has errors
            ["1", None, 7, 1, ""],  # no point 7
            ["1", "a", 2, 1, ""],  # a point row names no data item
            ["1", None, 2, "1E16", ""],  # beyond 10^15
            ["1", None, 1, 91, ""],  # point 1 again
            ["1", None, 2, 5, "ก" * 1001],  # narrative too long
        ]
    )

    outcome = results_import(owner, submission.round, file)

    assert not outcome.ok
    assert [(p.row, p.column) for p in outcome.problems] == [
        (3, "ประเด็นการประเมินที่"),
        (4, "รหัสรายการข้อมูล"),
        (5, "ค่า"),
        (6, "ประเด็นการประเมินที่"),
        (7, "คำอธิบายผลรายประเด็น"),
    ]
    assert "ไม่มีประเด็นการประเมินที่ “7” (มี: 1, 2)" in outcome.problems[0].message
    assert Submission.objects.get(pk=submission.pk).point_results == {}


def test_the_downloaded_file_lists_the_points_and_imports_back_unchanged(submission, owner):
    results_import(owner, submission.round, xlsx([["1", None, 1, 90, "ดี"]]))
    rows = file_submissions(owner, submission.round)
    content = xlsx_bytes(template_lines(rows), title="ผล")

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = table[0]
    point, value, narrative = (
        header.index("ประเด็นการประเมินที่"),
        header.index("ค่า"),
        header.index("คำอธิบายผลรายประเด็น"),
    )
    assert [(r[point], r[value], r[narrative]) for r in table[1:]] == [
        (1, 90, "ดี"),
        (2, None, None),
    ]
    again = results_import(owner, submission.round, io.BytesIO(content), filename="ผล.xlsx")
    assert again.ok and again.changed == [] and again.unchanged == 2
