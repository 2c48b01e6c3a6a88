"""dashboards.demo: the two years before last year as history, idempotently (issue 7 item 5)."""

import pytest

from accounts.demo import DemoYears
from dashboards.demo import load_demo
from frameworks.models import Framework
from indicators.models import Baseline, Kpi
from reporting.models import RoundState, Submission
from reporting.tests.factories import make_framework, make_kpi

Y = DemoYears.of()  # the years the demo is built for today


@pytest.fixture
def source(org):
    framework = make_framework(org.department, Y.last)
    first = make_kpi(framework, "1", unit=org.eia)
    Baseline.objects.create(kpi=first, fiscal_year=Y.last - 1, value="91.30")
    make_kpi(framework, "2", unit=org.quality, direction="lower", targets=("75", "60", "45"))
    make_kpi(framework, "3", formula="", method="milestone", targets=("1", "2", "3"))
    return framework


def test_history_years_have_closed_rounds_with_accepted_reports(org, source):
    load_demo("onep")
    for year in Y.history:
        framework = Framework.objects.get(department=org.department, fiscal_year=year)
        assert framework.state == Framework.State.ACTIVE
        assert Kpi.objects.filter(framework=framework).count() == 3
        assert set(
            RoundState.objects.filter(round__framework=framework).values_list("state", flat=True)
        ) == {"closed"}
        reports = Submission.objects.filter(round__framework=framework)
        assert reports.count() == 6
        assert all(s.state == "accepted" and s.self_score is not None for s in reports)


def test_the_years_result_is_the_baseline_on_the_sheet(org, source):
    load_demo("onep")
    final = Submission.objects.get(
        round__framework__fiscal_year=Y.last - 1, round__months=12, kpi__number="1"
    )
    assert final.result is not None
    assert final.result.quantize(__import__("decimal").Decimal("0.01")) == __import__(
        "decimal"
    ).Decimal("91.30")
    assert final.values["b"] and final.values["a"]  # the data items give the result


def test_loading_twice_changes_nothing(org, source):
    load_demo("onep")
    counts = (Framework.objects.count(), Kpi.objects.count(), Submission.objects.count())
    load_demo("onep")
    assert (Framework.objects.count(), Kpi.objects.count(), Submission.objects.count()) == counts
