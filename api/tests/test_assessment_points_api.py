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


def _patch(submission, body, headers):
    import json

    return Client().patch(
        f"/api/v1/submissions/{submission.pk}",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def _with_points(world):
    submission = world.submission
    submission.kpi.assessment_points.create(order=1, name_th="ประเด็นแรก", unit="ครั้ง")
    submission.kpi.assessment_points.create(order=2, name_th="ประเด็นที่สอง", unit="แห่ง")
    submission.refresh_from_db()
    return submission


def test_a_report_write_records_point_results(world, owner, bearer):
    from api.models import ApiToken

    submission = _with_points(world)
    headers = bearer(owner, ApiToken.Scope.READ_WRITE)
    body = {
        "version": submission.version,
        "point_results": [
            {"order": 2, "result": "2500000000.25", "narrative": "เครือข่ายใหม่"},
            {"order": 1, "result": "12"},
        ],
    }
    response = _patch(submission, body, headers)

    assert response.status_code == 200, response.content
    rows = response.json()["assessment_points"]
    assert [(row["order"], row["result"], row["narrative"]) for row in rows] == [
        (1, "12", ""),
        (2, "2500000000.25", "เครือข่ายใหม่"),
    ]
    submission.refresh_from_db()
    assert submission.point_results == {
        "1": {"result": "12"},
        "2": {"result": "2500000000.25", "narrative": "เครือข่ายใหม่"},
    }
    # A later write of one point keeps the other, and a narrative left out stays.
    again = _patch(
        submission,
        {"version": submission.version, "point_results": [{"order": 2, "result": "3"}]},
        headers,
    )
    assert again.status_code == 200, again.content
    submission.refresh_from_db()
    assert submission.point_results["1"] == {"result": "12"}
    assert submission.point_results["2"] == {"result": "3", "narrative": "เครือข่ายใหม่"}


def test_an_unknown_point_or_a_huge_result_is_refused_and_nothing_saved(world, owner, bearer):
    from api.models import ApiToken

    submission = _with_points(world)
    headers = bearer(owner, ApiToken.Scope.READ_WRITE)
    version = submission.version
    unknown = _patch(
        submission,
        {
            "version": version,
            "point_results": [{"order": 1, "result": "5"}, {"order": 7, "result": "1"}],
        },
        headers,
    )

    assert unknown.status_code == 422, unknown.content
    detail = unknown.json()["detail"]
    assert detail[0]["loc"] == ["body", "payload", "point_results", 1, "order"]
    assert "ไม่มีประเด็นการประเมินลำดับที่ 7" in detail[0]["msg"]

    huge = _patch(
        submission,
        {"version": version, "point_results": [{"order": 2, "result": "10000000000000000"}]},
        headers,
    )
    assert huge.status_code == 422, huge.content
    assert huge.json()["detail"][0]["loc"][:4] == ["body", "payload", "point_results", 0]

    submission.refresh_from_db()
    assert submission.version == version and submission.point_results == {}
