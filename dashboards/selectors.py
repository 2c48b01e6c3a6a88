"""The executive dashboard of one department, fiscal year and round (issue 7 item 1).

`dashboard(user, department, fiscal_year, round_pk)` reads a constant number of queries whatever
the number of KPIs or earlier years: the round's results come from reporting.results (constant),
the forecasts from one query over the framework's accepted reports, the year-over-year totals
from one query over the accepted reports of every year's round of record.

Callers check access first (dashboards.access.dashboard_access).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from agreements.models import Acknowledgement, Agreement
from dashboards.access import DashboardAccess
from dashboards.lights import (
    LIGHT_LABELS,
    LIGHT_SYMBOLS,
    Forecast,
    Light,
    Point,
    Rule,
    forecast,
    light_for,
    rule_for,
)
from dashboards.models import TrafficLightRule
from frameworks import scoring
from frameworks.models import Framework, ReportingRound
from indicators.criteria import max_score_for, result_levels_for
from reporting.models import RoundState, Submission
from reporting.results import KpiResult, round_is_final, round_results

ACCEPTED = Submission.State.ACCEPTED


# Totals ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """The agency total of a round as the dashboard shows it (domain §6)."""

    total: Decimal | None  # on 100, or the 1–5 weighted average for five-level years
    points: Decimal  # Σ weighted points of the KPIs with a result
    pending: int  # KPIs without an accepted result (0 once the final round is closed)
    pending_weight: Decimal  # the points still open (what the pending KPIs can still add)
    max_possible: Decimal
    components: tuple[scoring.ComponentTotal, ...]
    level: scoring.ResultLevel | None
    final: bool
    five_level: bool
    precision: int


def is_closed(round_: ReportingRound) -> bool:
    state: RoundState | None = getattr(round_, "reporting_state", None)
    return state is not None and state.state == RoundState.State.CLOSED


def is_opened(round_: ReportingRound) -> bool:
    return getattr(round_, "reporting_state", None) is not None


def five_level(framework: Framework) -> bool:
    return framework.template == Framework.Template.FIVE_BASES


def total_of(framework: Framework, items: Sequence[scoring.KpiPoints], *, final: bool) -> Total:
    """Pending KPIs are shown as pending (not zero) unless `final`: the final round once closed
    (reporting.results.round_is_final, the rule agency_round_total uses too; domain §6)."""
    totals = scoring.agency_total(items, final=final)
    is_five = five_level(framework)
    if is_five:
        average = scoring.weighted_average(items, final=final)
        shown = average.quantize(Decimal("0.0001")) if average is not None else None
    else:
        shown = totals.total if items else None
    level = None
    if shown is not None:
        try:
            level = scoring.result_level(shown, result_levels_for(framework))
        except ValueError:
            level = None
    return Total(
        total=shown,
        points=totals.total,
        pending=totals.pending,
        pending_weight=totals.max_possible - totals.total,
        max_possible=totals.max_possible,
        components=totals.components,
        level=level,
        final=final,
        five_level=is_five,
        precision=framework.precision,
    )


def items_of(rows: Iterable[KpiResult]) -> list[scoring.KpiPoints]:
    return [
        scoring.KpiPoints(
            key=str(row.kpi_key),
            component=row.component_name,
            weight=row.weight,
            score=row.self_score if row.accepted else None,
            max_score=row.max_score,
        )
        for row in rows
    ]


# The dashboard ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRow:
    result: KpiResult
    forecast: Forecast
    light: Light
    points: Decimal | None

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])

    @property
    def light_symbol(self) -> str:
        return LIGHT_SYMBOLS[self.light]


@dataclass(frozen=True)
class YearTotal:
    fiscal_year: int
    round_name: str
    total: Total
    current: bool


@dataclass(frozen=True)
class Dashboard:
    department: Department
    framework: Framework
    rounds: list[ReportingRound]
    round: ReportingRound
    round_closed: bool
    total: Total
    forecast_total: Total  # every KPI at its forecast score: where the year is heading
    rule: Rule
    kpis: list[KpiRow]
    light_counts: dict[Light, int]
    overdue: list[Submission]
    acknowledgements: list[Acknowledgement]
    years: list[YearTotal]
    access: DashboardAccess
    today: datetime.date
    public: bool  # the year's agreement is published to the public (dashboards public page)

    @property
    def at_risk(self) -> list[KpiRow]:
        return [row for row in self.kpis if row.light in (Light.AMBER, Light.RED)]


def framework_for(department: Department, fiscal_year: int) -> Framework | None:
    return (
        Framework.objects.filter(department=department, fiscal_year=fiscal_year)
        .select_related("department__ministry", "traffic_light_rule")
        .prefetch_related(
            "result_levels",
            Prefetch(
                "rounds",
                queryset=ReportingRound.objects.select_related("reporting_state").order_by(
                    "order", "period_end"
                ),
            ),
        )
        .first()
    )


def stored_rule(framework: Framework) -> TrafficLightRule | None:
    rule: TrafficLightRule | None = getattr(framework, "traffic_light_rule", None)
    return rule


def rule_of(framework: Framework) -> Rule:
    stored = stored_rule(framework)
    if stored is None:
        return rule_for(framework)
    return rule_for(framework, stored.green_min_score, stored.amber_min_score)


def default_round(rounds: Sequence[ReportingRound]) -> ReportingRound | None:
    """The latest round that has been opened, else the first one."""
    opened = [r for r in rounds if is_opened(r)]
    if opened:
        return opened[-1]
    return rounds[0] if rounds else None


def _points_by_key(framework: Framework, up_to: ReportingRound) -> dict[str, list[Point]]:
    """Accepted results of every round up to `up_to`, by KPI key (one query)."""
    points: dict[str, list[Point]] = defaultdict(list)
    rows = (
        Submission.objects.filter(
            round__framework=framework, round__order__lte=up_to.order, state=ACCEPTED
        )
        .values_list("kpi_key", "round__order", "round__name_th", "result", "self_score")
        .order_by("round__order")
    )
    for key, order, name, result, score in rows:
        points[str(key)].append(Point(order, name, result, score))
    return points


def kpi_rows(
    framework: Framework, round_: ReportingRound, results: Sequence[KpiResult], rule: Rule
) -> list[KpiRow]:
    final_closed = round_is_final(round_)
    history = _points_by_key(framework, round_)
    rows = []
    for result in results:
        guess = forecast(
            history.get(str(result.kpi_key), []),
            final_round=round_.order if final_closed else None,
        )
        rows.append(
            KpiRow(
                result=result,
                forecast=guess,
                light=light_for(guess.score, rule),
                points=result.points(result.self_score) if result.accepted else None,
            )
        )
    return rows


def overdue_reports(framework: Framework, today: datetime.date) -> list[Submission]:
    """Reports past their round's due date and not accepted by the coordinator."""
    return list(
        Submission.objects.filter(round__framework=framework, round__due_date__lt=today)
        .exclude(state=ACCEPTED)
        .select_related("round", "kpi__component", "kpi__responsible_unit")
        .order_by("round__order", "kpi__component__order", "kpi__number")
    )


