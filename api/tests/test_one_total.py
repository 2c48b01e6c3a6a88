"""Every consumer of the results read model shows the same agency total (issue 15 item 5).

For random small frameworks (Performance/Potential or five-level, 0–4 KPIs, random weights,
results and report states, a 6- or 12-month round open or closed), the total of
reporting.results.agency_round_total is what the SAR builder, the e-SAR workbook, the
executive summary, the round page, the executive dashboard (selector and page), the ministry
roll-up and the API (round detail and round results) show; the public page, which shows no
total, shows each KPI's accepted score as the read model has it. With no KPI there is no total
("ยังไม่มีผล") anywhere, never 0.

The test lives with the API because the API is the top layer: it may import every consumer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.decimals import display_decimal
from dashboards.access import DashboardAccess
from dashboards.ministry import ministry_view, parse_sort
from dashboards.public import public_page
from dashboards.selectors import dashboard
from dashboards.tests.factories import public_agreement, report, set_state
from documents.blocks import Facts
from documents.builders.sar import sar_document
from documents.layouts.executive_summary import executive_summary_layout
from documents.xlsx_esar import render_esar_xlsx
from frameworks.models import Framework
from reporting.models import RoundState, Submission
from reporting.results import NO_TOTAL, RoundTotal, agency_round_total, round_results
from reporting.tests.factories import make_framework, make_kpi, make_round

ALL = DashboardAccess(view=True, internal=True, manage=True)
RESULTS = ("70", "80", "85", "90", "95", "100", "120")


@dataclass(frozen=True)
class KpiSpec:
    component: str
    weight: int
    result: str | None  # None: no result yet
    state: str


@dataclass(frozen=True)
class YearSpec:
    five_level: bool
    months: int
    closed: bool
    kpis: tuple[KpiSpec, ...]


kpi_specs = st.builds(
    KpiSpec,
    component=st.sampled_from(("performance", "potential")),
    weight=st.integers(min_value=1, max_value=40),
    result=st.none() | st.sampled_from(RESULTS),
    state=st.sampled_from(
        (Submission.State.ACCEPTED, Submission.State.ACCEPTED, Submission.State.SUBMITTED)
    ),
)
years = st.builds(
    YearSpec,
    five_level=st.booleans(),
    months=st.sampled_from((6, 12)),
    closed=st.booleans(),
    kpis=st.lists(kpi_specs, max_size=4).map(tuple),
)


def build(department, spec: YearSpec):
    """The year as the factories build it: an opened round with one report per KPI."""
    framework = make_framework(department)
    if spec.five_level:
        framework.template = Framework.Template.FIVE_BASES
        framework.save(update_fields=["template"])
    round_ = make_round(framework, spec.months)
    for number, kpi_spec in enumerate(spec.kpis, 1):
        options: dict[str, object] = {}
        if spec.five_level:
            options = {
                "method": "scale5",
                "targets": ("60", "70", "80", "90", "100"),
                "scores": ("1", "2", "3", "4", "5"),
            }
        kpi = make_kpi(
            framework,
            str(number),
            component=kpi_spec.component,
            weight=str(kpi_spec.weight),
            formula="",
            **options,  # type: ignore[arg-type]
        )
        state = kpi_spec.state if kpi_spec.result is not None else Submission.State.DRAFT
        report(round_, kpi, kpi_spec.result, state=state)
    set_state(round_, RoundState.State.CLOSED if spec.closed else RoundState.State.OPEN)
    return framework, round_


def shown(total: RoundTotal) -> str:
    """The total as every page formats it (Arabic digits)."""
    if total.shown_total is None:
        return str(NO_TOTAL)
    return display_decimal(total.shown_total, total.places)


def esar_total(content: bytes) -> object:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    headers = list(rows[0])
    total_row = next(row for row in rows if "คะแนนรวม" in row)
    return total_row[headers.index("คะแนนถ่วงน้ำหนัก")]


def summary_total(doc) -> str:
    blocks = executive_summary_layout(doc).sections[0].blocks
    facts = next(block for block in blocks if isinstance(block, Facts))
    return dict(facts.rows)["คะแนนรวม"].split(" จากคะแนนเต็ม ")[0]


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=years)
def test_every_consumer_shows_the_read_models_total(org, admin_user, spec):
    client = Client()
    client.force_login(admin_user)
    with transaction.atomic():
        framework, round_ = build(org.department, spec)
        agreement = public_agreement(framework)
        framework = Framework.objects.get(pk=framework.pk)
        round_ = framework.rounds.select_related("reporting_state").get()
        expected = agency_round_total(round_)
        text = shown(expected)
        if not spec.kpis:
            assert expected.shown_total is None and text == "ยังไม่มีผล"

        # Documents: the SAR builder (SAR and e-SAR), the executive summary.
        doc = sar_document(round_, thai_digits=False)
        assert (doc.total, doc.total_text, doc.pending) == (
            expected.shown_total,
            text,
            expected.pending,
        )
        assert summary_total(doc) == text
        cell = esar_total(render_esar_xlsx(doc))
        if expected.shown_total is None:
            assert cell == text
        else:
            assert Decimal(str(cell)) == expected.shown_total

        # Dashboards: the selector and its page, the ministry roll-up.
        data = dashboard(org.department, framework.fiscal_year, ALL, round_.pk)
        assert data is not None
        assert (data.total.shown_total, data.total.pending) == (
            expected.shown_total,
            expected.pending,
        )
        page = client.get(
            reverse("dashboards:department", kwargs={"code": "onep", "year": 2569}),
            {"round": round_.pk},
        )
        big = page.text.split('class="dash-big">', 1)[1].split("<", 1)[0]
        if expected.has_results or not spec.kpis:
            # An open round's headline is its forecast: with one round, the same total.
            assert big == text
        else:  # nothing accepted yet: said so, never a bare 0 (issue 16 item 4)
            assert big == "ยังไม่มีผลที่ตรวจรับแล้ว"
        ministry = ministry_view(admin_user, org.ministry, 2569, parse_sort(""))
        row = next(r for r in ministry.rows if r.department == org.department)
        assert row.total is not None and row.total.shown_total == expected.shown_total
        assert row.total.pending == expected.pending

        # The round page, and the API.
        context = client.get(reverse("reporting:round_detail", args=[round_.pk])).context
        assert context["total"].shown_total == expected.shown_total
        api_results = client.get(f"/api/v1/rounds/{round_.pk}/results").json()
        api_round = client.get(f"/api/v1/rounds/{round_.pk}").json()
        for body in (api_results["total"], api_round["total"]):
            got = body["shown_total"]
            assert (Decimal(got) if got is not None else None) == expected.shown_total
            assert body["pending"] == expected.pending

        # The public page shows no total: each KPI's accepted score, as the read model has it.
        rows = {str(r.kpi_key): r for r in round_results(round_)}
        public = [kpi for block in public_page(agreement).components for kpi in block.kpis]
        assert len(public) == len(rows)
        for kpi in public:
            row_ = rows[kpi.kpi.key]
            assert kpi.score == (row_.self_score if row_.accepted else None)
        transaction.set_rollback(True)
