"""Builders for dashboards tests: a year's framework with KPIs, rounds in a chosen state and
accepted reports written directly (scored by reporting.calc.compute, as a real report is)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Department
from agreements.models import Agreement
from agreements.terms import snapshot_of
from frameworks.models import Framework, ReportingRound, ResultLevelCut
from indicators.models import Kpi
from reporting.calc import compute
from reporting.models import RoundState, Submission
from reporting.tests.factories import make_framework, make_kpi, make_round

D = Decimal


def framework_with_kpis(
    department: Department,
    year: int = 2569,
    weights: tuple[str, ...] = ("60", "40"),
    **kpi_options: object,
) -> tuple[Framework, list[Kpi]]:
    """A Performance/Potential framework with result levels 90/75/60 and direct-result KPIs
    (targets 80/90/100 %, scores 50/75/100 unless told)."""
    framework = make_framework(department, year)
    for code, label, cut in (
        ("quality", "ระดับคุณภาพ", 90),
        ("advanced", "ระดับมาตรฐานขั้นสูง", 75),
        ("basic", "ระดับมาตรฐานขั้นต้น", 60),
        ("improve", "ระดับต้องปรับปรุง", 0),
    ):
        ResultLevelCut.objects.create(framework=framework, code=code, label_th=label, min_total=cut)
    kpis = [
        make_kpi(framework, str(number), weight=weight, formula="", **kpi_options)  # type: ignore[arg-type]
        for number, weight in enumerate(weights, 1)
    ]
    return framework, kpis


def rounds(framework: Framework) -> tuple[ReportingRound, ReportingRound]:
    return make_round(framework, 6), make_round(framework, 12)


def set_state(round_: ReportingRound, state: str | None) -> None:
    """None: not opened; "open" or "closed"."""
    RoundState.objects.filter(round=round_).delete()
    if state is not None:
        RoundState.objects.create(round=round_, state=state, opened_at=timezone.now())


def report(
    round_: ReportingRound,
    kpi: Kpi,
    result: str | None,
    state: str = Submission.State.ACCEPTED,
) -> Submission:
    """A report of `kpi` in `round_` with a direct result, scored like a real one."""
    computed = compute(kpi, {}, D(result) if result is not None else None)
    stamp = timezone.now()
    submission, _created = Submission.objects.update_or_create(
        round=round_,
        kpi_key=kpi.key,
        defaults={
            "kpi": kpi,
            "state": state,
            "result": computed.result,
            "self_score": computed.score,
            "level_label": computed.level_label,
            "accepted_at": stamp if state == Submission.State.ACCEPTED else None,
        },
    )
    return submission


def public_agreement(framework: Framework, *, public: bool = True, published: bool = True):
    return Agreement.objects.create(
        framework=framework,
        started_on=datetime.date(framework.fiscal_year - 544, 10, 1),
        state=Agreement.State.SIGNED,
        signed_snapshot=snapshot_of(framework),
        signed_on=datetime.date(framework.fiscal_year - 544, 11, 20),
        published_at=timezone.now() if published else None,
        public=public,
    )
