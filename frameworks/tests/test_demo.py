"""The frameworks demo (domain §12): idempotent, valid, with a linkable lineage."""

import datetime

import pytest

from accounts.demo import DemoYears, load_demo_org
from accounts.models import Department
from core.fiscal import FiscalYear
from frameworks import demo
from frameworks.models import Component, Framework, PlanItem, ReportingRound
from frameworks.services import framework_problems

pytestmark = pytest.mark.django_db
Y = DemoYears.of()  # the years the demo is built for today


def counts():
    return (
        Framework.objects.count(),
        Component.objects.count(),
        ReportingRound.objects.count(),
        PlanItem.objects.count(),
    )


def test_demo_is_idempotent_and_valid():
    load_demo_org()
    demo.load_demo("onep")
    first = counts()
    Component.objects.filter(code="performance").update(weight=1)
    demo.load_demo("onep")
    # 11 strategy nodes + the 13th plan and SDG 13 › 13.2 (issue 17 item 5)
    assert counts() == first == (2, 7, 4, 14)
    last = Framework.objects.get(fiscal_year=Y.last)
    assert last.state == Framework.State.ACTIVE
    assert last.components.get(code="performance").weight == 70
    ce = FiscalYear(Y.last).end.year
    rounds = list(last.rounds.values_list("months", "period_end", "due_date"))
    assert rounds == [
        (6, datetime.date(ce, 3, 31), datetime.date(ce, 4, 30)),
        (12, datetime.date(ce, 9, 30), datetime.date(ce, 10, 31)),
    ]
    assert Framework.objects.get(fiscal_year=Y.five_bases).template == "five_bases"
    for framework in Framework.objects.prefetch_related(
        "components", "result_levels", "rounds", "steps"
    ):
        assert framework_problems(framework) == []


def test_demo_lineage_nodes_are_found_by_key_or_code():
    load_demo_org()
    demo.load_demo("onep")
    eia = demo.demo_plan_item("onep", "onep_eia")
    assert eia.code == demo.DEMO_PLAN_CODES["onep_eia"] == "ONEP-2"
    assert [item.code for item in eia.path()] == ["5", "18", "180401", "MNRE-3", "ONEP-2"]
    assert demo.demo_plan_item("onep", "18").level == PlanItem.Level.MASTER
    assert PlanItem.objects.get(code="5").department is None
    assert (
        PlanItem.objects.get(code="MNRE-1").department_id == Department.objects.get(code="onep").pk
    )
    with pytest.raises(PlanItem.DoesNotExist):
        demo.demo_plan_item("onep", "NOPE")
