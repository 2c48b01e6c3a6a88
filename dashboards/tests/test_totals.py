"""Pending vs final totals on the dashboard (domain §6; issue 7 item 1)."""

import datetime
from decimal import Decimal

import pytest

from dashboards.access import DashboardAccess
from dashboards.selectors import Dashboard, dashboard
from dashboards.tests.factories import framework_with_kpis, report, rounds, set_state
from frameworks.lights import Light
from reporting.models import RoundState, Submission
from reporting.results import agency_round_total

D = Decimal
ALL = DashboardAccess(view=True, internal=True, manage=True)
TODAY = datetime.date(2026, 5, 15)  # after the 6-month round's due date, before the 12-month's


def board(department, round_pk=None, today=TODAY) -> Dashboard:
    data = dashboard(department, 2569, ALL, round_pk, today=today)
    assert data is not None
    return data


@pytest.fixture
def year(org):
    framework, kpis = framework_with_kpis(org.department, weights=("60", "40"))
    six, twelve = rounds(framework)
    return framework, kpis, six, twelve


def test_open_final_round_shows_pending_not_zero(org, year):
    _framework, (first, second), six, twelve = year
    set_state(six, RoundState.State.CLOSED)
    set_state(twelve, RoundState.State.OPEN)
    report(twelve, first, "95")  # 75 + (95 − 90) / 10 × 25 = 87.5 → 52.5 points of 60
    report(twelve, second, None, state=Submission.State.DRAFT)
    data = board(org.department, twelve.pk)
    assert data.total.shown_total == D("52.5")
    assert data.total.pending == 1 and data.total.pending_weight == D(40)
    assert data.total.max_possible == D("92.5") and not data.total.final


def test_closed_final_round_counts_missing_results_as_zero(org, year):
    _framework, (first, second), _six, twelve = year
    set_state(twelve, RoundState.State.CLOSED)
    report(twelve, first, "95")
    report(twelve, second, None, state=Submission.State.RETURNED)
    data = board(org.department, twelve.pk)
    assert data.total.final and data.total.pending == 0
    assert data.total.shown_total == D("52.5")
    assert data.total.level is not None and data.total.level.label == "ระดับต้องปรับปรุง"
    second_row = next(row for row in data.kpis if row.result.kpi_key == second.key)
    assert second_row.light == Light.RED and second_row.forecast.counted_zero


def test_forecast_total_uses_the_six_month_results_while_twelve_months_is_open(org, year):
    _framework, (first, second), six, twelve = year
    set_state(six, RoundState.State.CLOSED)
    set_state(twelve, RoundState.State.OPEN)
    report(six, first, "100")  # 100 → 60 points
    report(six, second, "85")  # 62.5 → 25 points
    report(twelve, first, None, state=Submission.State.DRAFT)
    report(twelve, second, None, state=Submission.State.DRAFT)
    data = board(org.department, twelve.pk)
    assert data.total.shown_total == 0 and data.total.pending == 2
    assert data.forecast_total.shown_total == D(85)
    assert data.forecast_total.level is not None
    assert data.forecast_total.level.label == "ระดับมาตรฐานขั้นสูง"
    assert [row.light for row in data.kpis] == [Light.GREEN, Light.AMBER]
    assert data.light_counts[Light.AMBER] == 1


def test_default_round_is_the_latest_opened(org, year):
    _framework, _kpis, six, twelve = year
    set_state(six, RoundState.State.CLOSED)
    assert board(org.department).round == six
    set_state(twelve, RoundState.State.OPEN)
    assert board(org.department).round == twelve


def test_overdue_lists_unaccepted_reports_past_due(org, year):
    _framework, (first, second), six, _twelve = year
    set_state(six, RoundState.State.OPEN)
    report(six, first, "95")
    late = report(six, second, None, state=Submission.State.SUBMITTED)
    data = board(org.department, six.pk)
    assert data.overdue == [late]
    early = board(org.department, six.pk, today=datetime.date(2026, 4, 1))
    assert early.overdue == []


def test_year_over_year_compares_earlier_totals(org, year):
    _framework, (_first, _second), six, _twelve = year
    old, (old_first, old_second) = framework_with_kpis(org.department, 2568, weights=("60", "40"))
    _old_six, old_twelve = rounds(old)
    set_state(old_twelve, RoundState.State.CLOSED)
    report(old_twelve, old_first, "90")  # 75 → 45
    report(old_twelve, old_second, "100")  # 100 → 40
    set_state(six, RoundState.State.OPEN)
    data = board(org.department, six.pk)
    assert [(y.fiscal_year, y.total.shown_total, y.current) for y in data.years] == [
        (2568, D(85), False),
        (2569, D(0), True),
    ]
    assert data.years[-1].total.pending == 2  # nothing accepted yet: pending, not a collapse


def test_component_chart_takes_reportings_round_total_for_documents(org, year):
    from dashboards.figures import component_chart

    _framework, (first, _second), _six, twelve = year
    set_state(twelve, RoundState.State.OPEN)
    report(twelve, first, "95")
    chart = component_chart(agency_round_total(twelve).totals.components)
    svg = str(chart.svg)
    assert "Performance Base" in svg and "52.50 / 60.00" in svg
    assert chart.table[0] == ("Performance Base", "52.50", "60.00")


def test_a_round_without_kpis_has_no_total_on_the_dashboard_or_its_page(client, org, executive):
    """Issue 15 item 5: the SAR and the dashboard decide the no-KPIs case once — no total
    ("ยังไม่มีผล"), never a 0 that reads as a score."""
    from django.urls import reverse

    from reporting.tests.factories import make_framework

    framework = make_framework(org.department)
    six, _twelve = rounds(framework)
    set_state(six, RoundState.State.OPEN)
    data = board(org.department, six.pk)
    assert data.total.shown_total is None and data.total.level is None
    assert data.total.pending == 0
    client.force_login(executive)
    url = reverse("dashboards:department", kwargs={"code": "onep", "year": 2569})
    page = client.get(url, {"round": six.pk}).text
    total = page.split('class="dash-big">', 1)[1].split("</p>", 1)[0]
    assert total.startswith("ยังไม่มีผล")


def test_an_earlier_year_still_in_progress_shows_its_pending_kpis(org, year):
    """Year over year used to total the accepted reports only, so an earlier year still in
    progress showed pending 0 (and a five-level year its average without the missing KPIs);
    it now has the total its own round page shows (issue 15 item 5)."""
    _framework, _kpis, six, _twelve = year
    old, (old_first, old_second) = framework_with_kpis(org.department, 2568, weights=("60", "40"))
    old_six, _old_twelve = rounds(old)
    set_state(old_six, RoundState.State.OPEN)
    report(old_six, old_first, "90")  # 75 → 45 of 60
    report(old_six, old_second, None, state=Submission.State.DRAFT)
    set_state(six, RoundState.State.OPEN)
    earlier = board(org.department, six.pk).years[0]
    assert (earlier.fiscal_year, earlier.total.shown_total) == (2568, D(45))
    assert earlier.total.pending == 1 and not earlier.total.final
