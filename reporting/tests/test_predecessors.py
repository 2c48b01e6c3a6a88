"""A KPI's identity across years (issue 17 item 6): a KPI continued from last year points at its
predecessor (chosen when it is carried forward or when the sheet is made, never matched by Thai
name); its 3-year baseline fills from the predecessors' accepted 12-month results; the history
follows the link."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from dashboards.history import kpi_history
from indicators import services as kpi_services
from indicators.models import Kpi
from reporting.models import Submission
from reporting.services.baselines import kpi_fill_baselines, kpis_continue
from reporting.tests.factories import make_framework, make_kpi, make_round

pytestmark = pytest.mark.django_db
D = Decimal


def _accepted(kpi: Kpi, months: int, result: str) -> Submission:
    round_ = kpi.framework.rounds.filter(months=months).first() or make_round(kpi.framework, months)
    return Submission.objects.create(
        round=round_,
        kpi=kpi,
        kpi_key=kpi.key,
        state=Submission.State.ACCEPTED,
        result=D(result),
    )


@pytest.fixture
def years(org):
    """FY 2567 → 2568 → 2569 of one KPI, linked; accepted 12-month results 81.5, 86.25 and
    90 (2569's 6-month result 70 must not count); FY 2570 the new framework."""
    chain: list[Kpi] = []
    for year, result in ((2567, "81.5"), (2568, "86.25"), (2569, "90")):
        framework = make_framework(org.department, year)
        kpi = make_kpi(framework, "1", unit=org.eia)
        if chain:
            Kpi.objects.filter(pk=kpi.pk).update(predecessor=chain[-1])
            kpi.refresh_from_db()
        _accepted(kpi, 12, result)
        chain.append(kpi)
    _accepted(chain[-1], 6, "70")
    return chain, make_framework(org.department, 2570)


def test_carried_kpi_points_at_its_predecessor_with_baselines_from_results(years, coordinator):
    chain, fy2570 = years
    (new,) = kpis_continue(coordinator, fy2570, [chain[-1]])

    new = Kpi.objects.get(pk=new.pk)
    assert new.predecessor == chain[-1] and new.state == Kpi.State.DRAFT
    assert new.framework == fy2570 and new.component.code == "performance"
    assert [lv.target for lv in new.levels.all()] == [D(80), D(90), D(100)]
    assert [d.code for d in new.data_items.all()] == ["a", "b"]
    # Baseline years of FY 2570 are 2567–2569: each year's accepted 12-month result.
    assert [(b.fiscal_year, b.value) for b in new.baselines.all()] == [
        (2567, D("81.5")),
        (2568, D("86.25")),
        (2569, D(90)),
    ]
    assert AuditEvent.objects.filter(action="indicators.kpis.carried_forward").count() == 1


def test_a_year_without_an_accepted_result_keeps_the_sheets_own_baseline(years, coordinator):
    chain, fy2570 = years
    Submission.objects.filter(kpi=chain[1]).update(state=Submission.State.RETURNED)
    chain[-1].baselines.create(fiscal_year=2568, value=D("77"), note="จากรายงานประจำปี")

    (new,) = kpis_continue(coordinator, fy2570, [chain[-1]])

    assert [(b.fiscal_year, b.value) for b in new.baselines.all()] == [
        (2567, D("81.5")),
        (2568, D(77)),
        (2569, D(90)),
    ]


def test_carrying_twice_or_from_the_same_year_is_refused_and_changes_nothing(
    years, coordinator, org
):
    chain, fy2570 = years
    kpis_continue(coordinator, fy2570, [chain[-1]])
    before = Kpi.objects.count()
    with pytest.raises(ValidationError) as error:
        kpis_continue(coordinator, fy2570, [chain[-1]])
    assert "คัดลอกมาแล้ว" in error.value.message_dict["sources"][0]
    same_year = make_kpi(fy2570, "7", unit=org.eia)
    with pytest.raises(ValidationError):
        kpis_continue(coordinator, fy2570, [same_year])
    assert Kpi.objects.count() == before + 1  # only the one just made


def test_only_the_coordinator_carries_kpis(years, owner, staff):
    chain, fy2570 = years
    for user in (owner, staff):
        with pytest.raises(PermissionDenied):
            kpis_continue(user, fy2570, [chain[-1]])
    assert not Kpi.objects.filter(framework=fy2570).exists()


def test_predecessor_must_be_an_earlier_kpi_of_the_same_department(years, coordinator, org):
    chain, fy2570 = years
    new = make_kpi(fy2570, "2", unit=org.eia, approved=False)
    later = make_kpi(make_framework(org.department, 2571), "1", unit=org.eia)
    other = make_kpi(make_framework(org.other_department, 2569), "1")
    for wrong, words in ((new, "ของตัวเอง"), (later, "ก่อน 2570"), (other, "ส่วนราชการเดียวกัน")):
        with pytest.raises(ValidationError) as error:
            kpi_services.kpi_update(coordinator, new, {"predecessor": wrong})
        assert words in error.value.message_dict["predecessor"][0]
    kpi_services.kpi_update(coordinator, new, {"predecessor": chain[0]})  # any earlier year
    assert Kpi.objects.get(pk=new.pk).predecessor == chain[0]


def test_fill_baselines_button_on_a_draft_made_by_hand(client, years, coordinator, org):
    chain, fy2570 = years
    new = make_kpi(fy2570, "5", unit=org.eia, approved=False)
    new.baselines.create(fiscal_year=2567, value=D(1), note="พิมพ์เอง")
    kpi_services.kpi_update(coordinator, new, {"predecessor": chain[-1]})
    client.force_login(coordinator)

    sheet = client.get(reverse("kpi_detail", kwargs={"pk": new.pk})).text
    assert reverse("reporting:kpi_baselines_fill", args=[new.pk]) in sheet
    assert "2569 · 1" in sheet  # the predecessor is shown and linked

    response = client.post(reverse("reporting:kpi_baselines_fill", args=[new.pk]))

    assert response.status_code == 302
    assert [(b.fiscal_year, b.value) for b in Kpi.objects.get(pk=new.pk).baselines.all()] == [
        (2567, D("81.5")),
        (2568, D("86.25")),
        (2569, D(90)),
    ]


def test_fill_baselines_needs_a_predecessor_and_an_editor(years, coordinator, staff, org):
    chain, fy2570 = years
    new = make_kpi(fy2570, "5", unit=org.eia, approved=False)
    with pytest.raises(ValidationError):
        kpi_fill_baselines(coordinator, new)
    kpi_services.kpi_update(coordinator, new, {"predecessor": chain[-1]})
    with pytest.raises(PermissionDenied):
        kpi_fill_baselines(staff, Kpi.objects.get(pk=new.pk))


def test_continue_page_carries_the_checked_kpis(client, years, coordinator, org):
    chain, fy2570 = years
    url = reverse("reporting:kpis_continue", args=[org.department.code, 2570])
    client.force_login(coordinator)
    page = client.get(url)
    assert page.status_code == 200 and chain[-1].name_th in page.text

    response = client.post(url, {"kpi": [str(chain[-1].pk)]})

    assert response.status_code == 302
    assert Kpi.objects.get(framework=fy2570).predecessor == chain[-1]
    page = client.get(url).text
    assert "คัดลอกมาแล้ว" in page


def test_continue_page_is_refused_to_staff_and_hidden_from_outsiders(
    client, years, staff, outsider, org
):
    url = reverse("reporting:kpis_continue", args=[org.department.code, 2570])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"kpi": ["1"]}).status_code == 404
    client.force_login(staff)
    assert client.post(url, {"kpi": [str(years[0][-1].pk)]}).status_code in (403, 404)
    assert not Kpi.objects.filter(framework=years[1]).exists()


def test_history_follows_the_link_not_the_name(years, coordinator, org):
    chain, _fy2570 = years
    Kpi.objects.filter(pk=chain[1].pk).update(name_th="ชื่อเดิมที่เปลี่ยนไปแล้ว")
    stranger = make_kpi(make_framework(org.department, 2566), "1", unit=org.eia)
    stranger.name_th = chain[-1].name_th  # same name, not the same KPI
    stranger.save()
    _accepted(stranger, 12, "10")

    history = kpi_history(coordinator, chain[-1], internal=True)

    years_shown = sorted({row.fiscal_year for row in history.rows})
    assert years_shown == [2567, 2568, 2569]


def test_api_gives_the_predecessor(client, years, coordinator):
    chain, _ = years
    client.force_login(coordinator)
    body = client.get(f"/api/v1/kpis/{chain[-1].pk}").json()
    assert body["predecessor"] == chain[1].pk
    fresh = make_kpi(chain[-1].framework, "3")
    assert client.get(f"/api/v1/kpis/{fresh.pk}").json()["predecessor"] is None
