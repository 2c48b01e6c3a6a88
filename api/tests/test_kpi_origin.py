"""`origin` in the KPI API (issue 17 items 4 and 8): {relation, strategic_kpi} or null."""

from __future__ import annotations

from api.tests.conftest import token_headers
from frameworks.models import StrategicKpi
from indicators.models import Kpi


def test_kpi_detail_has_its_origin_or_null(client, world, coordinator):
    strategic = StrategicKpi.objects.create(
        code="NS-5-1",
        name_th="พื้นที่สีเขียวเพิ่มขึ้น",
        level="national",
        owner="สศช.",
        first_year=2566,
    )
    Kpi.objects.filter(pk=world.kpi.pk).update(origin_relation="proxy", strategic_kpi=strategic)
    headers = token_headers(coordinator)

    body = client.get(f"/api/v1/kpis/{world.kpi.pk}", **headers).json()
    other = client.get(f"/api/v1/kpis/{world.kpis[1].pk}", **headers).json()

    assert body["origin"] == {
        "relation": "proxy",
        "strategic_kpi": {
            "code": "NS-5-1",
            "name": "พื้นที่สีเขียวเพิ่มขึ้น",
            "level": "national",
            "owner": "สศช.",
        },
    }
    assert other["origin"] is None
