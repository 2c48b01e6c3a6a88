"""Bridge from stored KPI sheets to the pure scoring engine (frameworks.scoring).

`criteria_for` reads `kpi.levels.all()`; prefetch `levels` when scoring many KPIs so the number
of queries stays constant.
"""

from __future__ import annotations

from decimal import Decimal

from frameworks import scoring
from frameworks.models import Framework
from indicators.models import Kpi


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
