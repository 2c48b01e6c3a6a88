"""The executive dashboard of one department, fiscal year and round (issue 7 item 1).

`dashboard(user, department, fiscal_year, round_pk)` reads a constant number of queries whatever
the number of KPIs or earlier years. Every figure comes from the results read model and is only
arranged here: the round's rows and total from reporting.results (the SAR's), forecasts and
lights from reporting.outlook, the year-over-year totals from reporting.outlook.round_summaries.

Callers check access first (dashboards.access.dashboard_access).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from agreements.models import Acknowledgement, Agreement
from dashboards.access import DashboardAccess
from dashboards.models import TrafficLightRule
from frameworks.lights import Light, Rule, rule_of
from frameworks.models import Framework, ReportingRound
from reporting.models import RoundState, Submission
from reporting.outlook import (
    KpiOutlook,
    forecast_total,
    kpi_outlooks,
    light_counts,
    round_summaries,
)
from reporting.results import RoundTotal, agency_round_total, round_is_draft, round_results

ACCEPTED = Submission.State.ACCEPTED
KpiRow = KpiOutlook  # a KPI of the dashboard: its results, forecast and light


def is_closed(round_: ReportingRound) -> bool:
    state: RoundState | None = getattr(round_, "reporting_state", None)
    return state is not None and state.state == RoundState.State.CLOSED


def is_opened(round_: ReportingRound) -> bool:
    return getattr(round_, "reporting_state", None) is not None


# The dashboard ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearTotal:
    fiscal_year: int
    round_name: str
    total: RoundTotal
    current: bool


@dataclass(frozen=True)
class Dashboard:
    department: Department
    framework: Framework
    rounds: list[ReportingRound]
    round: ReportingRound
    round_closed: bool
    total: RoundTotal
    forecast_total: RoundTotal  # every KPI at its forecast score: where the year is heading
    rule: Rule
    kpis: list[KpiRow]
    light_counts: dict[Light, int]
    overdue: list[Submission]
    acknowledgements: list[Acknowledgement]
    years: list[YearTotal]
    access: DashboardAccess
    today: datetime.date
    public: bool  # the year's agreement is published to the public (dashboards public page)
    draft: bool  # reporting.results.round_is_draft: printed, it is "ฉบับร่าง — ข้อมูล ณ วันที่ …"

    @property
    def headline(self) -> RoundTotal:
        """The figure an executive reads first (issue 16 item 4): while the round is open, the
        forecast (each KPI's latest accepted result, the others pending), never the round's
        own total of nothing accepted yet; once it is closed, the round's total."""
        return self.total if self.round_closed else self.forecast_total

    @property
    def last_year(self) -> YearTotal | None:
        """Last fiscal year's total (at its round of record), when it is on the same scale."""
        return next(
            (y for y in self.years if y.fiscal_year == self.framework.fiscal_year - 1), None
        )

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


def default_round(rounds: Sequence[ReportingRound]) -> ReportingRound | None:
    """The latest round that has been opened, else the first one."""
    opened = [r for r in rounds if is_opened(r)]
    if opened:
        return opened[-1]
    return rounds[0] if rounds else None


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
    department: Department,
    current: Framework,
    current_round: ReportingRound,
    current_total: RoundTotal,
) -> list[YearTotal]:
    """Each fiscal year's total up to the one shown: earlier years at their round of record
    (reporting.outlook.round_summaries: the same total as that round's own pages), the year
    shown at the round shown. Years on another scale (five-level years against a 100-point
    year) are left out: their totals cannot be compared. A constant number of queries."""
    frameworks = list(
        Framework.objects.filter(department=department, fiscal_year__lt=current.fiscal_year)
        .select_related("traffic_light_rule")
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
    frameworks = [f for f in frameworks if f.is_five_level == current.is_five_level]
    chosen = {f.pk: r for f in frameworks if (r := round_of_record(f)) is not None}
    summaries = round_summaries(chosen, {f.pk: f for f in frameworks})
    years = [
        YearTotal(framework.fiscal_year, summary.round.name_th, summary.total, current=False)
        for framework in frameworks
        if (summary := summaries.get(framework.pk)) is not None
    ]
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
    total = agency_round_total(round_, results)
    rule = rule_of(framework)
    rows = kpi_outlooks(framework, round_, results, rule)
    return Dashboard(
        department=department,
        framework=framework,
        rounds=rounds,
        round=round_,
        round_closed=closed,
        total=total,
        forecast_total=forecast_total(framework, rows, final=total.final),
        rule=rule,
        kpis=rows,
        light_counts=light_counts([row.light for row in rows]),
        overdue=overdue_reports(framework, today) if access.internal else [],
        acknowledgements=acknowledgements_pending(framework) if access.internal else [],
        years=year_totals(department, framework, round_, total),
        access=access,
        today=today,
        public=Agreement.objects.filter(
            framework=framework, public=True, published_at__isnull=False
        ).exists(),
        draft=round_is_draft(round_),
    )


def round_status(round_: ReportingRound) -> str:
    state: RoundState | None = getattr(round_, "reporting_state", None)
    if state is None:
        return _("ยังไม่เปิดรอบ")
    return str(state.get_state_display())
