"""From what the KPI owner typed to the result, self score, level and what-if hint (domain §6,
§9: the self score is computed, never typed).

Pure apart from reading the KPI version's levels and data items (prefetch them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from core.decimals import QUANTITY_LIMIT, display_decimal, quantize4
from frameworks import scoring
from indicators.criteria import criteria_for, point_criteria_for, points_of, scored_by_points
from indicators.formula import FormulaError, evaluate
from indicators.models import Kpi


@dataclass(frozen=True)
class Computed:
    result: Decimal | None
    score: Decimal | None
    level_label: str = ""
    hint: str = ""  # "ต้องได้อีก … จึงจะถึงระดับมาตรฐาน"
    problem: str = ""  # why there is no result or score yet


def uses_formula(kpi: Kpi) -> bool:
    """The result comes from the data items through the formula; otherwise it is typed (or,
    for a KPI scored by its assessment points, computed from the points' results)."""
    if scored_by_points(kpi):
        return False
    return bool(kpi.formula.strip()) and bool(list(kpi.data_items.all()))


def result_from_points(
    kpi: Kpi, results: Mapping[int, Decimal | None]
) -> tuple[Decimal | None, str]:
    """The weighted mean of the points' scores (issue 17 item 2): each point's result scored
    by its own criteria, combined by the composite rule as sub-KPIs are."""
    points = points_of(kpi)
    given = {point.order: results.get(point.order) for point in points}
    if all(value is None for value in given.values()):
        return None, ""
    missing = [str(order) for order, value in given.items() if value is None]
    if missing:
        return None, _("กรอกผลให้ครบทุกประเด็นการประเมินเพื่อคำนวณผล (ยังขาดประเด็นที่: %(points)s)") % {
            "points": ", ".join(missing)
        }
    parts = []
    for point in points:
        criteria = point_criteria_for(kpi, point)
        if scoring.validate_criteria(criteria):
            return None, _("เกณฑ์การให้คะแนนของประเด็นที่ %(n)s ยังไม่สมบูรณ์") % {"n": point.order}
        value = given[point.order]
        assert value is not None and point.weight is not None
        parts.append((point.weight, criteria, value))
    return scoring.points_score(parts), ""


def _level_name(label: str, order: int) -> str:
    name = label.strip() or str(order)
    if name.startswith(("ระดับ", "ขั้นที่")):
        return name
    return _("ระดับ%(label)s") % {"label": name}


def level_reached(criteria: scoring.Criteria, score: Decimal) -> str:
    reached = [(i, level) for i, level in enumerate(criteria.levels, 1) if score >= level.score]
    if not reached:
        first = criteria.levels[0]
        return _("ยังไม่ถึง%(level)s") % {"level": _level_name(first.label, 1)}
    i, level = reached[-1]
    return _level_name(level.label, i)


def _shown(value: Decimal, *, up: bool) -> str:
    """Two decimals, rounded towards "enough" so the hint never falls just short."""
    rounding = ROUND_CEILING if up else ROUND_FLOOR
    return display_decimal(value.quantize(Decimal("0.01"), rounding=rounding), 2)


def whatif_hint(
    kpi: Kpi, criteria: scoring.Criteria, result: Decimal | None, weight: Decimal | None = None
) -> str:
    """What it takes to reach the next level up (domain §6 what-if), and with `weight` (the
    weight the KPI carries in the round, reporting.results.round_weight_of) what that level
    adds to the agency total."""
    hint = _next_level_hint(kpi, criteria, result)
    current = scoring.score(criteria, result) if result is not None else None
    ahead = [lv for lv in criteria.levels if current is None or lv.score > current]
    if not hint or weight is None or not ahead:
        return hint
    points = scoring.kpi_points(weight, ahead[0].score, criteria.max_score)
    return _("%(hint)s (คิดเป็น %(points)s คะแนนถ่วงน้ำหนัก จากน้ำหนักในรอบนี้ %(weight)s)") % {
        "hint": hint,
        "points": display_decimal(points, 2),
        "weight": display_decimal(weight, 2),
    }


def _next_level_hint(kpi: Kpi, criteria: scoring.Criteria, result: Decimal | None) -> str:
    current = scoring.score(criteria, result) if result is not None else None
    ahead = [
        (i, level)
        for i, level in enumerate(criteria.levels, 1)
        if current is None or level.score > current
    ]
    if not ahead:
        return _("ได้คะแนนสูงสุดของตัวชี้วัดนี้แล้ว")
    i, level = ahead[0]
    target = _level_name(level.label, i)
    needed = scoring.needed_result(criteria, level.score)
    if needed is None:
        return ""
    unit = f" {kpi.unit}" if kpi.unit else ""
    lower = criteria.direction is scoring.Direction.LOWER
    match criteria.method:
        case scoring.Method.MILESTONE:
            steps = int(needed) - (int(result) if result is not None and result > 0 else 0)
            return _("ต้องดำเนินการอีก %(n)s ขั้น จึงจะถึง%(level)s") % {"n": steps, "level": target}
        case scoring.Method.PASS_FAIL:
            return _("ต้องผ่านเกณฑ์ จึงจะได้%(level)s") % {"level": target}
        case scoring.Method.COMPOSITE:
            return _("คะแนนถ่วงน้ำหนักของตัวชี้วัดย่อยต้องได้อย่างน้อย %(n)s จึงจะถึง%(level)s") % {
                "n": _shown(needed, up=True),
                "level": target,
            }
    if result is None:
        if lower:
            return _("ผลต้องไม่เกิน %(n)s%(unit)s จึงจะถึง%(level)s") % {
                "n": _shown(needed, up=False),
                "unit": unit,
                "level": target,
            }
        return _("ต้องได้อย่างน้อย %(n)s%(unit)s จึงจะถึง%(level)s") % {
            "n": _shown(needed, up=True),
            "unit": unit,
            "level": target,
        }
    if lower:
        return _("ต้องลดลงอีก %(n)s%(unit)s จึงจะถึง%(level)s") % {
            "n": _shown(result - needed, up=True),
            "unit": unit,
            "level": target,
        }
    return _("ต้องได้อีก %(n)s%(unit)s จึงจะถึง%(level)s") % {
        "n": _shown(needed - result, up=True),
        "unit": unit,
        "level": target,
    }


def result_from(
    kpi: Kpi, values: Mapping[str, Decimal | None], direct: Decimal | None
) -> tuple[Decimal | None, str]:
    """The KPI's result and, when there is none, why (Thai)."""
    if not uses_formula(kpi):
        return (quantize4(direct) if direct is not None else None), ""
    codes = [item.code for item in kpi.data_items.all()]
    given = {code: values.get(code) for code in codes}
    if all(value is None for value in given.values()):
        return None, ""
    missing = [code for code, value in given.items() if value is None]
    if missing:
        return None, _("กรอกค่าให้ครบทุกรายการข้อมูลเพื่อคำนวณผล (ยังขาด: %(codes)s)") % {
            "codes": ", ".join(missing)
        }
    try:
        value = evaluate(kpi.formula, {code: v for code, v in given.items() if v is not None})
    except FormulaError as error:
        return None, str(error)
    if abs(value) > QUANTITY_LIMIT:
        return None, _("ผลการคำนวณมีค่ามากเกินไป กรุณาตรวจสอบค่าที่กรอก")
    return quantize4(value), ""


def compute(
    kpi: Kpi,
    values: Mapping[str, Decimal | None],
    direct: Decimal | None,
    points: Mapping[int, Decimal | None] | None = None,
    *,
    weight: Decimal | None = None,
) -> Computed:
    if scored_by_points(kpi):
        result, problem = result_from_points(kpi, points or {})
    else:
        result, problem = result_from(kpi, values, direct)
    criteria = criteria_for(kpi)
    if errors := scoring.validate_criteria(criteria):
        why = "; ".join(_(error.message) for error in errors)
        return Computed(
            result=result,
            score=None,
            problem=_("เกณฑ์การให้คะแนนของตัวชี้วัดยังไม่สมบูรณ์: %(why)s") % {"why": why},
        )
    hint = whatif_hint(kpi, criteria, result, weight)
    if result is None:
        return Computed(result=None, score=None, hint=hint, problem=problem)
    score = scoring.score(criteria, result)
    return Computed(
        result=result, score=score, level_label=level_reached(criteria, score), hint=hint
    )
