"""The KPI API's `rounds` (issue 17 item 3 and 8): per round of the framework, whether the KPI
is evaluated there and the weight it carries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import RoundExpectation


@pytest.fixture
def headers(coordinator, bearer):
    return bearer(coordinator)


def test_kpi_detail_lists_each_rounds_rule(world, headers):
    kpi = world.kpi
    rounds = sorted(world.framework.rounds.all(), key=lambda r: r.order)
    RoundExpectation.objects.create(
        kpi=kpi, round=rounds[0], weight=Decimal("12.5"), reason="ครึ่งปีแรก"
    )
    RoundExpectation.objects.create(
        kpi=kpi, round=rounds[-1], in_force=False, reason="ยกเลิกโครงการ"
    )
    response = Client().get(f"/api/v1/kpis/{kpi.pk}", **headers)
    assert response.status_code == 200, response.content
    got = response.json()["rounds"]
    assert [r["round"] for r in got] == [r.pk for r in rounds]
    assert got[0] == {
        "round": rounds[0].pk,
        "round_name_th": rounds[0].name_th,
        "months": rounds[0].months,
        "in_force": True,
        "weight": "12.5000",
        "reason": "ครึ่งปีแรก",
        "amendment_id": None,
    }
    assert got[-1]["in_force"] is False and got[-1]["weight"] is None
    for middle in got[1:-1]:  # no rule: evaluated with the KPI's own weight
        assert middle["in_force"] and Decimal(middle["weight"]) == kpi.weight
