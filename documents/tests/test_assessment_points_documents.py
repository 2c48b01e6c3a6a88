"""The KPI sheet, the SAR and the e-SAR export show a KPI's assessment points in order, with
the round's result and unit per point (issue 17 items 2 and 8): read back from the files."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from documents.registry import render_document
from documents.tests.helpers import docx_text, squash
from indicators.models import AssessmentPoint
from reporting import services
from reporting.models import Submission
from reporting.services import PointResultInput, SubmissionInput
from reporting.tests.factories import make_framework, make_kpi, make_round

FIRST = "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ"
SECOND = "จำนวนเครือข่ายที่เข้าร่วม"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def accepted(org, owner, overseer, coordinator):
    framework = make_framework(org.department)
    kpi = make_kpi(
        framework, unit=org.eia, formula="", method="composite", targets=("0",), scores=("100",)
    )
    AssessmentPoint.objects.create(
        kpi=kpi,
        order=2,
        name_th=SECOND,
        unit="เครือข่าย",
        weight=D(40),
        criteria=[{"target": "10", "score": "50"}, {"target": "20", "score": "100"}],
    )
    AssessmentPoint.objects.create(
        kpi=kpi,
        order=1,
        name_th=FIRST,
        unit="ร้อยละ",
        weight=D(60),
        criteria=[{"target": "80", "score": "50"}, {"target": "100", "score": "100"}],
    )
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    sub = Submission.objects.get(round=round_)
    services.submission_save(
        owner,
        sub,
        SubmissionInput(
            points={
                1: PointResultInput(D(90), "พิจารณาแล้ว 90 ฉบับ"),
                2: PointResultInput(D(1500), "เครือข่ายทั่วประเทศ"),
            }
        ),
        expected_version=sub.version,
    )
    services.submission_submit(owner, sub)
    services.submission_approve(overseer, sub)
    services.submission_accept(coordinator, sub)
    return kpi, round_


def test_kpi_sheet_lists_the_points_in_order(accepted):
    kpi, _ = accepted
    text = squash(docx_text(render_document("kpi-sheet", kpi, "docx", thai_digits=False).content))
    assert "ประเด็นการประเมิน" in text
    assert text.index(squash(FIRST)) < text.index(squash(SECOND))
    assert squash("10 → 50; 20 → 100") in text


def test_sar_shows_each_point_with_its_result_and_unit(accepted):
    _, round_ = accepted
    text = squash(docx_text(render_document("sar", round_, "docx", thai_digits=False).content))
    # 90 → 75, 1,500 ≥ 20 → 100: (60 × 75 + 40 × 100) / 100 = 85.
    assert text.index(squash(f"1. {FIRST}")) < text.index(squash(f"2. {SECOND}"))
    assert squash("1,500") in text and squash("พิจารณาแล้ว 90 ฉบับ") in text
    assert squash("85.00") in text


def test_esar_export_has_the_point_rows_with_units(accepted):
    _, round_ = accepted
    book = load_workbook(
        io.BytesIO(render_document("esar", round_, "xlsx", thai_digits=False).content)
    )
    sheet = book.worksheets[1]
    cells = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert cells["ประเด็นการประเมิน | ผลการดำเนินงาน"] == (
        f"1. {FIRST} | 90.00 ร้อยละ\nพิจารณาแล้ว 90 ฉบับ\n"
        f"2. {SECOND} | 1,500.00 เครือข่าย\nเครือข่ายทั่วประเทศ"
    )
