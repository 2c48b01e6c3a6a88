"""Bridge from stored KPI sheets to the pure scoring engine (frameworks.scoring).

`criteria_for` reads `kpi.levels.all()`; prefetch `levels` when scoring many KPIs so the number
of queries stays constant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from core.decimals import FOUR_PLACES, display_decimal
from frameworks import scoring
from frameworks.lights import Light, level_light
from frameworks.models import Framework
from indicators.models import AssessmentPoint, Kpi


def criteria_for(kpi: Kpi) -> scoring.Criteria:
    levels = tuple(
        scoring.Level(target=level.target, score=level.score, label=level.label)
        for level in sorted(kpi.levels.all(), key=lambda level: (level.order, level.pk))
    )
    return scoring.Criteria(
        method=scoring.Method(kpi.method),
        levels=levels,
        direction=scoring.Direction(kpi.direction),
        interpolate=kpi.interpolate,
        floor=kpi.floor,
    )


def max_score_for(kpi: Kpi) -> Decimal:
    levels = [level.score for level in kpi.levels.all()]
    return max(levels) if levels else Decimal(100)


def result_levels_for(framework: Framework) -> tuple[scoring.ResultLevel, ...]:
    """The framework's result-level cut-offs, or the defaults when none are set."""
    cuts = sorted(framework.result_levels.all(), key=lambda cut: cut.min_total, reverse=True)
    if not cuts:
        return scoring.DEFAULT_RESULT_LEVELS
    return tuple(
        scoring.ResultLevel(code=cut.code, label=cut.label_th, min_total=cut.min_total)
        for cut in cuts
    )


# What-if (domain §6) ----------------------------------------------------------------------


@dataclass(frozen=True)
class KpiWhatIf:
    """The KPI calculator: the score of a typed result, and the result a wanted score needs."""

    result: Decimal | None = None
    score: Decimal | None = None
    want: Decimal | None = None
    needed: Decimal | None = None
    needed_text: str = ""  # Thai: what the needed result means, or why there is none
    problem: str = ""  # Thai: the criteria cannot score yet


def _safe_2dp(value: Decimal, *, up: bool) -> str:
    """A needed value on 2 decimals, rounded towards "enough" (half-up could show a value that
    falls just short: 63.3334 would read 63.33)."""
    return display_decimal(
        value.quantize(Decimal("0.01"), rounding=ROUND_CEILING if up else ROUND_FLOOR), 2
    )


def _needed_text(kpi: Kpi, criteria: scoring.Criteria, needed: Decimal) -> str:
    shown = _safe_2dp(needed, up=criteria.direction is not scoring.Direction.LOWER)
    unit = f" {kpi.unit}" if kpi.unit else ""
    match criteria.method:
        case scoring.Method.MILESTONE:
            return _("ต้องดำเนินการให้ถึงขั้นที่ %(n)s (ผ่านทุกขั้นก่อนหน้า)") % {"n": int(needed)}
        case scoring.Method.PASS_FAIL:
            return _("ต้องผ่านเกณฑ์")
        case scoring.Method.COMPOSITE:
            return _("คะแนนถ่วงน้ำหนักของตัวชี้วัดย่อยต้องได้อย่างน้อย %(n)s") % {"n": shown}
    if criteria.direction is scoring.Direction.LOWER:
        return _("ผลการดำเนินงานต้องไม่เกิน %(n)s%(unit)s") % {"n": shown, "unit": unit}
    return _("ผลการดำเนินงานต้องได้อย่างน้อย %(n)s%(unit)s") % {"n": shown, "unit": unit}


def kpi_whatif(kpi: Kpi, result: Decimal | None = None, want: Decimal | None = None) -> KpiWhatIf:
    """Score `result` and invert `want` with the KPI's criteria (scores keep 4 decimals)."""
    criteria = criteria_for(kpi)
    if errors := scoring.validate_criteria(criteria):
        return KpiWhatIf(
            result=result,
            want=want,
            problem=_("ยังกำหนดเกณฑ์การให้คะแนนไม่ครบถ้วน: %(why)s")
            % {"why": "; ".join(_(error.message) for error in errors)},
        )
    score = scoring.score(criteria, result) if result is not None else None
    if want is None:
        return KpiWhatIf(result=result, score=score)
    needed = scoring.needed_result(criteria, want)
    if needed is not None:
        text = _needed_text(kpi, criteria, needed)
    elif want > criteria.max_score:
        text = _("ไม่สามารถได้คะแนน %(want)s เพราะคะแนนสูงสุดของตัวชี้วัดนี้คือ %(max)s") % {
            "want": display_decimal(want, 2),
            "max": display_decimal(criteria.max_score, 2),
        }
    else:
        text = _("ได้คะแนน %(want)s แม้ผลการดำเนินงานต่ำกว่าเกณฑ์ระดับแรก (คะแนนขั้นต่ำ %(floor)s)") % {
            "want": display_decimal(want, 2),
            "floor": display_decimal(criteria.floor, 2),
        }
    return KpiWhatIf(result=result, score=score, want=want, needed=needed, needed_text=text)


