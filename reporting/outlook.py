"""Where each KPI and the agency are heading: forecasts, traffic lights and round summaries
(issue 7 items 1–2; issue 15 item 5). Part of the results read model (reporting.results).

Forecast. The forecast to year end is the latest accepted result (self score) up to the round
shown: this round's if accepted, else the most recent earlier round's. For a milestone KPI that
is the score of the steps reached so far. We deliberately do not extrapolate (e.g. the 6-month
result × 12/6): the KPI sheet does not say whether a KPI accumulates over the year, most KPIs
are ratios, averages or milestones, and a linear projection of a ratio would be wrong. "As it
stands now" is the honest, explainable forecast, and it is what OPDC will score if nothing
changes. A KPI without an accepted result in the final round once it is closed scores 0
(domain §6) and so is red.

Lights. Each KPI's forecast score against the framework's rule (frameworks.lights).

`kpi_outlooks` serves one round with its full rows (the executive dashboard);
`round_summaries` many rounds at once from plain values (the ministry roll-up, year over
year), with the same totals (reporting.results.total_of). Both read a constant number of
queries.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q

from frameworks import scoring
from frameworks.lights import LIGHT_LABELS, LIGHT_SYMBOLS, Light, Rule, light_for, rule_of
from frameworks.models import Framework, ReportingRound
from indicators.models import RoundExpectation, TargetLevel
from reporting.models import Submission
from reporting.results import KpiResult, RoundTotal, round_is_final, total_of

ACCEPTED = Submission.State.ACCEPTED


@dataclass(frozen=True)
class Point:
    """One round's accepted result of a KPI (None when the round has no accepted report)."""

    round_order: int
    round_name: str
    result: Decimal | None
    score: Decimal | None


@dataclass(frozen=True)
class Forecast:
    result: Decimal | None
    score: Decimal | None
    source: str  # name of the round the forecast comes from, "" when none
    counted_zero: bool = False  # the final round closed without an accepted result


def forecast(points: Sequence[Point], *, final_round: int | None = None) -> Forecast:
    """The latest accepted result among `points` (rounds up to the one shown).

    `final_round` (the order of the final round, once it is closed): only that round counts,
    and a KPI without an accepted result in it scores 0 (domain §6)."""
    if final_round is not None:
        last = next((p for p in points if p.round_order == final_round), None)
        if last is not None and last.score is not None:
            return Forecast(last.result, last.score, last.round_name)
        return Forecast(None, Decimal(0), "", counted_zero=True)
    for point in sorted(points, key=lambda p: p.round_order, reverse=True):
        if point.score is not None:
            return Forecast(point.result, point.score, point.round_name)
    return Forecast(None, None, "")


@dataclass(frozen=True)
class LatestResult:
    """A KPI's latest accepted report of the year (the public page; the forecast's source)."""

    result: Decimal | None
    score: Decimal | None
    level_label: str
    round_name: str


def latest_results(framework: Framework, keys: Sequence[uuid.UUID]) -> dict[str, LatestResult]:
    """KPI key → its latest accepted report in the framework's rounds (one query)."""
    latest: dict[str, LatestResult] = {}
    for key, result, score, label, round_name in (
        Submission.objects.filter(round__framework=framework, kpi_key__in=keys, state=ACCEPTED)
        .order_by("round__order", "round__period_end")
        .values_list("kpi_key", "result", "self_score", "level_label", "round__name_th")
    ):
        latest[str(key)] = LatestResult(result, score, label, round_name)
    return latest


# One round, with its rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class KpiOutlook:
    result: KpiResult
    forecast: Forecast
    light: Light
    points: Decimal | None  # of the accepted self score in this round

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])

    @property
    def light_symbol(self) -> str:
        return LIGHT_SYMBOLS[self.light]


def history_points(framework: Framework, up_to: ReportingRound) -> dict[str, list[Point]]:
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


def kpi_outlooks(
    framework: Framework, round_: ReportingRound, results: Sequence[KpiResult], rule: Rule
) -> list[KpiOutlook]:
    """Each KPI of `results` (reporting.results.round_results of `round_`) with its forecast
    and light. One query."""
    final_round = round_.order if round_is_final(round_) else None
    history = history_points(framework, round_)
    outlooks = []
    for result in results:
        guess = forecast(history.get(str(result.kpi_key), []), final_round=final_round)
        outlooks.append(
            KpiOutlook(
                result=result,
                forecast=guess,
                light=light_for(guess.score, rule),
                points=result.self_points if result.accepted else None,
            )
        )
    return outlooks


def forecast_total(
    framework: Framework, outlooks: Sequence[KpiOutlook], *, final: bool
) -> RoundTotal:
    """Every KPI at its forecast score: where the year is heading (= the total once final)."""
    return total_of(
        framework,
        [
            scoring.KpiPoints(
                key=str(row.result.kpi_key),
                component=row.result.component_name,
                weight=row.result.weight,
                score=row.forecast.score,
                max_score=row.result.max_score,
            )
            for row in outlooks
        ],
        final=final,
    )


def light_counts(lights: Sequence[Light]) -> dict[Light, int]:
    counts = dict.fromkeys(Light, 0)
    for light in lights:
        counts[light] += 1
    return counts


# Many rounds, from plain values ----------------------------------------------------------------


@dataclass(frozen=True)
class RoundSummary:
    """A round's total, forecast total and a light per KPI, without the rows."""

    round: ReportingRound
    total: RoundTotal
    forecast: RoundTotal
    lights: tuple[Light, ...]  # one per KPI of the round

    @property
    def kpis(self) -> int:
        return len(self.lights)


