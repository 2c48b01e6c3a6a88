"""Bulk results import for a round (issue 8 item 4): one row per KPI data item, XLSX or CSV,
validated as a whole — every bad row reported with its row number, nothing imported on error —
through the service and the page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from core.models import AuditEvent
from frameworks.models import ReportingRound
from reporting import services
from reporting.models import Submission
from reporting.results_io import cell_number, header_of
from reporting.services.imports import results_import
from reporting.tests.factories import make_framework, make_kpi, make_round

HEADERS = ["ตัวชี้วัดที่", "รหัสรายการข้อมูล", "ค่า", "รุ่นรายงาน (ห้ามแก้ไข)"]


@dataclass
class Round:
    round: ReportingRound
    formula: Submission  # KPI 1: (a / b) * 100, EIA division
    direct: Submission  # KPI 2: result typed, EIA division
    other: Submission  # KPI 3: the quality division's (the owner does not report it)


@pytest.fixture
def world(org, coordinator, owner) -> Round:
    framework = make_framework(org.department)
    make_kpi(framework, "1", unit=org.eia)
    make_kpi(framework, "2", unit=org.eia, formula="")
    make_kpi(framework, "3", unit=org.quality)
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    by_number = {s.kpi.number: s for s in Submission.objects.filter(round=round_)}
    return Round(round_, by_number["1"], by_number["2"], by_number["3"])


def xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(text: str, encoding: str = "utf-8-sig") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def test_a_good_file_fills_in_every_report_and_computes_results(world, owner):
    file = xlsx([["1", "a", 45, None], ["1", "b", "50", None], ["2", None, "๘๕.๕", None]])

    outcome = results_import(owner, world.round, file, filename="ผล.xlsx")

    assert outcome.ok and outcome.rows == 3
    formula = Submission.objects.get(pk=world.formula.pk)
    assert formula.values == {"a": "45", "b": "50"}
    assert formula.result == Decimal("90.0000")  # 45 / 50 × 100, computed by the service
    assert formula.self_score == Decimal("75.0000")
    assert formula.state == Submission.State.DRAFT and formula.version == 1
    direct = Submission.objects.get(pk=world.direct.pk)
    assert direct.result == Decimal("85.5000")  # Thai digits read
    event = AuditEvent.objects.get(action="reporting.results.imported")
    assert event.data["kpis"] == ["1", "2"]
    assert AuditEvent.objects.filter(action="reporting.submission.saved").count() == 2


def test_every_bad_row_is_reported_and_nothing_is_imported(world, owner):
    file = xlsx(
        [
            ["1", "a", 45, None],  # fine, but the file has errors: not imported
            ["9", "a", 1, None],  # no KPI 9
            ["1", "z", 1, None],  # no data item z
            ["1", "b", "ห้าสิบ", None],  # not a number
            ["1", "a", 46, None],  # duplicate of row 2
            ["3", "a", 10, None],  # the quality division's KPI
            ["1", None, 90, None],  # KPI 1 computes its result: the item is required
            [None, "a", 1, None],  # no KPI number
        ]
    )

    outcome = results_import(owner, world.round, file)

    assert not outcome.ok
    found = [(p.row, p.column) for p in outcome.problems]
    assert found == [
        (3, "ตัวชี้วัดที่"),
        (4, "รหัสรายการข้อมูล"),
        (5, "ค่า"),
        (6, "รหัสรายการข้อมูล"),
        (7, "ตัวชี้วัดที่"),
        (8, "รหัสรายการข้อมูล"),
        (9, "ตัวชี้วัดที่"),
    ]
    messages = [p.message for p in outcome.problems]
    assert "ไม่พบตัวชี้วัดที่ “9” ในรอบการรายงานนี้" in messages[0]
    assert "(มี: a, b)" in messages[1]
    assert messages[2] == "“ห้าสิบ” ไม่ใช่ตัวเลข"
    assert "ซ้ำกับแถวที่ 2" in messages[3]
    assert "ผู้รับผิดชอบ" in messages[4]
    assert Submission.objects.get(pk=world.formula.pk).values == {}
    assert not AuditEvent.objects.filter(action__startswith="reporting.results").exists()


def test_a_stale_version_is_refused_and_marked_stale(world, owner):
    file = xlsx([["1", "a", 45, 0], ["1", "b", 50, 0]])
    results_import(owner, world.round, xlsx([["1", "a", 1, 0]]))  # someone saved since

    outcome = results_import(owner, world.round, file)

    assert outcome.stale and not outcome.ok
    assert {p.column for p in outcome.problems} == {"รุ่นรายงาน (ห้ามแก้ไข)"}
    assert Submission.objects.get(pk=world.formula.pk).values == {"a": "1"}


def test_dry_run_checks_everything_and_saves_nothing(world, owner):
    outcome = results_import(
        owner, world.round, xlsx([["1", "a", 45, None], ["1", "b", 50, None]]), dry_run=True
    )

    assert outcome.ok and outcome.dry_run and len(outcome.changed) == 1
    assert Submission.objects.get(pk=world.formula.pk).version == 0
    assert (
        not AuditEvent.objects.filter(action__startswith="reporting.")
        .exclude(action__startswith="reporting.round")
        .exists()
    )


def test_unchanged_rows_of_locked_or_others_reports_are_skipped(world, owner, coordinator):
    results_import(owner, world.round, xlsx([["1", "a", 45, None], ["1", "b", 50, None]]))
    services.submission_submit(owner, Submission.objects.get(pk=world.formula.pk))

    # The same values again (the report is submitted now) and an empty row of KPI 3.
    outcome = results_import(
        owner, world.round, xlsx([["1", "a", 45, None], ["1", "b", 50, None], ["3", "a", None]])
    )
    assert outcome.ok and outcome.unchanged == 3 and outcome.changed == []

    outcome = results_import(owner, world.round, xlsx([["1", "a", 46, None]]))
    assert [p.message for p in outcome.problems] == [
        "ตัวชี้วัดที่ 1: รายงานนี้อยู่ในสถานะ “ส่งแล้ว รอผู้กำกับดูแลเห็นชอบ” จึงแก้ไขไม่ได้"
    ]


def test_a_person_who_reports_nothing_in_the_round_is_refused(world, coordinator):
    with pytest.raises(PermissionDenied):
        results_import(coordinator, world.round, xlsx([["1", "a", 45, None]]))


def test_an_empty_cell_clears_a_value(world, owner):
    results_import(owner, world.round, xlsx([["1", "a", 45, None], ["1", "b", 50, None]]))

    outcome = results_import(owner, world.round, xlsx([["1", "b", None, 1]]))

    assert outcome.ok
    saved = Submission.objects.get(pk=world.formula.pk)
    assert saved.values == {"a": "45"} and saved.result is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp874"])
def test_csv_in_the_encodings_thai_excel_saves(world, owner, encoding):
    text = 'ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\r\n1,a,"1,200"\r\n1,b,1500\r\n'

    outcome = results_import(owner, world.round, csv_file(text, encoding), filename="r.csv")

    assert outcome.ok, outcome.problems
    assert Submission.objects.get(pk=world.formula.pk).result == Decimal("80.0000")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", b"", "ไฟล์ว่างเปล่า"),
        ("x.csv", b"kpi,value\r\n", "ไม่พบข้อมูลในไฟล์ (มีแต่แถวหัวตาราง)"),
        ("x.xlsx", b"PK\x03\x04 broken", "เปิดไฟล์ไม่ได้"),
        ("x.csv", "ชื่อ,ค่า\r\nก,1\r\n".encode(), "ไม่พบคอลัมน์ “ตัวชี้วัดที่”"),
        ("x.csv", b"\xff\xfe\x00k\x00p", "ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(world, owner, name, content, message):
    outcome = results_import(owner, world.round, io.BytesIO(content), filename=name)

    assert not outcome.ok
    assert message in outcome.problems[0].message


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9
    )
)
def test_a_number_reads_back_exactly_whatever_its_form(value):
    text = f"{value:,f}"
    assert cell_number(text) == value
    assert cell_number(float(value)) == Decimal(repr(float(value)))
    assert cell_number(str(value).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))) == value


# The download and the page ------------------------------------------------------------------


def test_the_downloaded_file_imports_back_after_filling_in(world, owner, client):
    client.force_login(owner)
    response = client.get(reverse("reporting:results_file", args=[world.round.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == header_of("kpi")
    # KPI 1: items a and b; KPI 2: its typed result; KPI 3 is not the owner's to see.
    assert [(r[0], r[2]) for r in rows[1:]] == [("1", "a"), ("1", "b"), ("2", None)]
    for index, value in ((2, 45), (3, 50), (4, 70)):
        sheet.cell(index, 6, value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload = SimpleUploadedFile("ผล.xlsx", buffer.getvalue())
    page = reverse("reporting:results_import", args=[world.round.pk])
    response = client.post(page, {"file": upload})

    assert response.status_code == 302
    assert Submission.objects.get(pk=world.formula.pk).result == Decimal("90.0000")
    assert Submission.objects.get(pk=world.direct.pk).result == Decimal("70.0000")


def test_the_page_lists_every_problem_and_keeps_nothing(world, owner, client):
    client.force_login(owner)
    upload = SimpleUploadedFile("r.csv", "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n9,a,1\n1,a,x\n".encode())

    response = client.post(
        reverse("reporting:results_import", args=[world.round.pk]), {"file": upload}
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "พบข้อผิดพลาด 2 รายการ" in body
    assert "ไม่พบตัวชี้วัดที่ “9”" in body and "“x” ไม่ใช่ตัวเลข" in body
    assert Submission.objects.get(pk=world.formula.pk).version == 0


def test_the_page_dry_run_summarises_without_saving(world, owner, client):
    client.force_login(owner)
    upload = SimpleUploadedFile("r.csv", "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n2,,88\n".encode())

    response = client.post(
        reverse("reporting:results_import", args=[world.round.pk]),
        {"file": upload, "dry_run": "on"},
    )

    assert response.status_code == 200
    assert "ตรวจแล้ว ไม่พบข้อผิดพลาด" in response.content.decode()
    assert Submission.objects.get(pk=world.direct.pk).result is None


def test_the_coordinator_downloads_everything_but_cannot_import(world, coordinator, client):
    client.force_login(coordinator)
    page = reverse("reporting:results_import", args=[world.round.pk])

    assert "คุณไม่มีรายงานที่แก้ไขได้" in client.get(page).content.decode()
    upload = SimpleUploadedFile("r.csv", "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n2,,88\n".encode())
    assert client.post(page, {"file": upload}).status_code == 403
    csv_response = client.get(
        reverse("reporting:results_file", args=[world.round.pk]), {"format": "csv"}
    )
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ตัวชี้วัดที่,ชื่อตัวชี้วัด")
    assert len(text.splitlines()) == 1 + 5  # KPI 1 (a, b), KPI 2 (its result), KPI 3 (a, b)
