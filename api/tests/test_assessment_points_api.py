"""The KPI API exposes `assessment_points` in order (issue 17 items 2 and 8)."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client


def test_kpi_detail_lists_assessment_points_in_order(world, coordinator, bearer):
    world.kpi.assessment_points.create(order=2, name_th="จำนวนเครือข่าย", unit="เครือข่าย")
    world.kpi.assessment_points.create(
        order=1, name_th="ร้อยละของรายงานที่เสร็จ", unit="ร้อยละ", weight=Decimal("60.5")
    )
    response = Client().get(f"/api/v1/kpis/{world.kpi.pk}", **bearer(coordinator))
    assert response.status_code == 200
    assert response.json()["assessment_points"] == [
        {"order": 1, "name": "ร้อยละของรายงานที่เสร็จ", "unit": "ร้อยละ", "weight": "60.5000"},
        {"order": 2, "name": "จำนวนเครือข่าย", "unit": "เครือข่าย", "weight": None},
    ]


def test_kpi_without_points_has_an_empty_list(world, coordinator, bearer):
    response = Client().get(f"/api/v1/kpis/{world.kpi.pk}", **bearer(coordinator))
    assert response.json()["assessment_points"] == []


def test_submission_detail_lists_the_point_results(world, coordinator, bearer):
    from reporting.models import Submission

    submission = Submission.objects.filter(round=world.round).order_by("pk")[0]
    submission.kpi.assessment_points.create(order=1, name_th="ประเด็นแรก", unit="ครั้ง")
    Submission.objects.filter(pk=submission.pk).update(
        point_results={"1": {"result": "1234567.5", "narrative": "จัดประชุม"}}
    )
    response = Client().get(f"/api/v1/submissions/{submission.pk}", **bearer(coordinator))
    assert response.status_code == 200
    assert response.json()["assessment_points"] == [
        {
            "order": 1,
            "name": "ประเด็นแรก",
            "unit": "ครั้ง",
            "weight": None,
            "result": "1234567.5",
            "narrative": "จัดประชุม",
        }
    ]
