"""The demo KPI sheets load once, completely, and a second run changes nothing."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.utils import timezone

from accounts.demo import DemoYears, load_demo_org
from core.fiscal import FiscalYear
from frameworks.models import ReportingRound
from indicators.demo import load_demo
from indicators.models import Kpi
from indicators.services import framework_weight_problems

pytestmark = pytest.mark.django_db
Y = DemoYears.of()  # the years the demo is built for today


def _load():
    load_demo_org()
    try:
        frameworks_demo = import_module("frameworks.demo")
    except ModuleNotFoundError:
        pytest.skip("frameworks.demo is not there yet")
    frameworks_demo.load_demo("onep")
    load_demo("onep")


def test_demo_load_is_idempotent():
    _load()
    rows = Kpi.objects.count()
    children = sum(kpi.levels.count() + kpi.data_items.count() for kpi in Kpi.objects.all())
    load_demo("onep")
    assert Kpi.objects.count() == rows
    assert sum(kpi.levels.count() + kpi.data_items.count() for kpi in Kpi.objects.all()) == children


def test_demo_fy2569_sheets_are_complete():
    _load()
    kpis = list(Kpi.objects.filter(framework__fiscal_year=Y.last).order_by("number"))
    assert [k.number for k in kpis] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert [k.state for k in kpis].count("draft") == 1
    assert all(k.approved_at for k in kpis if k.state == "approved")
    performance = sum(k.weight for k in kpis if k.component.code == "performance")
    potential = sum(k.weight for k in kpis if k.component.code == "potential")
    assert (performance, potential) == (Decimal(70), Decimal(30))
    assert framework_weight_problems(kpis[0].framework) == []
    eia = kpis[0]
    assert eia.formula == "(a / b) * 100"
    assert [lv.target for lv in eia.levels.all()] == [80, 90, 100]
    assert eia.responsible_unit is not None and eia.responsible_unit.code == "eia"
    assert eia.overseer is not None and eia.overseer.full_name == "นายศุภชัย ประเมินผล"
    assert [p.full_name for p in eia.collectors.all()] == ["นางสาวณัฐธยา ตรวจสอบ"]
    assert sorted(b.fiscal_year for b in eia.baselines.all()) == [
        Y.last - 3,
        Y.last - 2,
        Y.last - 1,
    ]
    assert eia.round_expectations.count() == 2
    assert eia.lineage.exists()
    assert kpis[1].direction == "lower"
    assert [lv.target for lv in kpis[1].levels.all()] == [75, 60, 45]
    assert kpis[2].method == "milestone" and kpis[2].levels.count() == 5
    assert all(k.description and k.responsible_unit and k.overseer for k in kpis)
    texts = ("scope", "conditions", "data_source", "collection_method", "evidence_required")
    assert all(getattr(k, name) for k in kpis for name in texts)


def test_demo_fy2562_uses_the_five_level_scale():
    _load()
    kpis = list(Kpi.objects.filter(framework__fiscal_year=Y.five_bases))
    assert len(kpis) == 5
    assert all(k.state == "approved" for k in kpis)
    assert {k.method for k in kpis} <= {"scale5", "milestone"}
    assert all(max(lv.score for lv in k.levels.all()) == 5 for k in kpis)


def test_demo_sheets_were_approved_within_their_fiscal_year():
    _load()
    for year in (Y.last, Y.five_bases):
        first_day, last_day = FiscalYear(year).start, FiscalYear(year).end
        approved = Kpi.objects.filter(framework__fiscal_year=year, approved_at__isnull=False)
        assert approved.exists()
        days = {timezone.localdate(k.approved_at) for k in approved}
        assert all(first_day <= d <= last_day for d in days)
    last = Kpi.objects.filter(framework__fiscal_year=Y.last, approved_at__isnull=False)
    assert {timezone.localdate(k.approved_at) for k in last} == {
        FiscalYear(Y.last).start.replace(day=15)
    }
    # Before the 6-month round's period end: that round scores against these versions.
    six = ReportingRound.objects.get(framework__fiscal_year=Y.last, months=6)
    assert all(timezone.localdate(k.approved_at) <= six.period_end for k in last)


def test_demo_moves_an_approval_stamped_today_back_on_the_next_load():
    _load()
    Kpi.objects.filter(framework__fiscal_year=Y.last, number="1").update(approved_at=timezone.now())
    load_demo("onep")
    eia = Kpi.objects.get(framework__fiscal_year=Y.last, number="1")
    assert eia.approved_at is not None
    assert timezone.localdate(eia.approved_at) == FiscalYear(Y.last).start.replace(day=15)
    draft = Kpi.objects.get(framework__fiscal_year=Y.last, number="7")
    assert draft.state == "draft" and draft.approved_at is None  # left for the owner


def test_demo_has_a_proxy_kpi_of_a_national_strategic_kpi():
    _load()
    joint = Kpi.objects.get(framework__fiscal_year=Y.last, number="4", is_latest=True)
    assert joint.origin_relation == "proxy"
    assert joint.strategic_kpi is not None and joint.strategic_kpi.level == "national"
    assert joint.strategic_kpi.in_force(Y.last)


def test_demo_has_a_kpi_with_assessment_points():
    _load()
    kpi = Kpi.objects.get(framework__fiscal_year=Y.last, number="6", is_latest=True)
    points = list(kpi.assessment_points.all())
    assert [p.order for p in points] == [1, 2, 3]
    assert points[0].name_th == "ชุดข้อมูลที่เผยแพร่ใหม่บน data.go.th"
    assert all(p.unit == "ชุดข้อมูล" and p.weight is None for p in points)


def test_demo_has_a_budget_kpi_in_the_billions_of_baht():
    """Issue 17 item 9: a disbursement target of 2,500,000,000 บาท, entered in baht."""
    _load()
    budget = Kpi.objects.get(framework__fiscal_year=Y.last, number="8", is_latest=True)
    assert budget.unit == "บาท"
    assert [lv.target for lv in budget.levels.all()] == [
        Decimal("2250000000"),
        Decimal("2375000000"),
        Decimal("2500000000"),
    ]
    assert min(b.value for b in budget.baselines.all()) > Decimal("2000000000")
