"""The KPI workbook carries per-round rules (issue 17 items 3 and 8): the round sheet's columns
ประเมินในรอบนี้ / น้ำหนักในรอบนี้ / เหตุผล / เลขที่การขอปรับ round-trip, and bad rows are reported
with their row numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.excel import export_framework_kpis, import_framework_kpis, template_workbook
from indicators.excel_layout import KPIS, LEVELS, ROUND_EXPECTATIONS
from indicators.models import Kpi, RoundExpectation
from indicators.tests.test_excel_factories import (
    fill,
    make_framework,
    make_world,
    sheet_values,
    upload,
)

pytestmark = pytest.mark.django_db


def test_round_rules_round_trip(org, coordinator):
    world = make_world(org)
    six, twelve = world.rounds
    days = world.kpis["2"]
    RoundExpectation.objects.create(
        kpi=days, round=six, in_force=False, reason="เริ่มประเมินรอบ 12 เดือน"
    )
    RoundExpectation.objects.create(
        kpi=days, round=twelve, expectation="ผลทั้งปี", weight=Decimal("15.5"), reason="ตามมติ"
    )
    first = export_framework_kpis(world.framework)
    rows = sheet_values(first)[ROUND_EXPECTATIONS.title]
    assert ("2", 1, "รอบ 6 เดือน", None, "ไม่ใช่", None, "เริ่มประเมินรอบ 12 เดือน", None) in rows
    Kpi.objects.filter(framework=world.framework).delete()

    result = import_framework_kpis(coordinator, world.framework, upload(first))

    assert result.ok, result.errors
    days = Kpi.objects.get(framework=world.framework, number="2")
    rules = {
        r.round.order: (r.in_force, r.weight, r.reason, r.expectation)
        for r in days.round_expectations.select_related("round")
    }
    assert rules == {
        1: (False, None, "เริ่มประเมินรอบ 12 เดือน", ""),
        2: (True, Decimal("15.5"), "ตามมติ", "ผลทั้งปี"),
    }
    assert sheet_values(export_framework_kpis(world.framework)) == sheet_values(first)


def test_bad_round_rules_are_reported_with_their_rows(org, coordinator):
    framework = make_framework(org.department)
    content = fill(
        template_workbook(framework),
        {
            KPIS.title: [
                {
                    "component": "performance",
                    "number": "1",
                    "name_th": "ร้อยละงานเสร็จ",
                    "weight": 60,
                    "method": "pass_fail",
                },
            ],
            LEVELS.title: [{"kpi": "1", "order": 1, "target": 1, "score": 100}],
            ROUND_EXPECTATIONS.title: [
                {"kpi": "1", "round": 1, "in_force": "บางที", "reason": "x"},
                {"kpi": "1", "round": 2, "in_force": "ไม่ใช่", "weight": 10, "amendment": 999},
            ],
        },
    )

    result = import_framework_kpis(coordinator, framework, upload(content))

    assert not result.ok
    found = {(p.sheet, p.row, p.message) for p in result.errors}
    title = ROUND_EXPECTATIONS.title
    assert (title, 3, "ต้องเป็น ใช่ หรือ ไม่ใช่") in found
    assert (title, 4, "ไม่พบการขอปรับตัวชี้วัดเลขที่ 999 ที่สำนักงาน ก.พ.ร. อนุมัติแล้ว") in found
    assert not Kpi.objects.filter(framework=framework).exists()
