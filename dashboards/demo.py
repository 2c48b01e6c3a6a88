"""History for the demo department (issue 7 item 5): the two years before last year
(`accounts.demo.DemoYears.history`; FY 2567 and FY 2568 when today is in FY 2570), idempotently.

Each year gets a Performance/Potential framework from the shipped template, last year's demo
KPI sheets carried over (same names, so the KPI drill-down links the years), approved, and both
rounds closed with every report accepted. The 12-month result is the year's baseline recorded on
last year's sheet where there is one; other results are chosen per KPI and round on the KPI's
own target scale. Everything is scored with reporting.calc.compute, as a real report would be.
Demo data, not a user's action: no audit events, rows are written directly in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import DemoYears
from accounts.models import Department
from frameworks.models import Framework, ReportingRound
from frameworks.services import changes_from_template, create_framework_rows
from frameworks.templates_data import PERFORMANCE_POTENTIAL
from indicators.models import DataItem, Kpi, ScoringMethod, TargetLevel
from reporting.calc import compute
from reporting.models import RoundState, Submission

# Where each KPI (by number) stood in each round, on its level scale: 0 = ขั้นต้น target,
# 1 = มาตรฐาน, 2 = ขั้นสูง, below 0 short of ขั้นต้น; milestone KPIs: the steps reached.
# Keyed by how many years before last year: 2 = the older history year, 1 = the newer one.
PROGRESS: dict[str, dict[int, tuple[Decimal, Decimal]]] = {
    "1": {2: (Decimal("0.6"), Decimal("1.2")), 1: (Decimal("1.0"), Decimal("1.6"))},
    "2": {2: (Decimal("-0.3"), Decimal("0.5")), 1: (Decimal("0.4"), Decimal("1.1"))},
    "3": {2: (Decimal(2), Decimal(4)), 1: (Decimal(3), Decimal(5))},
    "4": {2: (Decimal("0.2"), Decimal("0.9")), 1: (Decimal("0.8"), Decimal("1.4"))},
    "5": {2: (Decimal("1.0"), Decimal("1.8")), 1: (Decimal("1.5"), Decimal("2.0"))},
    "6": {2: (Decimal("0.5"), Decimal("1.0")), 1: (Decimal("1.2"), Decimal("2.0"))},
    "7": {2: (Decimal("0.8"), Decimal("1.5")), 1: (Decimal("1.1"), Decimal("1.9"))},
    # The budget disbursed (บาท, issue 17 item 9): short of ขั้นต้น at 6 months, as budgets are.
    "8": {2: (Decimal("-2.5"), Decimal("0.7")), 1: (Decimal("-2.0"), Decimal("1.2"))},
}
DEFAULT_PROGRESS = (Decimal("0.5"), Decimal("1.2"))


def _on_scale(targets: list[Decimal], position: Decimal) -> Decimal:
    """The result at `position` along three level targets (works for lower-is-better too)."""
    first, second, third = targets[0], targets[1], targets[-1]
    if position <= 1:
        return first + position * (second - first)
    return second + (position - 1) * (third - second)


Values = dict[str, Decimal]


def _search(
    result: Decimal,
    sizes: range,
    build: Callable[[int], Values],
    formula: Callable[[Values], Decimal],
) -> dict[str, str]:
    """The first whole-number data whose formula result shows as `result` (2 decimals)."""
    wanted = _two(result)
    chosen = next((v for v in map(build, sizes) if _two(formula(v)) == wanted), build(sizes[0]))
    return {key: str(value) for key, value in chosen.items()}


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), ROUND_HALF_UP)


def _values(formula: str, result: Decimal) -> dict[str, str] | None:
    """Data item values that give `result` under the demo sheets' formulas (None: unknown)."""
    compact = formula.replace(" ", "")
    if compact == "(a/b)*100":
        return _search(
            result,
            range(120, 400),
            lambda b: {"a": _whole(result * b / 100), "b": Decimal(b)},
            lambda v: v["a"] / v["b"] * 100,
        )
    if compact == "a/b":
        return _search(
            result,
            range(40, 90),
            lambda b: {"a": _whole(result * b), "b": Decimal(b)},
            lambda v: v["a"] / v["b"],
        )
    if compact == "((bau-actual)/bau)*100":
        return _search(
            result,
            range(1000, 1200),
            lambda bau: {"bau": Decimal(bau), "actual": _whole(bau - result * bau / 100)},
            lambda v: (v["bau"] - v["actual"]) / v["bau"] * 100,
        )
    return None


def _framework(department: Department, year: int) -> Framework:
    framework = Framework.objects.filter(department=department, fiscal_year=year).first()
    if framework is None:
        changes = changes_from_template(PERFORMANCE_POTENTIAL, year)
        framework = create_framework_rows(department, year, PERFORMANCE_POTENTIAL.key, changes)
    Framework.objects.filter(pk=framework.pk).update(state=Framework.State.ACTIVE)
    return framework


