"""The KPI workbook round-trips assessment points (issue 17 items 2 and 8) and reports bad
point rows with their sheet, row and column."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from indicators.excel import export_framework_kpis, import_framework_kpis, template_workbook
from indicators.excel_layout import ASSESSMENT_POINTS, KPIS
from indicators.models import AssessmentPoint, Kpi, TargetLevel
from indicators.tests.test_excel_factories import (
    fill,
    make_framework,
    make_world,
    sheet_values,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    world = make_world(org)
    eia = world.kpis["1"]
    AssessmentPoint.objects.create(kpi=eia, order=1, name_th="จำนวนรายงานที่รับ", unit="ฉบับ")
    AssessmentPoint.objects.create(kpi=eia, order=2, name_th="ร้อยละที่เสร็จในเวลา", unit="ร้อยละ")
    scored = Kpi.objects.create(
        framework=world.framework,
        component=world.performance,
        number="9",
        name_th="การพัฒนาเครือข่าย",
        weight=D(5),
        method="composite",
    )
    TargetLevel.objects.create(kpi=scored, order=1, target=D(0), score=D(100))
    AssessmentPoint.objects.create(
        kpi=scored,
        order=1,
        name_th="งบประมาณที่เบิกจ่าย",
        unit="บาท",
        weight=D("62.5"),
        criteria=[
            {"target": "2000000000", "score": "50"},
            {"target": "2500000000", "score": "100"},
        ],
    )
    AssessmentPoint.objects.create(
        kpi=scored,
        order=2,
        name_th="จำนวนเครือข่าย",
        unit="เครือข่าย",
        weight=D("37.5"),
        criteria=[{"target": "10", "score": "50"}, {"target": "20", "score": "100"}],
    )
    return world


def _points(framework):
    return {
        kpi.number: [
            (p.order, p.name_th, p.unit, p.weight, p.criteria) for p in kpi.assessment_points.all()
        ]
        for kpi in Kpi.objects.filter(framework=framework).prefetch_related("assessment_points")
    }


def test_points_round_trip_through_the_workbook(world, coordinator):
    before = _points(world.framework)
    first = export_framework_kpis(world.framework)
    rows = sheet_values(first)[ASSESSMENT_POINTS.title]
    assert rows[2:] == [
        ("1", 1, "จำนวนรายงานที่รับ", "ฉบับ", None, None),
        ("1", 2, "ร้อยละที่เสร็จในเวลา", "ร้อยละ", None, None),
        ("9", 1, "งบประมาณที่เบิกจ่าย", "บาท", 62.5, "2000000000=50; 2500000000=100"),
        ("9", 2, "จำนวนเครือข่าย", "เครือข่าย", 37.5, "10=50; 20=100"),
    ]
    Kpi.objects.filter(framework=world.framework).delete()

    result = import_framework_kpis(coordinator, world.framework, upload(first))

    assert result.ok, result.errors
    assert result.assessment_points == 4
    assert _points(world.framework) == before
    assert sheet_values(export_framework_kpis(world.framework)) == sheet_values(first)


def test_bad_point_rows_are_reported_with_row_numbers(org, coordinator):
    framework = make_framework(org.department)
    kpi = {"component": "performance", "name_th": "ตัวชี้วัด", "weight": 20, "method": "composite"}
    content = fill(
        template_workbook(framework),
        {
            KPIS.title: [{**kpi, "number": "1"}],
            "ระดับคะแนน": [{"kpi": "1", "order": 1, "target": 0, "score": 100}],
            ASSESSMENT_POINTS.title: [
                {"kpi": "1", "order": 1, "name_th": "ก", "weight": 50, "criteria": "10=50; 20=100"},
                {"kpi": "1", "order": 2, "name_th": "ข", "weight": 50, "criteria": "สิบ"},
                {"kpi": "1", "order": 3, "weight": 1, "criteria": "20=50; 10=100"},
                {"kpi": "7", "order": 1, "name_th": "ไม่มีเจ้าของ"},
            ],
        },
    )
    result = import_framework_kpis(coordinator, framework, upload(content))
    found = {(p.sheet, p.row, p.column) for p in result.errors}
    title = ASSESSMENT_POINTS.title
    assert (title, 4, "เกณฑ์การให้คะแนนของประเด็น") in found  # unreadable criteria
    assert (title, 5, "ประเด็นการประเมิน") in found  # no name
    assert (title, 5, "เกณฑ์การให้คะแนนของประเด็น") in found  # targets not ascending
    assert (title, 6, "ลำดับตัวชี้วัด") in found  # no such KPI
    assert not result.ok and not Kpi.objects.filter(framework=framework).exists()
