"""The traffic-light rule of a framework (issue 7 item 1; issue 15 item 5: one place).

A score against the framework's thresholds (by default its มาตรฐาน and ขั้นต้น level scores,
else the ones the coordinator set, stored in `dashboards.TrafficLightRule`):
    score ≥ green_min  → green  "เป็นไปตามเป้าหมาย" (on track)
    score ≥ amber_min  → amber  "มีความเสี่ยง" (at risk)
    otherwise          → red    "ไม่เป็นไปตามเป้าหมาย" (off track)
    no score yet       → none   "ยังไม่มีผล" (grey, not counted as at risk)

A result level's badge (issue 16 item 4) takes the light of its rank among the framework's
levels (`level_light`): the lowest (ระดับต้องปรับปรุง) red, the one above it amber (the minimum
standard reached, at risk), the higher ones green; every page draws it through the template
`_level_badge.html`.

Which score a page lights (a KPI's forecast on the dashboards, its self score in the SAR) is
reporting's (reporting.outlook, reporting.results); the thresholds and the rule are here, so the
executive summary and the dashboard never disagree.

The stored thresholds live in the dashboards app's table (a one-to-one row on the framework,
kept there so that existing backups still restore); they are read here through the reverse
relation `framework.traffic_light_rule` (select_related it to save the query), never by
importing the dashboards app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework
from frameworks.scoring import ResultLevel

HUNDRED = Decimal(100)


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


class StoredThresholds(Protocol):
    green_min_score: Decimal | None
    amber_min_score: Decimal | None


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


def stored_thresholds(framework: Framework) -> StoredThresholds | None:
    """The coordinator's thresholds of the framework, None when never set."""
    # No row: the reverse accessor raises RelatedObjectDoesNotExist, an AttributeError.
    stored: StoredThresholds | None = getattr(framework, "traffic_light_rule", None)
    return stored


def rule_of(framework: Framework) -> Rule:
    """The rule in force for the framework (one query unless "traffic_light_rule" is
    select_related)."""
    stored = stored_thresholds(framework)
    if stored is None:
        return rule_for(framework)
    return rule_for(framework, stored.green_min_score, stored.amber_min_score)


def light_for(score: Decimal | None, rule: Rule) -> Light:
    if score is None:
        return Light.NONE
    if score >= rule.green_min:
        return Light.GREEN
    if score >= rule.amber_min:
        return Light.AMBER
    return Light.RED


def share_light(points: Decimal | None, weight: Decimal, rule: Rule) -> Light:
    """The light of a component's points (or the total) as a percentage of its weight, on the
    KPIs' 100-point rule."""
    if points is None or weight <= 0:
        return Light.NONE
    return light_for(points * HUNDRED / weight, rule)


def level_light(level: ResultLevel, levels: Sequence[ResultLevel]) -> Light:
    """The colour of a result level's badge, by its rank among `levels` (the framework's
    result levels, reporting's `result_levels_for`): the lowest red, the next amber, higher
    ones green; with two levels the upper one is green. A lone level is not judged (grey)."""
    cutoffs = sorted({item.min_total for item in levels} | {level.min_total})
    if len(cutoffs) < 2:
        return Light.NONE
    rank = cutoffs.index(level.min_total)
    if rank == 0:
        return Light.RED
    if rank == 1 and len(cutoffs) > 2:
        return Light.AMBER
    return Light.GREEN