def acknowledgements_pending(framework: Framework) -> list[Acknowledgement]:
    return list(
        Acknowledgement.objects.filter(
            agreement__framework=framework, acknowledged_at__isnull=True
        ).select_related("person__unit")
    )


def round_of_record(framework: Framework) -> ReportingRound | None:
    """The round a year is judged by: the final round once closed, else the latest opened."""
    rounds = list(framework.rounds.all())
    opened = [r for r in rounds if is_opened(r)]
    return opened[-1] if opened else None


def year_totals(
    department: Department, current: Framework, current_round: ReportingRound, current_total: Total
) -> list[YearTotal]:
    """Each fiscal year's total up to the one shown: earlier years at their round of record,
    the year shown at the round shown. Years on another scale (five-level years against a
    100-point year) are left out: their totals cannot be compared. Three queries."""
    frameworks = list(
        Framework.objects.filter(department=department, fiscal_year__lt=current.fiscal_year)
        .prefetch_related(
            "result_levels",
            Prefetch(
                "rounds",
                queryset=ReportingRound.objects.select_related("reporting_state").order_by(
                    "order", "period_end"
                ),
            ),
        )
        .order_by("fiscal_year")
    )
    frameworks = [f for f in frameworks if five_level(f) == five_level(current)]
    chosen = {f.pk: r for f in frameworks if (r := round_of_record(f)) is not None}
    by_round: dict[int, list[scoring.KpiPoints]] = defaultdict(list)
    submissions = (
        Submission.objects.filter(round__in=list(chosen.values()), state=ACCEPTED)
        .select_related("kpi__component")
        .prefetch_related("kpi__levels")
    )
    for submission in submissions:
        kpi = submission.kpi
        by_round[submission.round_id].append(
            scoring.KpiPoints(
                key=str(submission.kpi_key),
                component=kpi.component.name_th,
                weight=kpi.weight,
                score=submission.self_score,
                max_score=max_score_for(kpi),
            )
        )
    years = []
    for framework in frameworks:
        round_ = chosen.get(framework.pk)
        if round_ is None:
            continue
        total = total_of(
            framework,
            by_round.get(round_.pk, []),
            final=round_is_final(round_),
        )
        years.append(YearTotal(framework.fiscal_year, round_.name_th, total, current=False))
    years.append(YearTotal(current.fiscal_year, current_round.name_th, current_total, current=True))
    return years


def dashboard(
    department: Department,
    fiscal_year: int,
    access: DashboardAccess,
    round_pk: int | None = None,
    *,
    today: datetime.date | None = None,
) -> Dashboard | None:
    """Everything the dashboard page shows, or None when the year has no framework or round."""
    framework = framework_for(department, fiscal_year)
    if framework is None:
        return None
    rounds = list(framework.rounds.all())
    round_ = next((r for r in rounds if r.pk == round_pk), None) or default_round(rounds)
    if round_ is None:
        return None
    today = today or timezone.localdate()
    results = round_results(round_)
    closed = is_closed(round_)
    total = total_of(framework, items_of(results), final=round_is_final(round_))
    rule = rule_of(framework)
    rows = kpi_rows(framework, round_, results, rule)
    forecast_items = [
        scoring.KpiPoints(
            key=str(row.result.kpi_key),
            component=row.result.component_name,
            weight=row.result.weight,
            score=row.forecast.score,
            max_score=row.result.max_score,
        )
        for row in rows
    ]
    counts = {light: 0 for light in Light}
    for row in rows:
        counts[row.light] += 1
    return Dashboard(
        department=department,
        framework=framework,
        rounds=rounds,
        round=round_,
        round_closed=closed,
        total=total,
        forecast_total=total_of(framework, forecast_items, final=total.final),
        rule=rule,
        kpis=rows,
        light_counts=counts,
        overdue=overdue_reports(framework, today) if access.internal else [],
        acknowledgements=acknowledgements_pending(framework) if access.internal else [],
        years=year_totals(department, framework, round_, total),
        access=access,
        today=today,
        public=Agreement.objects.filter(
            framework=framework, public=True, published_at__isnull=False
        ).exists(),
    )


def round_status(round_: ReportingRound) -> str:
    state: RoundState | None = getattr(round_, "reporting_state", None)
    if state is None:
        return _("ยังไม่เปิดรอบ")
    return str(state.get_state_display())
