"""Traffic lights of the executive dashboard: the rule and the forecast (issue 7 item 1).

Rule. Each KPI gets a forecast score for the year end; with the framework's thresholds
(`TrafficLightRule`, defaulting to the framework's มาตรฐาน and ขั้นต้น level scores):
    forecast score ≥ green_min  → green  "เป็นไปตามเป้าหมาย" (on track)
    forecast score ≥ amber_min  → amber  "มีความเสี่ยง" (at risk)
    otherwise                   → red    "ไม่เป็นไปตามเป้าหมาย" (off track)
    no result yet               → none   "ยังไม่มีผล" (grey, not counted as at risk)
A KPI without an accepted result in the final round once it is closed scores 0 (domain §6) and
so is red.

Forecast. The forecast to year end is the latest accepted result (self score) up to the round
shown: this round's if accepted, else the most recent earlier round's. For a milestone KPI that
is the score of the steps reached so far. We deliberately do not extrapolate (e.g. the 6-month
result × 12/6): the KPI sheet does not say whether a KPI accumulates over the year, most KPIs
are ratios, averages or milestones, and a linear projection of a ratio would be wrong. "As it
stands now" is the honest, explainable forecast, and it is what OPDC will score if nothing
changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"


LIGHT_LABELS: dict[Light, Promise] = {
    Light.GREEN: _("เป็นไปตามเป้าหมาย"),
    Light.AMBER: _("มีความเสี่ยง"),
    Light.RED: _("ไม่เป็นไปตามเป้าหมาย"),
    Light.NONE: _("ยังไม่มีผล"),
}
# Shapes next to the colour, so the light does not rely on colour alone (WCAG 1.4.1).
LIGHT_SYMBOLS: dict[Light, str] = {
    Light.GREEN: "●",
    Light.AMBER: "▲",
    Light.RED: "■",
    Light.NONE: "○",
}


@dataclass(frozen=True)
class Rule:
    green_min: Decimal
    amber_min: Decimal
    custom: bool  # set by the coordinator (else the framework's level scores)


def default_rule(framework: Framework) -> Rule:
    return Rule(framework.standard_score, framework.basic_score, custom=False)


def rule_for(
    framework: Framework, green_min: Decimal | None = None, amber_min: Decimal | None = None
) -> Rule:
    """The thresholds in force: the stored values, each defaulting to the framework's score."""
    base = default_rule(framework)
    return Rule(
        green_min if green_min is not None else base.green_min,
        amber_min if amber_min is not None else base.amber_min,
        custom=green_min is not None or amber_min is not None,
    )


def light_for(score: Decimal | None, rule: Rule) -> Light:
    if score is None:
        return Light.NONE
    if score >= rule.green_min:
        return Light.GREEN
    if score >= rule.amber_min:
        return Light.AMBER
    return Light.RED


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
