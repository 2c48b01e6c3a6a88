"""Scoring methods, agency totals, result levels and what-if (domain §6).

Pure functions on Decimal: no ORM, no settings, so they can be tested exhaustively (style.md,
"Scoring is pure"). Results and scores keep 4 decimals internally and round half-up
(core.decimals); pages show 2 decimals for KPI scores and the framework's precision for totals.

Thai messages are marked with a local `gettext_noop` (makemessages extracts it by name; Django's
own reads settings, which would make this module impure): the strings stay Thai source text, the
project's msgid language, and templates may translate them at render time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum
from itertools import takewhile

from core.decimals import FOUR_PLACES, display_decimal, quantize4


def gettext_noop(message: str) -> str:
    return message


ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Half of the last kept digit: a raw score at or above `want - HALF_UNIT` rounds half-up to `want`.
HALF_UNIT = Decimal("0.00005")
# Published FY 2567 results use 50 / 70 / 100 (domain §6): the Performance/Potential default.
DEFAULT_LEVEL_SCORES = (Decimal(50), Decimal(70), Decimal(100))
THREE_LEVEL_LABELS = ("ขั้นต้น", "มาตรฐาน", "ขั้นสูง")

MSG_AT_LEAST_TWO = gettext_noop("ต้องมีอย่างน้อย 2 ระดับ")
MSG_EXACTLY_FIVE = gettext_noop("ต้องมี 5 ระดับพอดี")
MSG_AT_LEAST_ONE = gettext_noop("ต้องมีอย่างน้อย 1 ระดับ")
MSG_NOT_A_NUMBER = gettext_noop("ต้องเป็นตัวเลข")
MSG_SCORE_NEGATIVE = gettext_noop("คะแนนต้องไม่ติดลบ")
MSG_SCORES_ORDER = gettext_noop("คะแนนต้องเรียงจากน้อยไปมาก")
MSG_TARGETS_ASCENDING = gettext_noop("ค่าเป้าหมายต้องเรียงจากน้อยไปมาก")
MSG_TARGETS_DESCENDING = gettext_noop("ค่าเป้าหมายต้องเรียงจากมากไปน้อย (ยิ่งน้อยยิ่งดี)")
MSG_FLOOR_NEGATIVE = gettext_noop("คะแนนขั้นต่ำต้องไม่ติดลบ")
MSG_FLOOR_TOO_HIGH = gettext_noop("คะแนนขั้นต่ำต้องน้อยกว่าคะแนนของระดับแรก")
MSG_CODE_DUPLICATE = gettext_noop("รหัสระดับซ้ำกัน")
MSG_LABEL_MISSING = gettext_noop("ต้องระบุชื่อระดับ")
MSG_CUTOFF_NEGATIVE = gettext_noop("เกณฑ์คะแนนต้องไม่ติดลบ")
MSG_CUTOFF_DUPLICATE = gettext_noop("เกณฑ์คะแนนซ้ำกัน")
MSG_NO_ZERO_LEVEL = gettext_noop("ต้องมีระดับที่เริ่มต้นที่ 0 คะแนน")


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Method(StrEnum):
    LEVELS = "levels"  # three-level targets ขั้นต้น / มาตรฐาน / ขั้นสูง
    SCALE5 = "scale5"  # five target values for scores 1…5
    MILESTONE = "milestone"  # ordered steps (ระดับขั้นความสำเร็จ)
    PASS_FAIL = "pass_fail"
    COMPOSITE = "composite"  # weighted sub-KPIs


# Methods whose levels carry target values compared with the result.
TARGETED_METHODS = frozenset({Method.LEVELS, Method.SCALE5})


@dataclass(frozen=True)
class CriteriaError:
    field: str  # "levels", "floor", "levels[2].target", …
    message: str  # Thai


class InvalidCriteriaError(ValueError):
    def __init__(self, errors: Sequence[CriteriaError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{error.field}: {error.message}" for error in self.errors))


@dataclass(frozen=True)
class Level:
    target: Decimal  # ignored by milestone, pass/fail and composite
    score: Decimal
    label: str = ""


@dataclass(frozen=True)
class Criteria:
    """How one KPI is scored. `levels` run from the lowest score to the highest.

    LEVELS/SCALE5: targets rise for HIGHER, fall for LOWER. MILESTONE: one level per step.
    PASS_FAIL: the last level's score is earned on a pass. COMPOSITE: the result is the weighted
    score of the sub-KPIs (`composite_score`) and the last level's score is its cap.
    """

    method: Method
    levels: tuple[Level, ...]
    direction: Direction = Direction.HIGHER
    interpolate: bool = True  # False = "step": between two levels, the lower level's score
    floor: Decimal = ZERO  # earned short of the first level (domain §6: 0 by default)

    @property
    def max_score(self) -> Decimal:
        if not self.levels:
            raise InvalidCriteriaError([CriteriaError("levels", MSG_AT_LEAST_ONE)])
        return self.levels[-1].score


def three_levels(
    targets: Sequence[Decimal],
    scores: Sequence[Decimal] = DEFAULT_LEVEL_SCORES,
    *,
    direction: Direction = Direction.HIGHER,
    interpolate: bool = True,
) -> Criteria:
    """Three-level criteria ขั้นต้น / มาตรฐาน / ขั้นสูง (domain §6), 50/70/100 by default."""
    levels = tuple(
        Level(target, score, label)
        for target, score, label in zip(targets, scores, THREE_LEVEL_LABELS, strict=True)
    )
    return Criteria(Method.LEVELS, levels, direction=direction, interpolate=interpolate)


def _count_error(criteria: Criteria) -> CriteriaError | None:
    count = len(criteria.levels)
    if criteria.method is Method.LEVELS and count < 2:
        return CriteriaError("levels", MSG_AT_LEAST_TWO)
    if criteria.method is Method.SCALE5 and count != 5:
        return CriteriaError("levels", MSG_EXACTLY_FIVE)
    if count < 1:
        return CriteriaError("levels", MSG_AT_LEAST_ONE)
    return None


def validate_criteria(criteria: Criteria) -> list[CriteriaError]:
    """Every problem with `criteria`, each with a Thai message; empty when it can be used."""
    errors: list[CriteriaError] = []
    if (count_error := _count_error(criteria)) is not None:
        errors.append(count_error)
    targeted = criteria.method in TARGETED_METHODS
    if not criteria.floor.is_finite():
        errors.append(CriteriaError("floor", MSG_NOT_A_NUMBER))
    elif criteria.floor < 0:
        errors.append(CriteriaError("floor", MSG_FLOOR_NEGATIVE))
    for i, level in enumerate(criteria.levels):
        if not level.score.is_finite():
            errors.append(CriteriaError(f"levels[{i}].score", MSG_NOT_A_NUMBER))
        elif level.score < 0:
            errors.append(CriteriaError(f"levels[{i}].score", MSG_SCORE_NEGATIVE))
        if targeted and not level.target.is_finite():
            errors.append(CriteriaError(f"levels[{i}].target", MSG_NOT_A_NUMBER))
    if any(error.message == MSG_NOT_A_NUMBER for error in errors):
        return errors  # orderings of NaN or infinity mean nothing
    levels = criteria.levels
    for i in range(1, len(levels)):
        lower, upper = levels[i - 1], levels[i]
        if upper.score <= lower.score:
            errors.append(CriteriaError(f"levels[{i}].score", MSG_SCORES_ORDER))
        if not targeted:
            continue
        if criteria.direction is Direction.HIGHER and upper.target <= lower.target:
            errors.append(CriteriaError(f"levels[{i}].target", MSG_TARGETS_ASCENDING))
        if criteria.direction is Direction.LOWER and upper.target >= lower.target:
            errors.append(CriteriaError(f"levels[{i}].target", MSG_TARGETS_DESCENDING))
    if levels and criteria.floor >= levels[0].score:
        errors.append(CriteriaError("floor", MSG_FLOOR_TOO_HIGH))
    return errors


def _check(criteria: Criteria) -> None:
    if errors := validate_criteria(criteria):
        raise InvalidCriteriaError(errors)


def _ceil4(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_CEILING)


def _sign(criteria: Criteria) -> Decimal:
    """Lower-is-better is higher-is-better on the negated axis: x = sign × result."""
    return Decimal(-1) if criteria.direction is Direction.LOWER else Decimal(1)


def _targets_x(criteria: Criteria) -> list[Decimal]:
    sign = _sign(criteria)
    return [sign * level.target for level in criteria.levels]


def _raw_targeted(criteria: Criteria, x: Decimal) -> Decimal:
    """Domain §6: at or beyond a level earns its score; between two levels, linear
    interpolation (or the lower level's score in step mode); short of the first, the floor;
    beyond the last, capped at its score. `x` is on the higher-is-better axis."""
    xs = _targets_x(criteria)
    scores = [level.score for level in criteria.levels]
    if x < xs[0]:
        return criteria.floor
    for i in range(1, len(xs)):
        if x < xs[i]:
            if not criteria.interpolate:
                return scores[i - 1]
            return scores[i - 1] + (x - xs[i - 1]) * (scores[i] - scores[i - 1]) / (
                xs[i] - xs[i - 1]
            )
    return scores[-1]


def milestone_steps_reached(steps: Sequence[bool]) -> int:
    """Steps reached with every earlier step reached too (domain §6, milestones)."""
    return sum(1 for _ in takewhile(bool, steps))


def _as_decimal(result: Decimal | int) -> Decimal:
    value = result if isinstance(result, Decimal) else Decimal(result)
    if not value.is_finite():
        raise ValueError(f"result must be a finite number, not {value}")
    return value


def score(criteria: Criteria, result: Decimal | int | Sequence[bool]) -> Decimal:
    """The score `result` earns under `criteria`, 4 decimals half-up (domain §6).

    MILESTONE takes the number of consecutive steps reached, or one boolean per step.
    PASS_FAIL passes at 1 or more (True). COMPOSITE takes the sub-KPIs' `composite_score`.
    Raises InvalidCriteriaError for invalid criteria.
    """
    _check(criteria)
    if not isinstance(result, Decimal | int):
        if criteria.method is not Method.MILESTONE:
            raise TypeError("only milestone criteria take a list of steps")
        result = milestone_steps_reached(result)
    value = _as_decimal(result)
    top = criteria.max_score
    match criteria.method:
        case Method.LEVELS | Method.SCALE5:
            raw = _raw_targeted(criteria, _sign(criteria) * value)
        case Method.MILESTONE:
            count = min(int(value.to_integral_value(rounding=ROUND_FLOOR)), len(criteria.levels))
            raw = criteria.levels[count - 1].score if count > 0 else criteria.floor
        case Method.PASS_FAIL:
            raw = top if value >= 1 else criteria.floor
        case Method.COMPOSITE:
            raw = min(max(value, criteria.floor), top)
    return quantize4(raw)


def _inverse_x(criteria: Criteria, want: Decimal) -> Decimal:
    """The least x whose raw score reaches `want` (floor < want ≤ max score)."""
    xs = _targets_x(criteria)
    scores = [level.score for level in criteria.levels]
    for i, level_score in enumerate(scores):
        if level_score >= want:
            if i == 0 or not criteria.interpolate:
                return xs[i]
            return xs[i - 1] + (want - scores[i - 1]) * (xs[i] - xs[i - 1]) / (
                level_score - scores[i - 1]
            )
    return xs[-1]  # unreachable when want ≤ max score


def needed_result(criteria: Criteria, want_score: Decimal) -> Decimal | None:
    """What-if (domain §6): the worst result that still earns `want_score`.

    The least result for higher-is-better, the largest for lower-is-better, on the 4-decimal
    grid, as the exact inverse of `score` (including its half-up rounding): `score` of the
    answer is ≥ want_score and one 0.0001 step worse is not. Step mode gives the target of
    the lowest level whose score reaches want_score; MILESTONE the number of steps; PASS_FAIL 1.

    None when no result is needed or none suffices; the caller tells them apart by comparing
    with `criteria.floor` (want_score ≤ floor: any result) and `criteria.max_score` (above it:
    unreachable). Returning the first level's target for want ≤ floor would be wrong: the
    floor is earned below it too.
    """
    _check(criteria)
    want = _ceil4(want_score)  # scores have 4 decimals, so 87.50001 needs 87.5001
    if want > quantize4(criteria.max_score) or want <= criteria.floor:
        return None
    match criteria.method:
        case Method.MILESTONE:
            steps = next(
                i for i, lv in enumerate(criteria.levels, 1) if quantize4(lv.score) >= want
            )
            return Decimal(steps)
        case Method.PASS_FAIL:
            return Decimal(1)
        case Method.COMPOSITE:
            return want
        case Method.LEVELS | Method.SCALE5:
            pass
    sign = _sign(criteria)
    x = _ceil4(_inverse_x(criteria, want - HALF_UNIT))
    # The formula is exact up to the last digit of Decimal division; settle the grid point
    # with `score` itself so the two functions can never disagree.
    while score(criteria, sign * x) < want:
        x += FOUR_PLACES
    while score(criteria, sign * (x - FOUR_PLACES)) >= want:
        x -= FOUR_PLACES
    return sign * x


def composite_score(parts: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    """Composite KPI (domain §6): Σ sub weight × sub score / Σ sub weight, 4 decimals."""
    if any(weight < 0 for weight, _ in parts):
        raise ValueError("sub-KPI weights must not be negative")
    total_weight = sum((weight for weight, _ in parts), ZERO)
    if total_weight == 0:
        raise ValueError("sub-KPI weights add up to zero")
    return quantize4(sum((weight * part for weight, part in parts), ZERO) / total_weight)


@dataclass(frozen=True)
class KpiPoints:
    key: str
    component: str
    weight: Decimal  # share of 100 (domain §6, agency total)
    score: Decimal | None  # None: no result yet
    max_score: Decimal = HUNDRED


@dataclass(frozen=True)
class RoundWeight:
    """One KPI of a round's version set with its per-round rule (issue 17 item 3)."""

    key: str
    component: str
    weight: Decimal  # the KPI's own weight on the sheet
    in_force: bool = True  # False: not evaluated in this round (starts later, or cancelled)
    round_weight: Decimal | None = None  # a weight of its own in this round; None: `weight`


def _spread(exact: dict[str, Decimal], total: Decimal) -> dict[str, Decimal]:
    """`exact` on the 4-decimal grid adding up to `total` exactly: each value rounded down, the
    units left over given to the largest remainders (then the first-seen)."""
    floors = {
        key: value.quantize(FOUR_PLACES, rounding=ROUND_FLOOR) for key, value in exact.items()
    }
    left = int((total - sum(floors.values(), ZERO)) / FOUR_PLACES)
    order = sorted(exact, key=lambda key: exact[key] - floors[key], reverse=True)
    for key in order[: max(left, 0)]:
        floors[key] += FOUR_PLACES
    return floors


def round_weights(items: Sequence[RoundWeight]) -> dict[str, Decimal]:
    """The weight each KPI in force carries in one round (issue 17 item 3), by key.

    The framework's component weights hold in every round: within a component the weights in
    force (a round's own weight, else the KPI's) are scaled to add up to what the component's
    KPIs carry on their sheets, in force or not — so a KPI that starts later or is cancelled
    hands its weight to the others of its component in proportion, and per-round weights that
    already add up to the component's weight are kept as they are. A component with nothing
    in force in the round hands its weight to the other components in proportion. Each
    component's weights are on the 4-decimal grid and add up to its weight exactly. Without
    any rule this is every KPI's own weight. KPIs not in force are left out."""
    sheet: dict[str, Decimal] = {}
    live: dict[str, Decimal] = {}
    own: dict[str, tuple[str, Decimal]] = {}
    for item in items:
        sheet[item.component] = sheet.get(item.component, ZERO) + item.weight
        if item.in_force:
            weight = item.weight if item.round_weight is None else item.round_weight
            own[item.key] = (item.component, weight)
            live[item.component] = live.get(item.component, ZERO) + weight
    live_sheet = sum((sheet[c] for c in live), ZERO)
    all_sheet = sum(sheet.values(), ZERO)
    grow = all_sheet / live_sheet if live_sheet > 0 else Decimal(1)
    result: dict[str, Decimal] = {}
    for component, live_weight in live.items():
        target = quantize4(sheet[component] * grow)
        keys = [key for key, (c, _w) in own.items() if c == component]
        if live_weight <= 0:
            result.update({key: ZERO for key in keys})
            continue
        exact = {key: own[key][1] * target / live_weight for key in keys}
        result.update(_spread(exact, target))
    return {key: result[key] for key in own}


def kpi_points(weight: Decimal, kpi_score: Decimal, max_score: Decimal = HUNDRED) -> Decimal:
    """Points a KPI adds to the agency total: score × weight / 100 on a 100-point scale
    (domain §6); other scales are first brought to 100 (score / max_score)."""
    if max_score <= 0:
        raise ValueError("max_score must be positive")
    return quantize4(kpi_score * weight / max_score)


@dataclass(frozen=True)
class ComponentTotal:
    component: str
    points: Decimal
    weight: Decimal
    pending: int


@dataclass(frozen=True)
class AgencyTotal:
    components: tuple[ComponentTotal, ...]
    total: Decimal
    pending: int
    max_possible: Decimal  # total + the weight of every pending KPI


def agency_total(items: Iterable[KpiPoints], *, final: bool) -> AgencyTotal:
    """Domain §6, agency total: component points = Σ its KPIs' points; total = Σ components.

    A KPI without a score is pending in progress views (`final=False`), neither counted nor
    zero; in the final round it counts as zero. Components keep their first-seen order.
    """
    sums: dict[str, tuple[Decimal, Decimal, int]] = {}
    pending_weight = ZERO
    for item in items:
        points, weight, pending = sums.get(item.component, (ZERO, ZERO, 0))
        weight += item.weight
        if item.score is not None:
            points += kpi_points(item.weight, item.score, item.max_score)
        elif not final:
            pending += 1
            pending_weight += item.weight
        sums[item.component] = (points, weight, pending)
    components = tuple(ComponentTotal(c, p, w, n) for c, (p, w, n) in sums.items())
    total = sum((c.points for c in components), ZERO)
    return AgencyTotal(
        components=components,
        total=total,
        pending=sum(c.pending for c in components),
        max_possible=total + pending_weight,
    )


def weighted_average(items: Iterable[KpiPoints], *, final: bool = False) -> Decimal | None:
    """Five-level scale agency score (domain §6): Σ(weight × score) / Σ weight, 4 decimals,
    at most 5.0000. Pending KPIs are left out unless `final`; None when nothing is scored."""
    parts = [
        (item.weight, ZERO if item.score is None else item.score)
        for item in items
        if final or item.score is not None
    ]
    return composite_score(parts) if parts else None


def agency_score(items: Sequence[KpiPoints], *, five_level: bool, final: bool) -> Decimal | None:
    """The agency figure compared with the result levels (domain §6): Σ points on 100, or in
    five-level years the weighted average on 1–5. None when there is nothing to total: no KPIs,
    or a five-level year with nothing scored yet (never a 0 that reads as a score)."""
    if not items:
        return None
    if five_level:
        return weighted_average(items, final=final)
    return agency_total(items, final=final).total


def agency_needed_score(items: Iterable[KpiPoints], target_total: Decimal) -> Decimal | None:
    """What-if for the agency (domain §6): the uniform score every pending KPI needs for the
    total to reach `target_total` (e.g. a result level's cut-off), on a 100-point scale (the
    percentage of each KPI's max_score). 0 when already reached; None when even 100 is short.
    """
    items = list(items)
    current = agency_total(items, final=False)
    if current.total >= target_total:
        return ZERO
    pending = [item for item in items if item.score is None]
    if target_total > current.max_possible:
        return None

    def reaches(uniform: Decimal) -> bool:
        gained = sum((kpi_points(item.weight, uniform) for item in pending), ZERO)
        return current.total + gained >= target_total

    pending_weight = current.max_possible - current.total
    need = min(_ceil4((target_total - current.total) * HUNDRED / pending_weight), HUNDRED)
    # Each KPI's points are rounded half-up on their own; settle on the 4-decimal grid.
    while need < HUNDRED and not reaches(need):
        need += FOUR_PLACES
    while need > 0 and reaches(need - FOUR_PLACES):
        need -= FOUR_PLACES
    return need if reaches(need) else None


@dataclass(frozen=True)
class ResultLevel:
    code: str
    label: str
    min_total: Decimal


# Domain §6: cut-offs 90 / 75 / 60 *(configurable)*; the framework stores its own.
DEFAULT_RESULT_LEVELS: tuple[ResultLevel, ...] = (
    ResultLevel("quality", "ระดับคุณภาพ", Decimal(90)),
    ResultLevel("advanced", "ระดับมาตรฐานขั้นสูง", Decimal(75)),
    ResultLevel("basic", "ระดับมาตรฐานขั้นต้น", Decimal(60)),
    ResultLevel("improve", "ระดับต้องปรับปรุง", Decimal(0)),
)


def result_level(
    total: Decimal, levels: Sequence[ResultLevel] = DEFAULT_RESULT_LEVELS
) -> ResultLevel:
    """The level with the highest cut-off at or below `total` (compared at full precision)."""
    reached = [level for level in levels if level.min_total <= total]
    if not reached:
        raise ValueError(f"no result level covers {total}")
    return max(reached, key=lambda level: level.min_total)


def validate_result_levels(levels: Sequence[ResultLevel]) -> list[CriteriaError]:
    """Problems with a framework's result levels, each with a Thai message."""
    if not levels:
        return [CriteriaError("levels", MSG_AT_LEAST_ONE)]
    errors: list[CriteriaError] = []
    codes: set[str] = set()
    cutoffs: set[Decimal] = set()
    for i, level in enumerate(levels):
        if level.code in codes:
            errors.append(CriteriaError(f"levels[{i}].code", MSG_CODE_DUPLICATE))
        codes.add(level.code)
        if not level.label.strip():
            errors.append(CriteriaError(f"levels[{i}].label", MSG_LABEL_MISSING))
        if not level.min_total.is_finite():
            errors.append(CriteriaError(f"levels[{i}].min_total", MSG_NOT_A_NUMBER))
            continue
        if level.min_total < 0:
            errors.append(CriteriaError(f"levels[{i}].min_total", MSG_CUTOFF_NEGATIVE))
        elif level.min_total in cutoffs:
            errors.append(CriteriaError(f"levels[{i}].min_total", MSG_CUTOFF_DUPLICATE))
        cutoffs.add(level.min_total)
    if ZERO not in cutoffs:
        errors.append(CriteriaError("levels", MSG_NO_ZERO_LEVEL))
    return errors


def display(value: Decimal | None, places: int = 2) -> str:
    """Half-up text for a score (2 decimals) or total (the framework's precision)."""
    return display_decimal(value, places)


def point_criteria(
    levels: Sequence[tuple[Decimal, Decimal]],
    *,
    direction: Direction = Direction.HIGHER,
    interpolate: bool = True,
) -> Criteria:
    """The criteria of one assessment point (ประเด็นการประเมิน, issue 17 item 2): (target,
    score) pairs, lowest score first, scored like a KPI's three-level targets."""
    return Criteria(
        Method.LEVELS,
        tuple(Level(target, level_score) for target, level_score in levels),
        direction=direction,
        interpolate=interpolate,
    )


def points_score(parts: Sequence[tuple[Decimal, Criteria, Decimal]]) -> Decimal:
    """A KPI scored by its weighted assessment points: each (weight, criteria, result) is
    scored by `score`, as a sub-KPI's result is, and the scores are combined by the composite
    rule (`composite_score`). The KPI's own COMPOSITE criteria then cap the figure."""
    return composite_score([(weight, score(crit, result)) for weight, crit, result in parts])