def _carry_over(source: Kpi, framework: Framework, shift: Decimal) -> Kpi:
    """Last year's sheet as it was in an earlier year: same name and data items, its targets
    moved by `shift` (targets rise from year to year)."""
    existing = Kpi.objects.filter(framework=framework, number=source.number, is_latest=True)
    kpi = existing.first()
    if kpi is not None:
        return kpi
    approved = timezone.make_aware(datetime.datetime(framework.fiscal_year - 544, 11, 1, 10, 0))
    kpi = Kpi.objects.create(
        framework=framework,
        component=framework.components.get(code=source.component.code),
        number=source.number,
        name_th=source.name_th,
        name_en=source.name_en,
        unit=source.unit,
        weight=source.weight,
        description=source.description,
        formula=source.formula,
        method=source.method,
        direction=source.direction,
        interpolate=source.interpolate,
        floor=source.floor,
        evidence_required=source.evidence_required,
        data_source=source.data_source,
        responsible_unit=source.responsible_unit,
        overseer=source.overseer,
        state=Kpi.State.APPROVED,
        approved_at=approved,
    )
    DataItem.objects.bulk_create(
        DataItem(kpi=kpi, order=d.order, code=d.code, name_th=d.name_th, unit=d.unit)
        for d in source.data_items.all()
    )
    TargetLevel.objects.bulk_create(
        TargetLevel(
            kpi=kpi,
            order=lv.order,
            label=lv.label,
            target=lv.target + shift,
            score=lv.score,
            description=lv.description,
        )
        for lv in source.levels.all()
    )
    return kpi


def _report(
    kpi: Kpi, round_: ReportingRound, position: Decimal, baseline: Decimal | None = None
) -> None:
    levels = sorted(kpi.levels.all(), key=lambda lv: lv.order)
    if baseline is not None:  # the year's result as last year's sheet records it
        direct = baseline
    elif kpi.method in (ScoringMethod.LEVELS, ScoringMethod.SCALE5):
        direct = _on_scale([lv.target for lv in levels], position).quantize(Decimal("0.01"))
    else:  # milestone and the like: the steps reached
        direct = position
    values = _values(kpi.formula, direct) if kpi.formula.strip() else None
    computed = compute(
        kpi,
        {k: Decimal(v) for k, v in (values or {}).items()},
        None if values else direct,
    )
    stamp = timezone.make_aware(
        datetime.datetime.combine(round_.due_date - datetime.timedelta(days=10), datetime.time(10))
    )
    Submission.objects.update_or_create(
        round=round_,
        kpi_key=kpi.key,
        defaults={
            "kpi": kpi,
            "state": Submission.State.ACCEPTED,
            "values": values or {},
            "result": computed.result,
            "self_score": computed.score,
            "level_label": computed.level_label,
            "supporting_factors": "ผู้บริหารติดตามผลการดำเนินงานทุกเดือน",
            "submitted_at": stamp,
            "approved_at": stamp,
            "accepted_at": stamp,
        },
    )


def _shift(source: Kpi, baseline: Decimal | None, progress: tuple[Decimal, Decimal]) -> Decimal:
    """How far the year's targets sat from last year's so that the year's result (the baseline)
    lands where PROGRESS puts it on the level scale."""
    if baseline is None or source.method not in (ScoringMethod.LEVELS, ScoringMethod.SCALE5):
        return Decimal(0)
    targets = [lv.target for lv in sorted(source.levels.all(), key=lambda lv: lv.order)]
    return _two(baseline - _on_scale(targets, progress[1]))


def _link_years(department: Department, numbers: list[str], years: list[int]) -> None:
    """Each year's sheet continues the one of the year before (`Kpi.predecessor`, issue 17
    item 6), as a coordinator carrying the KPIs forward records it."""
    years = sorted(years)
    for number in numbers:
        by_year = {
            kpi.framework.fiscal_year: kpi
            for kpi in Kpi.objects.filter(
                framework__department=department,
                framework__fiscal_year__in=years,
                number=number,
                is_latest=True,
            ).select_related("framework")
        }
        for year, earlier in zip(years[1:], years, strict=False):
            if year in by_year and earlier in by_year:
                Kpi.objects.filter(key=by_year[year].key).update(predecessor=by_year[earlier])


def load_demo(agency: str, years: DemoYears | None = None) -> None:
    years = years or DemoYears.of()
    department = Department.objects.get(code=agency)
    sources = list(
        Kpi.objects.filter(
            framework__department=department,
            framework__fiscal_year=years.last,
            is_latest=True,
            parent__isnull=True,
        )
        .select_related("component", "responsible_unit", "overseer")
        .prefetch_related("levels", "data_items", "baselines")
        .order_by("component__order", "number")
    )
    if not sources:
        return
    with transaction.atomic():
        for year in years.history:
            framework = _framework(department, year)
            rounds = list(framework.rounds.order_by("order", "period_end"))
            for source in sources:
                progress = PROGRESS.get(source.number, {}).get(years.last - year, DEFAULT_PROGRESS)
                baselines = {b.fiscal_year: b.value for b in source.baselines.all()}
                kpi = _carry_over(source, framework, _shift(source, baselines.get(year), progress))
                for index, round_ in enumerate(rounds[:2]):
                    final = round_.is_final
                    _report(kpi, round_, progress[index], baselines.get(year) if final else None)
            for round_ in rounds:
                closed = timezone.make_aware(
                    datetime.datetime.combine(round_.due_date, datetime.time(17))
                )
                RoundState.objects.update_or_create(
                    round=round_,
                    defaults={
                        "state": RoundState.State.CLOSED,
                        "opened_at": closed - datetime.timedelta(days=45),
                        "closed_at": closed,
                    },
                )
        years_linked = [*years.history, years.last, years.current]
        _link_years(department, [source.number for source in sources], years_linked)
