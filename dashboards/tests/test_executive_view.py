"""The executive's 10-second view (issue 16 item 4): for an open round the headline is the
forecast (pending shown as pending, never a bare 0.000), level badges coloured by level, last
year's total beside this year's, empty states that say what is true, a print stylesheet and a
one-click meeting pack (the dashboard as PDF)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core.templatetags.thai import decimal_filter
from dashboards.access import DashboardAccess
from dashboards.selectors import dashboard
from dashboards.tests.conftest import populate
from dashboards.tests.factories import framework_with_kpis, report, rounds, set_state
from documents.tests.helpers import pdf_raw_text, requires_chromium
from frameworks import scoring
from frameworks.lights import Light, level_light
from reporting.models import RoundState, Submission

ALL = DashboardAccess(view=True, internal=True, manage=True)
PACK_BUTTON = "เอกสารประกอบการประชุม (PDF)"
BARE_ZERO = re.compile(r"(?<![\d.])0\.000(?!\d)")  # "0.000", not "100.000"


def dashboard_url(year: int = 2569) -> str:
    return reverse("dashboards:department", kwargs={"code": "onep", "year": year})


def pack_url(year: int = 2569) -> str:
    return reverse("dashboards:meeting_pack", kwargs={"code": "onep", "year": year})


def headline(page: str) -> str:
    """The headline card of the dashboard."""
    match = re.search(r'<section[^>]*id="dash-headline".*?</section>', page, re.S)
    assert match, "the dashboard has a headline card"
    return match.group(0)


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def year(org):
    framework, kpis = framework_with_kpis(org.department, weights=("60", "40"))
    six, twelve = rounds(framework)
    return framework, kpis, six, twelve


# The headline ----------------------------------------------------------------------------------


def test_open_round_headline_is_the_forecast_not_the_rounds_bare_zero(client, org, executive):
    populate(org.department, 3)  # 6 months closed and accepted, 12 months open with drafts
    data = dashboard(org.department, 2569, ALL)
    assert data is not None and data.total.shown_total == 0  # nothing accepted in 12 months
    client.force_login(executive)
    card = squash(headline(client.get(dashboard_url()).text))
    forecast = decimal_filter(data.forecast_total.shown_total, data.forecast_total.places)
    assert forecast != "0.000" and forecast in card
    assert "คาดการณ์" in card
    assert not BARE_ZERO.search(card)
    # Every KPI has a forecast, but none is accepted in this round: not "all accepted".
    assert "ทุกตัวชี้วัดมีผลที่ตรวจรับแล้ว" not in card
    assert "ยังไม่มีรายงานที่ตรวจรับในรอบนี้" in card


def test_pending_kpis_are_shown_as_pending_in_the_headline(client, org, executive, year):
    _framework, (first, second), six, twelve = year
    set_state(six, RoundState.State.CLOSED)
    set_state(twelve, RoundState.State.OPEN)
    report(six, first, "95")  # 87.5 → 52.5 points of 60
    report(six, second, None, state=Submission.State.RETURNED)
    report(twelve, first, None, state=Submission.State.DRAFT)
    report(twelve, second, None, state=Submission.State.DRAFT)
    client.force_login(executive)
    card = squash(headline(client.get(dashboard_url()).text))
    assert "52.500" in card
    assert "รอผล 1 ตัวชี้วัด" in card and "40.00" in card  # the pending KPI and its weight


def test_open_round_without_any_accepted_result_says_so(client, org, executive, year):
    _framework, (first, second), six, _twelve = year
    set_state(six, RoundState.State.OPEN)
    report(six, first, None, state=Submission.State.DRAFT)
    report(six, second, None, state=Submission.State.SUBMITTED)
    client.force_login(executive)
    page = client.get(dashboard_url()).text
    card = squash(headline(page))
    assert "ยังไม่มีผลที่ตรวจรับแล้ว" in card
    assert not BARE_ZERO.search(card) and "ระดับต้องปรับปรุง" not in card
    assert "ทุกตัวชี้วัดมีผลที่ตรวจรับแล้ว" not in page


def test_round_page_without_accepted_reports_says_so(client, org, coordinator, year):
    _framework, (first, second), six, _twelve = year
    set_state(six, RoundState.State.OPEN)
    report(six, first, None, state=Submission.State.DRAFT)
    report(six, second, None, state=Submission.State.DRAFT)
    client.force_login(coordinator)
    page = client.get(reverse("reporting:round_detail", args=[six.pk])).text
    total = squash(page.split('class="rep-total">', 1)[1].split("</p>", 1)[0])
    assert "ยังไม่มีผลที่ตรวจรับแล้ว" in total
    assert not BARE_ZERO.search(total) and "ระดับต้องปรับปรุง" not in total


def test_all_accepted_says_so_only_when_true(client, org, executive, year):
    _framework, (first, second), six, _twelve = year
    set_state(six, RoundState.State.OPEN)
    report(six, first, "95")
    report(six, second, "100")
    client.force_login(executive)
    card = squash(headline(client.get(dashboard_url()).text))
    assert "ทุกตัวชี้วัดมีผลที่ตรวจรับแล้ว" in card
    assert "ยังไม่มีผลที่ตรวจรับแล้ว" not in card


def test_closed_final_round_headline_is_the_final_total(client, org, executive, year):
    _framework, (first, second), _six, twelve = year
    set_state(twelve, RoundState.State.CLOSED)
    report(twelve, first, "95")
    report(twelve, second, None, state=Submission.State.RETURNED)
    client.force_login(executive)
    card = squash(headline(client.get(dashboard_url() + f"?round={twelve.pk}").text))
    assert "52.500" in card and "คาดการณ์" not in card


# Last year beside this year ---------------------------------------------------------------------


def test_last_years_total_sits_beside_this_years(client, org, executive):
    populate(org.department, 3)
    last = dashboard(org.department, 2568, ALL)
    assert last is not None and last.total.final
    client.force_login(executive)
    card = squash(headline(client.get(dashboard_url()).text))
    assert "ปีงบประมาณ 2568" in card
    assert decimal_filter(last.total.shown_total, last.total.places) in card


def test_without_last_year_the_headline_says_there_is_none(client, org, executive, year):
    _framework, (first, _second), six, _twelve = year
    set_state(six, RoundState.State.OPEN)
    report(six, first, "95")
    client.force_login(executive)
    card = squash(headline(client.get(dashboard_url()).text))
    assert "ปีงบประมาณ 2568" in card and "ไม่มีผลของปีก่อน" in card


# Level badges ----------------------------------------------------------------------------------


def test_level_colours_follow_the_levels_rank():
    levels = scoring.DEFAULT_RESULT_LEVELS
    by_code = {level.code: level_light(level, levels) for level in levels}
    assert by_code == {
        "quality": Light.GREEN,
        "advanced": Light.GREEN,
        "basic": Light.AMBER,
        "improve": Light.RED,
    }


def test_level_colours_of_a_three_level_framework():
    levels = (
        scoring.ResultLevel("good", "ดี", Decimal(80)),
        scoring.ResultLevel("fair", "พอใช้", Decimal(50)),
        scoring.ResultLevel("poor", "ต้องปรับปรุง", Decimal(0)),
    )
    assert [level_light(level, levels) for level in levels] == [
        Light.GREEN,
        Light.AMBER,
        Light.RED,
    ]


def test_needs_improvement_badge_is_red_on_the_dashboard_and_the_round_page(
    client, org, executive, coordinator, year
):
    _framework, (first, second), _six, twelve = year
    set_state(twelve, RoundState.State.CLOSED)
    report(twelve, first, "95")  # 52.5: ระดับต้องปรับปรุง
    report(twelve, second, None, state=Submission.State.RETURNED)
    badge = re.compile(r'<span class="badge level-badge level-red">\s*ระดับต้องปรับปรุง')
    client.force_login(executive)
    assert badge.search(client.get(dashboard_url() + f"?round={twelve.pk}").text)
    client.force_login(coordinator)
    assert badge.search(client.get(reverse("reporting:round_detail", args=[twelve.pk])).text)


def test_forecast_badge_colour_follows_its_level(client, org, executive, year):
    _framework, (first, second), six, twelve = year
    set_state(six, RoundState.State.CLOSED)
    set_state(twelve, RoundState.State.OPEN)
    client.force_login(executive)
    for first_result, colour, label in (
        ("100", "green", "ระดับมาตรฐานขั้นสูง"),  # 60 + 20 = 80
        ("90", "amber", "ระดับมาตรฐานขั้นต้น"),  # 45 + 20 = 65
        ("80", "red", "ระดับต้องปรับปรุง"),  # 30 + 20 = 50
    ):
        report(six, first, first_result)
        report(six, second, "80")  # 50 → 20 points of 40
        card = headline(client.get(dashboard_url()).text)
        assert re.search(rf'level-{colour}">\s*{label}', card), (first_result, colour)


# Print stylesheet ------------------------------------------------------------------------------


def print_rules() -> str:
    css = (Path(settings.BASE_DIR) / "static" / "css" / "pramoen.css").read_text()
    start = css.index("@media print")
    depth, end = 0, start
    for index in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[index], 0)
        if depth == 0:
            end = index
            break
    return css[start : end + 1]


def test_print_stylesheet_drops_navigation_and_buttons_and_sets_a4_sarabun():
    rules = print_rules()
    hidden = re.search(r"([^{}]*)\{\s*display:\s*none", rules)
    assert hidden, "a rule hides things in print"
    hidden_selectors = hidden.group(1)
    for selector in (".topbar", ".footer", "button", ".button", ".no-print"):
        assert selector in hidden_selectors
    assert "Sarabun" in rules
    page = (Path(settings.BASE_DIR) / "static" / "css" / "pramoen.css").read_text()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", page)


# The meeting pack ------------------------------------------------------------------------------


def test_dashboard_offers_the_meeting_pack(client, org, executive):
    populate(org.department, 2)
    client.force_login(executive)
    page = client.get(dashboard_url()).text
    assert pack_url() in page and PACK_BUTTON in page


@pytest.mark.parametrize("persona", ["owner", "staff", "outsider"])
def test_meeting_pack_is_404_for_those_who_cannot_read_the_dashboard(client, org, persona, request):
    populate(org.department, 2)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(pack_url()).status_code == 404


def test_meeting_pack_html_has_no_navigation_and_draws_the_dashboard(org, executive, rf):
    from dashboards.meeting_pack import meeting_pack_html

    populate(org.department, 2)
    data = dashboard(org.department, 2569, ALL)
    assert data is not None
    html = meeting_pack_html(data)
    assert 'class="topbar"' not in html and "<nav" not in html
    assert 'id="dash-headline"' in html and "file://" in html  # Sarabun from the wheel
    assert "ฉบับร่าง — ข้อมูล ณ วันที่" in html  # the round is open


@requires_chromium
def test_meeting_pack_is_the_dashboard_as_a_pdf(client, org, executive):
    populate(org.department, 2)
    data = dashboard(org.department, 2569, ALL)
    assert data is not None
    client.force_login(executive)
    response = client.get(pack_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    text = pdf_raw_text(response.content)
    assert "แดชบอร์ดผู้บริหาร" in text
    assert "ฉบับร่าง — ข้อมูล ณ วันที่" in text
    assert decimal_filter(data.forecast_total.shown_total, data.forecast_total.places) in text
    assert PACK_BUTTON not in text  # buttons are not printed
