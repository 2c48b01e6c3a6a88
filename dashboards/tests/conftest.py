"""Fixtures of the dashboards tests: a populated year of a department."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import Department
from dashboards.tests.factories import framework_with_kpis, report, rounds, set_state
from indicators.models import Kpi
from reporting.models import RoundState, Submission


def populate(department: Department, n_kpis: int, year: int = 2569, base: int = 80) -> None:
    """The year's framework with `n_kpis` KPIs: the 6-month round closed with every report
    accepted, the 12-month round open with drafts; the year before closed and accepted. Each
    KPI continues the same-numbered one of the year before (`Kpi.predecessor`)."""
    weight = str((Decimal(100) / n_kpis).quantize(Decimal("0.0001")))
    earlier: list[Kpi] = []
    for fy, state in ((year - 1, "closed"), (year, "open")):
        framework, kpis = framework_with_kpis(department, fy, weights=(weight,) * n_kpis)
        for kpi, predecessor in zip(kpis, earlier, strict=False):
            Kpi.objects.filter(pk=kpi.pk).update(predecessor=predecessor)
        earlier = kpis
        six, twelve = rounds(framework)
        set_state(six, RoundState.State.CLOSED)
        set_state(twelve, RoundState.State.CLOSED if state == "closed" else RoundState.State.OPEN)
        for index, kpi in enumerate(kpis):
            report(six, kpi, str(base + index % 20))
            if state == "closed":
                report(twelve, kpi, str(85 + index % 15))
            else:
                report(twelve, kpi, None, state=Submission.State.DRAFT)