@dataclass
class _Kpi:
    key: str
    kpi_id: int
    component: str
    weight: Decimal


def round_summaries(
    records: Mapping[int, ReportingRound], frameworks: Mapping[int, Framework]
) -> dict[int, RoundSummary]:
    """framework id → the summary of its round in `records` (each an opened round; its
    reporting_state select_related, its framework's result_levels prefetched and
    traffic_light_rule select_related). Three queries whatever the number of rounds or KPIs:
    a country-sized ministry has tens of thousands of reports, read as plain values."""
    if not records:
        return {}
    chosen = list(frameworks.values())
    max_scores: dict[int, Decimal] = dict(
        TargetLevel.objects.filter(kpi__framework__in=chosen)
        .values("kpi_id")
        .annotate(top=Max("score"))
        .values_list("kpi_id", "top")
    )
    # The KPIs of each round: one report per KPI in force (the version scored against).
    in_round: dict[int, list[_Kpi]] = defaultdict(list)
    for round_id, kpi_key, kpi_id, component, weight in (
        Submission.objects.filter(round__in=list(records.values()))
        .order_by("kpi__component__order", "kpi__number", "pk")
        .values_list("round_id", "kpi_key", "kpi_id", "kpi__component__name_th", "kpi__weight")
    ):
        in_round[round_id].append(_Kpi(str(kpi_key), kpi_id, component, weight))
    # Per-round rules (issue 17 item 3): the reports' own versions' rules, and the KPIs taken
    # out of the round (their latest version with a rule for it: no report to pin one).
    rules: dict[int, _Rules] = defaultdict(_Rules)
    for round_id, kpi_key, kpi_id, component, sheet_weight, in_force, round_weight in (
        RoundExpectation.objects.filter(round__in=list(records.values()))
        .filter(Q(in_force=False) | Q(weight__isnull=False))
        .order_by("kpi__version")
        .values_list(
            "round_id",
            "kpi__key",
            "kpi_id",
            "kpi__component__name_th",
            "kpi__weight",
            "in_force",
            "weight",
        )
    ):
        rules[round_id].own[kpi_id] = (in_force, round_weight)
        rules[round_id].latest[str(kpi_key)] = (component, sheet_weight, in_force)
    for round_id, kpis_of_round in in_round.items():
        if round_id in rules:
            in_round[round_id] = _in_force(kpis_of_round, rules[round_id])
    # Every accepted report up to each round (this round's total, and the forecasts).
    points: dict[int, dict[str, list[Point]]] = defaultdict(lambda: defaultdict(list))
    scores: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for framework_id, round_id, order, round_name, kpi_key, result, score in (
        Submission.objects.filter(round__framework__in=chosen, state=ACCEPTED)
        .order_by("round__order")
        .values_list(
            "round__framework_id",
            "round_id",
            "round__order",
            "round__name_th",
            "kpi_key",
            "result",
            "self_score",
        )
    ):
        record = records.get(framework_id)
        if record is None or order > record.order:
            continue
        points[framework_id][str(kpi_key)].append(Point(order, round_name, result, score))
        if round_id == record.pk:
            scores[framework_id][str(kpi_key)] = score
    summaries = {}
    for framework_id, record in records.items():
        framework = frameworks[framework_id]
        final = round_is_final(record)
        kpis = in_round[record.pk]

        def item(kpi: _Kpi, score: Decimal | None) -> scoring.KpiPoints:
            top = max_scores.get(kpi.kpi_id, scoring.HUNDRED)
            return scoring.KpiPoints(kpi.key, kpi.component, kpi.weight, score, top)

        guesses = [
            item(
                kpi,
                forecast(
                    points[framework_id].get(kpi.key, []),
                    final_round=record.order if final else None,
                ).score,
            )
            for kpi in kpis
        ]
        rule = rule_of(framework)
        summaries[framework_id] = RoundSummary(
            round=record,
            total=total_of(
                framework,
                [item(kpi, scores[framework_id].get(kpi.key)) for kpi in kpis],
                final=final,
            ),
            forecast=total_of(framework, guesses, final=final),
            lights=tuple(light_for(guess.score, rule) for guess in guesses),
        )
    return summaries


@dataclass
class _Rules:
    """A round's rules: by KPI version id (in force, weight) and, for KPIs without a report,
    by key from their latest version with a rule (component, sheet weight, in force)."""

    own: dict[int, tuple[bool, Decimal | None]] = field(default_factory=dict)
    latest: dict[str, tuple[str, Decimal, bool]] = field(default_factory=dict)


def _in_force(kpis: list[_Kpi], rules: _Rules) -> list[_Kpi]:
    """The round's reported KPIs evaluated in it, with the weights in force for the round
    (frameworks.scoring.round_weights, as reporting.results applies it to the rows)."""
    items = []
    reported = {kpi.key for kpi in kpis}
    for kpi in kpis:
        in_force, weight = rules.own.get(kpi.kpi_id, (True, None))
        items.append(
            scoring.RoundWeight(
                kpi.key, kpi.component, kpi.weight, in_force, weight if in_force else None
            )
        )
    for key, (component, sheet_weight, in_force) in rules.latest.items():
        if key not in reported and not in_force:
            items.append(scoring.RoundWeight(key, component, sheet_weight, False))
    weights = scoring.round_weights(items)
    return [
        _Kpi(kpi.key, kpi.kpi_id, kpi.component, weights[kpi.key])
        for kpi in kpis
        if kpi.key in weights
    ]
