"""Lists: pagination (page, page_size ≤ 100, count), filters (year, agency, component, state,
version) and a constant number of queries per page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from agreements.models import Agreement
from agreements.tests.factories import make_agreement, make_framework, make_kpi
from indicators.models import Kpi
from indicators.services import kpi_approve, kpi_new_version


@pytest.fixture
def headers(coordinator, bearer):
    return bearer(coordinator)


def get(url: str, headers: dict[str, Any], **params: Any) -> Any:
    response = Client().get(url, params, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_pages_split_the_list_and_count_all_items(world, headers):
    first = get("/api/v1/kpis", headers, page_size=3)
    second = get("/api/v1/kpis", headers, page_size=3, page=2)
    beyond = get("/api/v1/kpis", headers, page_size=3, page=9)

    assert first["count"] == second["count"] == 4
    assert (first["page"], first["page_size"], len(first["items"])) == (1, 3, 3)
    assert len(second["items"]) == 1
    assert {k["id"] for k in first["items"]} | {k["id"] for k in second["items"]} == {
        k.pk for k in world.kpis
    }
    assert beyond["items"] == [] and beyond["count"] == 4


def test_kpis_come_in_component_and_number_order(world, headers):
    numbers = [k["number"] for k in get("/api/v1/kpis", headers)["items"]]

    assert numbers == ["1", "2", "3", "4"]


@pytest.mark.parametrize("params", [{"page_size": 101}, {"page_size": 0}, {"page": 0}])
def test_page_parameters_out_of_range_are_422(world, headers, params):
    response = Client().get("/api/v1/kpis", params, **headers)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_kpis_filter_by_year_agency_component_and_state(world, org, headers):
    older = make_framework(org.department, 2568)
    make_kpi(older, "performance", "1", "ตัวชี้วัดปีก่อน", "70", state=Kpi.State.APPROVED)
    # Last year's sheets are read by this year's coordinator once published (issue 14 item 2).
    Agreement.objects.filter(pk=make_agreement(older).pk).update(published_at=timezone.now())

    assert get("/api/v1/kpis", headers, year=2568)["count"] == 1
    assert get("/api/v1/kpis", headers, year=2569)["count"] == 4
    assert get("/api/v1/kpis", headers, agency="onep")["count"] == 5
    assert get("/api/v1/kpis", headers, agency="pcd")["count"] == 0  # hidden stays hidden
    potential = get("/api/v1/kpis", headers, year=2569, component="potential")
    assert [k["number"] for k in potential["items"]] == ["3", "4"]
    approved = get("/api/v1/kpis", headers, state="approved")
    assert [k["name_th"] for k in approved["items"]] == ["ตัวชี้วัดปีก่อน"]
    assert get("/api/v1/kpis", headers, framework=world.framework.pk)["count"] == 4


def test_kpis_list_latest_versions_unless_all_are_asked_for(world, coordinator, headers):
    approved = kpi_approve(coordinator, world.kpi)
    draft = kpi_new_version(coordinator, approved)

    latest = get("/api/v1/kpis", headers, year=2569)
    every = get("/api/v1/kpis", headers, year=2569, version="all")

    assert latest["count"] == 4 and draft.pk in {k["id"] for k in latest["items"]}
    assert approved.pk not in {k["id"] for k in latest["items"]}
    assert every["count"] == 5
    versions = [
        (k["version"], k["is_latest"]) for k in every["items"] if k["key"] == str(draft.key)
    ]
    assert versions == [(1, False), (2, True)]


def test_kpi_detail_lists_its_versions_and_lineage_path_codes(world, coordinator, headers):
    from frameworks.models import PlanItem

    national = PlanItem.objects.create(level="national", code="N2", name_th="ยุทธศาสตร์ชาติด้านที่ 2")
    master = PlanItem.objects.create(
        level="master", code="M18", name_th="แผนแม่บทการเติบโตอย่างยั่งยืน", parent=national
    )
    world.kpi.lineage.add(master)
    approved = kpi_approve(coordinator, world.kpi)
    draft = kpi_new_version(coordinator, approved)

    body = get(f"/api/v1/kpis/{draft.pk}", headers)

    assert [v["version"] for v in body["versions"]] == [2, 1]
    assert [[node["code"] for node in path] for path in body["lineage"]] == [["N2", "M18"]]
    assert [level["score"] for level in body["levels"]] == ["50.0000", "70.0000", "100.0000"]
    assert body["permissions"]["can_edit"] is True and body["weight"] == "40.0000"


def test_frameworks_filter_by_year_agency_and_state(world, org, headers):
    make_framework(org.department, 2568)

    assert get("/api/v1/frameworks", headers)["count"] == 2
    assert [f["fiscal_year"] for f in get("/api/v1/frameworks", headers)["items"]] == [2569, 2568]
    assert get("/api/v1/frameworks", headers, year=2568)["count"] == 1
    assert get("/api/v1/frameworks", headers, state="active")["count"] == 0
    assert get("/api/v1/frameworks", headers, agency="pcd")["count"] == 0


def test_framework_detail_has_components_rounds_and_result_levels(world, headers):
    body = get(f"/api/v1/frameworks/{world.framework.pk}", headers)

    assert [(c["code"], c["weight"]) for c in body["components"]] == [
        ("performance", "70.0000"),
        ("potential", "30.0000"),
    ]
    assert [r["months"] for r in body["rounds"]] == [6, 12]
    assert [r["is_final"] for r in body["rounds"]] == [False, True]
    assert [s["step"] for s in body["steps"]] == [1, 2, 3, 4]


def test_fiscal_years_list_the_visible_years_and_the_current_one(world, headers):
    from core.fiscal import current_fiscal_year

    years = get("/api/v1/fiscal-years", headers)

    current = current_fiscal_year().be_year
    assert {y["fiscal_year"] for y in years} == {2569, current}
    row = next(y for y in years if y["fiscal_year"] == 2569)
    assert (row["starts_on"], row["ends_on"], row["frameworks"]) == ("2025-10-01", "2026-09-30", 1)


def test_agreements_filter_by_year_and_state(world, org, headers):
    # This year's coordinator also runs next year's cycle (accounts.can_manage_department).
    following = make_agreement(make_framework(org.department, 2570))
    Agreement.objects.filter(pk=following.pk).update(state=Agreement.State.SIGNED)

    assert get("/api/v1/agreements", headers)["count"] == 2
    signed = get("/api/v1/agreements", headers, state="signed")
    assert [a["fiscal_year"] for a in signed["items"]] == [2570]
    assert get("/api/v1/agreements", headers, year=2569)["items"][0]["state"] == "draft"
    assert Client().get("/api/v1/agreements", {"state": "lost"}, **headers).status_code == 422


def test_agency_units_are_listed_with_their_parent(world, headers):
    units = get("/api/v1/agencies/onep/units", headers)["items"]

    by_code = {u["code"]: u for u in units}
    assert by_code["eia-energy"]["parent_code"] == "eia"
    assert by_code["eia"]["parent_code"] is None


def test_kpi_list_queries_do_not_grow_with_the_number_of_kpis(
    world, headers, django_assert_max_num_queries
):
    for n in range(5, 25):
        make_kpi(world.framework, "potential", str(n), f"ตัวชี้วัดที่ {n}", "1")
    Client().get("/api/v1/kpis", **headers)  # warm the token's last-used time

    with django_assert_max_num_queries(6):
        body = get("/api/v1/kpis", headers, page_size=100)

    assert body["count"] == 24


def test_framework_and_agreement_lists_use_a_constant_number_of_queries(
    world, org, admin_user, bearer, django_assert_max_num_queries
):
    for year in range(2560, 2568):
        make_agreement(make_framework(org.department, year))
    headers = bearer(admin_user)
    Client().get("/api/v1/me", **headers)

    with django_assert_max_num_queries(6):
        frameworks = get("/api/v1/frameworks", headers)
    with django_assert_max_num_queries(6):
        agreements = get("/api/v1/agreements", headers)

    assert frameworks["count"] == agreements["count"] == 10  # with pcd's


def test_numbers_are_decimal_text_never_floats(world, headers):
    make_kpi(world.framework, "potential", "9", "น้ำหนักทศนิยม", "12.3456")

    items = get("/api/v1/kpis", headers, component="potential")["items"]

    assert "12.3456" in [k["weight"] for k in items]
    assert Decimal(items[0]["weight"]) == Decimal("20")
