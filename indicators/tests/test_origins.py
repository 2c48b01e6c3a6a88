"""Where a KPI comes from (issue 17 item 4): a relation to a Strategic KPI, validated together,
edited on the sheet, copied into a new version, stated on the sheet page and in the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from frameworks.models import StrategicKpi
from indicators import services
from indicators.models import Kpi
from indicators.origins import origin_data, origin_statement
from indicators.tests.test_views import sheet_post

pytestmark = pytest.mark.django_db
PROXY_WORDING = "ตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs"
SAME_WORDING = "ตัวชี้วัดที่ถ่ายทอดเป็นตัวเดียวกับ Strategic KPIs"


def _new_url() -> str:
    return reverse("kpi_create", kwargs={"code": "onep", "year": 2569})


@pytest.fixture
def national():
    return StrategicKpi.objects.create(
        code="NS-5-1",
        name_th="พื้นที่สีเขียวเพิ่มขึ้น",
        level=StrategicKpi.Level.NATIONAL,
        owner="สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        first_year=2566,
        last_year=2570,
    )


def test_a_proxy_kpi_is_saved_and_stated_in_esar_wording(coordinator, eia_draft, national):
    kpi = services.kpi_update(
        coordinator, eia_draft, {"origin_relation": "proxy", "strategic_kpi": national}
    )

    kpi.refresh_from_db()
    assert (kpi.origin_relation, kpi.strategic_kpi) == ("proxy", national)
    assert origin_statement(kpi) == (
        f"{PROXY_WORDING}: NS-5-1 พื้นที่สีเขียวเพิ่มขึ้น "
        "(ยุทธศาสตร์ชาติ · สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ)"
    )
    assert origin_data(kpi) == {
        "relation": "proxy",
        "strategic_kpi": {
            "code": "NS-5-1",
            "name": "พื้นที่สีเขียวเพิ่มขึ้น",
            "level": "national",
            "owner": "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        },
    }


def test_no_origin_is_an_empty_statement(eia_draft):
    assert origin_statement(eia_draft) == "" and origin_data(eia_draft) is None


@pytest.mark.parametrize(
    ("relation", "with_kpi", "field"),
    [
        ("proxy", False, "strategic_kpi"),  # a relation to nothing
        ("", True, "origin_relation"),  # a Strategic KPI without saying how
        ("sideways", True, "origin_relation"),
    ],
)
def test_relation_and_strategic_kpi_go_together(
    coordinator, eia_draft, national, relation, with_kpi, field
):
    fields = {"origin_relation": relation, "strategic_kpi": national if with_kpi else None}
    with pytest.raises(ValidationError) as caught:
        services.kpi_update(coordinator, eia_draft, fields)
    assert field in caught.value.message_dict
    eia_draft.refresh_from_db()
    assert eia_draft.strategic_kpi is None


def test_a_strategic_kpi_out_of_force_in_the_year_is_refused(coordinator, eia_draft, national):
    StrategicKpi.objects.filter(pk=national.pk).update(last_year=2568)
    national.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.kpi_update(
            coordinator, eia_draft, {"origin_relation": "same", "strategic_kpi": national}
        )
    assert "2569" in caught.value.message_dict["strategic_kpi"][0]


def test_a_new_version_keeps_the_origin(coordinator, eia_approved, national):
    Kpi.objects.filter(pk=eia_approved.pk).update(origin_relation="same", strategic_kpi=national)
    eia_approved.refresh_from_db()

    new = services.kpi_new_version(coordinator, eia_approved)

    assert (new.origin_relation, new.strategic_kpi_id) == ("same", national.pk)
    assert origin_statement(new).startswith(SAME_WORDING)


def test_the_editor_sets_the_origin_and_the_sheet_page_states_it(
    client, coordinator, framework, national
):
    client.force_login(coordinator)
    form = client.get(_new_url()).content.decode()
    assert 'name="origin_relation"' in form and "NS-5-1 พื้นที่สีเขียวเพิ่มขึ้น" in form
    data = sheet_post(framework, origin_relation="cascade", strategic_kpi=str(national.pk))

    response = client.post(_new_url(), data)

    assert response.status_code == 302
    kpi = Kpi.objects.get(framework=framework, number="7")
    assert (kpi.origin_relation, kpi.strategic_kpi_id) == ("cascade", national.pk)
    html = client.get(reverse("kpi_detail", args=[kpi.pk])).content.decode()
    assert "ที่มาจาก Strategic KPI" in html
    assert "(Cascade) จาก Strategic KPIs: NS-5-1 พื้นที่สีเขียวเพิ่มขึ้น" in html


def test_the_editor_puts_a_half_origin_error_next_to_the_input(
    client, coordinator, framework, national
):
    client.force_login(coordinator)
    data = sheet_post(framework, origin_relation="proxy", strategic_kpi="")
    response = client.post(_new_url(), data)
    assert response.status_code == 422
    assert "กรุณาเลือก Strategic KPI" in response.content.decode()
    assert not Kpi.objects.filter(framework=framework, number="7").exists()


def test_the_editor_offers_only_strategic_kpis_in_force(client, coordinator, framework, national):
    StrategicKpi.objects.create(
        code="OLD-1",
        name_th="เลิกใช้แล้ว",
        level="ministry",
        owner="ทส.",
        first_year=2560,
        last_year=2565,
    )
    client.force_login(coordinator)
    html = client.get(_new_url()).content.decode()
    assert "NS-5-1" in html and "OLD-1" not in html
