"""The KPI calculator (`POST /kpis/{id}/score`) and the agency what-if
(`POST /frameworks/{id}/totals`): the sheet and list pages' numbers, as JSON (domain §6)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.scoring import text4
from indicators.criteria import kpi_whatif


@pytest.fixture
def headers(executive, bearer):
    # A reader who works on the year's cycle: staff read the sheets only once the agreement is
    # published (issue 14 item 2), and the world's is not.
    return bearer(executive)


def post(url: str, body: dict[str, Any], headers: dict[str, Any]) -> Any:
    return Client().post(url, json.dumps(body), content_type="application/json", **headers)


def test_score_and_what_if_of_a_stored_kpi(world, headers):
    # complete_set: targets 80 / 90 / 100 → scores 50 / 70 / 100, higher is better.
    response = post(
        f"/api/v1/kpis/{world.kpi.pk}/score", {"result": "95", "want_score": "70"}, headers
    )

    assert response.status_code == 200
    assert response.json() == {
        "score": "85.0000",
        "level": "มาตรฐาน",
        "needed": "90.0000",
        "needed_text": "ผลการดำเนินงานต้องได้อย่างน้อย 90.00 ร้อยละ",
        "problem": "",
    }


def test_short_of_the_first_level_scores_zero_and_no_level(world, headers):
    body = post(f"/api/v1/kpis/{world.kpi.pk}/score", {"result": "79.99"}, headers).json()

    assert (body["score"], body["level"], body["needed"]) == ("0.0000", None, None)


@pytest.mark.parametrize("text", ["abc", "NaN", "1e400", "1,000,000,000,000,000"])
def test_a_result_that_is_not_a_number_in_range_is_422(world, headers, text):
    response = post(f"/api/v1/kpis/{world.kpi.pk}/score", {"result": text}, headers)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "result"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(result=st.decimals(min_value=-1000, max_value=1000, places=2))
def test_the_api_scores_exactly_like_the_sheet_page(world_for_hypothesis, result):
    kpi, headers = world_for_hypothesis

    body = post(f"/api/v1/kpis/{kpi.pk}/score", {"result": str(result)}, headers).json()

    assert body["score"] == text4(kpi_whatif(kpi, result).score)
    assert Decimal(0) <= Decimal(body["score"]) <= Decimal(100)


@pytest.fixture
def world_for_hypothesis(world, headers):
    return world.kpi, headers


def test_agency_totals_count_missing_scores_as_pending(world, headers):
    kpis = {k.number: k.pk for k in world.kpis}  # weights 40, 30 | 20, 10
    scores = {str(kpis["1"]): "100", str(kpis["2"]): "50", str(kpis["3"]): None}

    response = post(f"/api/v1/frameworks/{world.framework.pk}/totals", {"scores": scores}, headers)

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "55.0000"  # 40 + 15; KPIs 3 and 4 are pending, not zero
    assert body["pending"] == 2 and body["max_possible"] == "85.0000"
    assert [c["points"] for c in body["components"]] == ["55.0000", "0.0000"]
    assert body["level_code"] is not None
    needs = {n["min_total"]: n for n in body["needs"]}
    # 55 + 30 × x/100 ≥ 90 would need x > 100 %: unreachable; ≥ 75 needs x ≥ 66.67 %.
    assert needs["90.0000"]["needed"] is None and needs["90.0000"]["reached"] is False
    assert Decimal("66.66") < Decimal(needs["75.0000"]["needed"]) <= Decimal("66.67")


def test_agency_totals_with_every_score_reach_a_level(world, headers):
    scores = {str(k.pk): "100" for k in world.kpis}

    body = post(
        f"/api/v1/frameworks/{world.framework.pk}/totals", {"scores": scores}, headers
    ).json()

    assert body["total"] == "100.0000" and body["pending"] == 0
    assert body["level_label"] == "ระดับคุณภาพ"


@pytest.mark.parametrize(
    ("key", "value"),
    [("999999", "50"), ("abc", "50"), (None, "150"), (None, "-1"), (None, "x")],
)
def test_unknown_kpis_and_scores_out_of_range_are_422_per_kpi(world, headers, key, value):
    key = key or str(world.kpi.pk)

    response = post(
        f"/api/v1/frameworks/{world.framework.pk}/totals", {"scores": {key: value}}, headers
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "scores", key]


def test_calculators_answer_404_for_hidden_objects(world, headers):
    assert post(f"/api/v1/kpis/{world.other_kpi.pk}/score", {}, headers).status_code == 404
    url = f"/api/v1/frameworks/{world.other_framework.pk}/totals"
    assert post(url, {"scores": {}}, headers).status_code == 404