@dataclass(frozen=True)
class LevelNeed:
    level: scoring.ResultLevel
    needed: Decimal | None  # uniform score each pending KPI needs (on its own scale); None: no
    reached: bool

    @property
    def needed_display(self) -> str:
        return "" if self.needed is None else _safe_2dp(self.needed, up=True)


@dataclass(frozen=True)
class AgencyWhatIf:
    """The agency calculator (domain §6): totals with typed scores, pending KPIs not zero."""

    totals: scoring.AgencyTotal
    shown_total: Decimal | None  # the figure compared with the cut-offs
    level: scoring.ResultLevel | None
    needs: list[LevelNeed]
    scale_max: Decimal  # 100, or 5 for five-level frameworks
    precision: int
    level_light: Light = Light.NONE  # the colour of the level's badge


def agency_whatif(
    framework: Framework, kpis: Sequence[Kpi], scores: Mapping[int, Decimal | None]
) -> AgencyWhatIf:
    """`kpis` are the framework's top-level KPIs (levels prefetched), `scores` the expected
    score per KPI id (missing or None = pending).

    Performance/Potential: total = Σ points on 100 (agency_total). Five-level frameworks: the
    agency score is Σ(weight × score) / Σ weight on 1–5 (domain §6), so cut-offs are on 5 and
    the needed score is converted from the engine's percentage to the five-point scale.
    """
    items = [
        scoring.KpiPoints(
            key=str(kpi.pk),
            component=kpi.component.name_th,
            weight=kpi.weight,
            score=scores.get(kpi.pk),
            max_score=max_score_for(kpi),
        )
        for kpi in kpis
    ]
    totals = scoring.agency_total(items, final=False)
    levels = result_levels_for(framework)
    five = framework.is_five_level
    scale_max = Decimal(5) if five else scoring.HUNDRED
    all_weight = sum((item.weight for item in items), Decimal(0))
    shown = scoring.agency_score(items, five_level=five, final=False)
    level = scoring.result_level(shown, levels) if shown is not None else None
    needs: list[LevelNeed] = []
    for cut in levels:
        if cut.min_total <= 0:
            continue
        target = cut.min_total * all_weight / scale_max if five else cut.min_total
        needed = scoring.agency_needed_score(items, target) if items else None
        if needed is not None and five:
            # The engine answers in per cent of each KPI's maximum; on the five-point scale
            # round up, so the score shown is always enough.
            needed = (needed * scale_max / scoring.HUNDRED).quantize(
                FOUR_PLACES, rounding=ROUND_CEILING
            )
        reached = needed is not None and needed == 0
        needs.append(LevelNeed(level=cut, needed=needed, reached=reached))
    return AgencyWhatIf(
        totals=totals,
        shown_total=shown,
        level=level,
        needs=needs,
        scale_max=scale_max,
        precision=framework.precision,
        level_light=level_light(level, levels) if level is not None else Light.NONE,
    )


# Assessment points (issue 17 item 2) ------------------------------------------------------


def points_of(kpi: Kpi) -> list[AssessmentPoint]:
    """The KPI's assessment points in order (prefetch `assessment_points` for many KPIs)."""
    return sorted(kpi.assessment_points.all(), key=lambda point: (point.order, point.pk))


def point_criteria_for(kpi: Kpi, point: AssessmentPoint) -> scoring.Criteria:
    return scoring.point_criteria(
        [(Decimal(level["target"]), Decimal(level["score"])) for level in point.criteria or []],
        direction=scoring.Direction(kpi.direction),
        interpolate=kpi.interpolate,
    )


def scored_by_points(kpi: Kpi) -> bool:
    """The KPI's result is the weighted mean of its points' scores: a composite KPI whose
    points all carry a weight and criteria (the sheet validator allows nothing in between)."""
    points = points_of(kpi)
    return (
        kpi.method == scoring.Method.COMPOSITE
        and bool(points)
        and all(point.weight is not None and point.criteria for point in points)
    )
