"""Scoring calculator: `POST /api/v1/scoring/preview` (domain §6).

Scores a result against criteria sent in the request and answers the what-if (the least result
needed for a score). It reads no stored data, so it needs no login and no CSRF token (ninja
checks CSRF only for cookie-authenticated routes). Numbers travel as JSON strings and are parsed
straight into Decimal: a float would lose exactness (style.md: Decimal, never float).

Pass/fail: the API takes one level whose target is the pass mark; frameworks.scoring scores
PASS_FAIL on a pass flag (1 = pass). This module compares the result with the pass mark (≥ for
higher-is-better, ≤ for lower-is-better) and hands the flag to the engine; the what-if answer is
the pass mark itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import ValidationError

from api.errors import ErrorOut, error_item
from api.numbers import LIMIT, NUMBER
from core.decimals import FOUR_PLACES, quantize4
from frameworks import scoring

router = Router(tags=["scoring"], auth=None)

METHODS: dict[str, scoring.Method] = {
    "three_level": scoring.Method.LEVELS,
    "five_level": scoring.Method.SCALE5,
    "milestone": scoring.Method.MILESTONE,
    "pass_fail": scoring.Method.PASS_FAIL,
}
DIRECTIONS: dict[str, scoring.Direction] = {d.value: d for d in scoring.Direction}
MAX_LEVELS = 20
MAX_NUMBER_TEXT = 40
BODY = ("body", "payload")

NeededStatus = Literal["reachable", "any", "unreachable"]


class LevelIn(Schema):
    target: str | None = Field(
        None,
        max_length=MAX_NUMBER_TEXT,
        description="ค่าเป้าหมาย (ข้อความตัวเลข); milestone: ลำดับขั้น (ไม่บังคับ); pass_fail: เกณฑ์ผ่าน",
        examples=["80"],
    )
    score: str = Field(..., max_length=MAX_NUMBER_TEXT, description="คะแนนของระดับ", examples=["50"])
    label: str = Field("", max_length=100)


class PreviewIn(Schema):
    method: str = Field(..., json_schema_extra={"enum": list(METHODS)}, examples=["three_level"])
    direction: str = Field("higher", json_schema_extra={"enum": list(DIRECTIONS)})
    interpolate: bool = True
    floor: str = Field("0", max_length=MAX_NUMBER_TEXT)
    levels: list[LevelIn] = Field(..., max_length=MAX_LEVELS, description="เรียงจากคะแนนต่ำสุดไปสูงสุด")
    result: str | None = Field(
        None, max_length=MAX_NUMBER_TEXT, description="ผลการดำเนินงาน; milestone: จำนวนขั้นที่ทำได้"
    )
    want_score: str | None = Field(
        None, max_length=MAX_NUMBER_TEXT, description="คะแนนที่ต้องการ (what-if)"
    )


class PreviewOut(Schema):
    score: str | None = Field(description="คะแนน ทศนิยม 4 ตำแหน่ง; null เมื่อไม่ได้ส่ง result")
    needed_result: str | None = Field(
        description="ผลขั้นต่ำที่ต้องได้เพื่อให้ได้ want_score; null เมื่อไม่ได้ถาม "
        "หรือไม่มีค่าใดทำได้ (ดู needed_status)"
    )
    needed_status: NeededStatus | None = Field(
        description="reachable: มีค่า needed_result; any: ได้คะแนนนั้นแม้ไม่มีผล (≤ floor); "
        "unreachable: เกินคะแนนสูงสุด; null เมื่อไม่ได้ส่ง want_score"
    )


NAN = Decimal("NaN")  # stands for a value already reported as not a number


@dataclass
class _Parsed:
    errors: list[dict[str, Any]] = field(default_factory=list)

    def reported(self, loc: tuple[str | int, ...]) -> bool:
        return any(error["loc"] == [*BODY, *loc] for error in self.errors)

    def fail(self, loc: tuple[str | int, ...], message: str, kind: str = "value_error") -> None:
        self.errors.append(error_item((*BODY, *loc), message, kind))

    def number(self, text: str | None, loc: tuple[str | int, ...]) -> Decimal | None:
        """The exact Decimal of `text`; NaN (reported) when it is not a number in range."""
        if text is None:
            return None
        text = text.strip()
        if not NUMBER.fullmatch(text):
            self.fail(loc, _(scoring.MSG_NOT_A_NUMBER), "number")
            return NAN
        value = Decimal(text)
        if abs(value) > LIMIT:
            self.fail(loc, _("ค่าต้องอยู่ระหว่าง -10¹⁵ ถึง 10¹⁵"), "number_range")
            return NAN
        return value


def _or_nan(value: Decimal | None) -> Decimal:
    return NAN if value is None else value


def _loc_of(criteria_field: str) -> tuple[str | int, ...]:
    """ "levels[1].target" → ("levels", 1, "target")."""
    loc: list[str | int] = []
    for part in criteria_field.split("."):
        name, _bracket, index = part.partition("[")
        loc.append(name)
        if index:
            loc.append(int(index.rstrip("]")))
    return tuple(loc)


def _levels(
    payload: PreviewIn, method: scoring.Method | None, parsed: _Parsed
) -> tuple[scoring.Level, ...]:
    levels: list[scoring.Level] = []
    for i, level in enumerate(payload.levels):
        target = parsed.number(level.target, ("levels", i, "target"))
        level_score = parsed.number(level.score, ("levels", i, "score"))
        if method is scoring.Method.MILESTONE:
            # Milestone targets are the step numbers (indicators.models.TargetLevel).
            step = Decimal(i + 1)
            if target is not None and target.is_finite() and target != step:
                message = _("ขั้นที่ %(n)s ต้องมีค่าเป้าหมายเป็น %(n)s") % {"n": i + 1}
                parsed.fail(("levels", i, "target"), message)
            target = step
        elif target is None:
            parsed.fail(("levels", i, "target"), _("ต้องระบุค่าเป้าหมาย"))
        levels.append(scoring.Level(_or_nan(target), _or_nan(level_score), level.label))
    return tuple(levels)


def _criteria(payload: PreviewIn, parsed: _Parsed) -> scoring.Criteria | None:
    """The criteria of the request, or None with every problem reported in `parsed`."""
    method = METHODS.get(payload.method)
    if method is None:
        parsed.fail(
            ("method",),
            _("ไม่รู้จักวิธีให้คะแนน ต้องเป็นหนึ่งใน %(choices)s") % {"choices": ", ".join(METHODS)},
            "enum",
        )
    direction = DIRECTIONS.get(payload.direction)
    if direction is None:
        parsed.fail(("direction",), _("ทิศทางต้องเป็น higher หรือ lower"), "enum")
    floor = _or_nan(parsed.number(payload.floor, ("floor",)))
    levels = _levels(payload, method, parsed)
    if method is scoring.Method.PASS_FAIL and len(levels) != 1:
        parsed.fail(("levels",), _("ผ่าน/ไม่ผ่านต้องมี 1 ระดับพอดี (ค่าเป้าหมายคือเกณฑ์ผ่าน)"))
    if method is None or direction is None:
        return None
    criteria = scoring.Criteria(
        method, levels, direction=direction, interpolate=payload.interpolate, floor=floor
    )
    # The engine's own rules (its messages are Thai); a value already reported as not a
    # number comes back from it as NaN and is not reported twice.
    for error in scoring.validate_criteria(criteria):
        loc = _loc_of(error.field)
        if not parsed.reported(loc):
            parsed.fail(loc, _(error.message), "criteria")
    return None if parsed.errors else criteria


def _passes(criteria: scoring.Criteria, result: Decimal) -> bool:
    mark = criteria.levels[0].target
    return result <= mark if criteria.direction is scoring.Direction.LOWER else result >= mark


def _score(criteria: scoring.Criteria, result: Decimal) -> Decimal:
    if criteria.method is scoring.Method.PASS_FAIL:
        return scoring.score(criteria, 1 if _passes(criteria, result) else 0)
    return scoring.score(criteria, result)


def _needed(criteria: scoring.Criteria, want: Decimal) -> tuple[Decimal | None, NeededStatus]:
    needed = scoring.needed_result(criteria, want)
    if needed is None:
        # scoring.needed_result: None means "any result" (want ≤ floor) or "unreachable".
        reached_by_floor = want.quantize(FOUR_PLACES, rounding=ROUND_CEILING) <= criteria.floor
        return None, "any" if reached_by_floor else "unreachable"
    if criteria.method is scoring.Method.PASS_FAIL:
        return criteria.levels[0].target, "reachable"
    return needed, "reachable"


def text4(value: Decimal | None) -> str | None:
    """4-decimal text, never "-0.0000" nor scientific notation."""
    if value is None:
        return None
    rounded = quantize4(value)
    return f"{abs(rounded) if rounded == 0 else rounded:f}"


@router.post(
    "/preview",
    response={200: PreviewOut, 400: ErrorOut, 422: ErrorOut},
    summary="คำนวณคะแนนและผลที่ต้องได้ (what-if)",
    operation_id="scoring_preview",
)
def preview(request: HttpRequest, payload: PreviewIn) -> dict[str, Any]:
    parsed = _Parsed()
    criteria = _criteria(payload, parsed)
    result = parsed.number(payload.result, ("result",))
    want = parsed.number(payload.want_score, ("want_score",))
    if (
        criteria is not None
        and result is not None
        and criteria.method is scoring.Method.MILESTONE
        and (result < 0 or result != result.to_integral_value())
    ):
        parsed.fail(("result",), _("จำนวนขั้นที่ทำได้ต้องเป็นจำนวนเต็มไม่ติดลบ"))
    if parsed.errors or criteria is None:
        raise ValidationError(parsed.errors)
    needed, status = _needed(criteria, want) if want is not None else (None, None)
    return {
        "score": text4(_score(criteria, result)) if result is not None else None,
        "needed_result": text4(needed),
        "needed_status": status,
    }
