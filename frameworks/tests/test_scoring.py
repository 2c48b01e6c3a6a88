"""Scoring (domain §6): worked examples, validation, and hypothesis properties. No database."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from frameworks.scoring import (
    DEFAULT_RESULT_LEVELS,
    Criteria,
    Direction,
    InvalidCriteriaError,
    KpiPoints,
    Level,
    Method,
    ResultLevel,
    agency_needed_score,
    agency_score,
    agency_total,
    composite_score,
    display,
    kpi_points,
    needed_result,
    result_level,
    score,
    three_levels,
    validate_criteria,
    validate_result_levels,
    weighted_average,
)

D = Decimal
STEP = D("0.0001")
THAI = re.compile(r"[\u0e00-\u0e7f]")

# Domain §6 examples: level scores 50/75/100.
HIGHER_80_90_100 = three_levels((D(80), D(90), D(100)), (D(50), D(75), D(100)))
LOWER_75_60_45_DAYS = three_levels(
    (D(75), D(60), D(45)), (D(50), D(75), D(100)), direction=Direction.LOWER
)
STEPPED_80_90_100 = three_levels((D(80), D(90), D(100)), (D(50), D(75), D(100)), interpolate=False)
SCALE5_60_TO_100 = Criteria(Method.SCALE5, tuple(Level(D(50 + 10 * n), D(n)) for n in range(1, 6)))
MILESTONE_5_STEPS = Criteria(Method.MILESTONE, tuple(Level(D(n), D(n)) for n in range(1, 6)))
PASS_FAIL = Criteria(Method.PASS_FAIL, (Level(D(1), D(100)),))
COMPOSITE = Criteria(Method.COMPOSITE, (Level(D(0), D(100)),))


# --- three-level targets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("95", "87.5000"),
        ("85", "62.5000"),
        ("79.99", "0.0000"),
        ("100", "100.0000"),
        ("120", "100.0000"),
        ("80", "50.0000"),
        ("90", "75.0000"),
    ],
)
def test_higher_is_better_matches_domain_example(result, expected):
    assert str(score(HIGHER_80_90_100, D(result))) == expected


def test_higher_is_better_example_displays_two_decimals():
    assert display(score(HIGHER_80_90_100, D(95))) == "87.50"
    assert display(score(HIGHER_80_90_100, D(85))) == "62.50"


def test_lower_is_better_matches_domain_example():
    earned = score(LOWER_75_60_45_DAYS, D(52))
    assert earned == D("88.3333")
    assert display(earned) == "88.33"


@pytest.mark.parametrize(
    ("days", "expected"), [("76", "0"), ("75", "50"), ("60", "75"), ("45", "100"), ("30", "100")]
)
def test_lower_is_better_levels_floor_and_cap(days, expected):
    assert score(LOWER_75_60_45_DAYS, D(days)) == D(expected)


def test_default_three_level_scores_are_50_70_100():
    criteria = three_levels((D(80), D(90), D(100)))
    assert [level.score for level in criteria.levels] == [D(50), D(70), D(100)]
    assert [level.label for level in criteria.levels] == ["ขั้นต้น", "มาตรฐาน", "ขั้นสูง"]
    assert score(criteria, D(95)) == D(85)
    assert criteria.max_score == D(100)


@pytest.mark.parametrize(
    ("result", "expected"), [("79", "0"), ("85", "50"), ("95", "75"), ("99.9999", "75")]
)
def test_step_mode_gives_the_lower_levels_score(result, expected):
    assert score(STEPPED_80_90_100, D(result)) == D(expected)


def test_score_rounds_half_up_at_the_fifth_decimal():
    criteria = Criteria(Method.LEVELS, (Level(D(0), D(1)), Level(D(100000), D(2))))
    assert score(criteria, D(5)) == D("1.0001")  # raw 1.00005; banker's rounding would give 1


# --- five-level scale, milestones, pass/fail, composite ----------------------------------------


@pytest.mark.parametrize(
    ("result", "expected"), [("59", "0"), ("60", "1"), ("85", "3.5"), ("100", "5"), ("110", "5")]
)
def test_five_level_scale_interpolates_and_caps_at_five(result, expected):
    assert score(SCALE5_60_TO_100, D(result)) == D(expected)


def test_five_level_scale_short_of_level_one_earns_the_floor():
    with_floor = Criteria(SCALE5_60_TO_100.method, SCALE5_60_TO_100.levels, floor=D("0.5"))
    assert score(with_floor, D(59)) == D("0.5000")


def test_five_level_agency_score_is_weighted_average_up_to_five():
    items = [
        KpiPoints("1.1", "functional", D(20), D(5)),
        KpiPoints("1.2", "functional", D(30), D(4)),
        KpiPoints("2.1", "agenda", D(50), D("3.5")),
    ]
    assert str(weighted_average(items)) == "3.9500"
    all_five = [KpiPoints(i.key, i.component, i.weight, D(5)) for i in items]
    assert str(weighted_average(all_five)) == "5.0000"


def test_weighted_average_leaves_pending_out_until_final():
    items = [KpiPoints("1", "a", D(50), D(4)), KpiPoints("2", "a", D(50), None)]
    assert weighted_average(items) == D(4)
    assert weighted_average(items, final=True) == D(2)
    assert weighted_average([KpiPoints("1", "a", D(50), None)]) is None


@pytest.mark.parametrize(("steps", "expected"), [(0, "0"), (1, "1"), (3, "3"), (5, "5"), (7, "5")])
def test_milestone_earns_the_highest_step_reached(steps, expected):
    assert score(MILESTONE_5_STEPS, steps) == D(expected)


def test_milestone_counts_only_consecutive_steps_from_the_first():
    assert score(MILESTONE_5_STEPS, [True, True, False, True, True]) == D(2)
    assert score(MILESTONE_5_STEPS, [False, True, True]) == D(0)
    assert score(MILESTONE_5_STEPS, D("2.9")) == D(2)


def test_milestone_steps_may_map_to_three_levels():
    criteria = Criteria(
        Method.MILESTONE, tuple(Level(D(n), D(s)) for n, s in [(1, 50), (2, 70), (3, 100)])
    )
    assert score(criteria, 2) == D(70)
    assert needed_result(criteria, D(60)) == D(2)


def test_list_of_steps_is_only_for_milestones():
    with pytest.raises(TypeError):
        score(HIGHER_80_90_100, [True])


@pytest.mark.parametrize(
    ("result", "expected"), [(True, "100"), (False, "0"), (D(1), "100"), (0, "0")]
)
def test_pass_earns_the_top_score_and_fail_zero(result, expected):
    assert score(PASS_FAIL, result) == D(expected)


def test_composite_is_weighted_by_sub_kpi_weights():
    combined = composite_score([(D(60), D("87.5")), (D(40), D("62.5"))])
    assert combined == D("77.5000")
    assert score(COMPOSITE, combined) == combined
    assert score(COMPOSITE, D(130)) == D(100)


def test_composite_with_no_weight_is_an_error():
    with pytest.raises(ValueError, match="zero"):
        composite_score([(D(0), D(80))])
    with pytest.raises(ValueError):
        composite_score([])


# --- what-if -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("want", "needed"), [("87.5", "95"), ("75", "90"), ("50", "80"), ("100", "100"), ("1", "80")]
)
def test_needed_result_inverts_the_higher_is_better_example(want, needed):
    assert needed_result(HIGHER_80_90_100, D(want)) == D(needed)


def test_needed_result_for_lower_is_better_is_the_largest_allowed_result():
    assert needed_result(LOWER_75_60_45_DAYS, D(75)) == D(60)
    assert needed_result(LOWER_75_60_45_DAYS, D("88.3333")) == D("52.0000")
    assert score(LOWER_75_60_45_DAYS, D("52.0001")) < D("88.3333")


def test_needed_result_in_step_mode_is_the_reaching_levels_target():
    assert needed_result(STEPPED_80_90_100, D(60)) == D(90)
    assert needed_result(STEPPED_80_90_100, D(50)) == D(80)


def test_needed_result_is_none_when_unreachable_or_anything_will_do():
    assert needed_result(HIGHER_80_90_100, D("100.0001")) is None
    assert needed_result(HIGHER_80_90_100, D(0)) is None  # at or below the floor: any result


def test_needed_result_for_milestone_pass_fail_and_composite():
    assert needed_result(MILESTONE_5_STEPS, D("3.5")) == D(4)
    assert needed_result(PASS_FAIL, D(100)) == D(1)
    assert needed_result(COMPOSITE, D("77.5")) == D("77.5000")


# --- agency total and result levels --------------------------------------------------------------


def test_agency_total_adds_component_points():
    items = [
        KpiPoints("1.1", "performance", D(40), D(75)),  # 30.000
        KpiPoints("1.2", "performance", D(30), D("87.5")),  # 26.250
        KpiPoints("2.1", "potential", D(20), D(100)),  # 20.000
        KpiPoints("2.2", "potential", D(10), D(75)),  # 7.500
    ]
    result = agency_total(items, final=True)
    assert [(c.component, display(c.points, 3)) for c in result.components] == [
        ("performance", "56.250"),
        ("potential", "27.500"),
    ]
    assert display(result.total, 3) == "83.750"
    assert [c.weight for c in result.components] == [D(70), D(30)]


def test_published_fy2567_result_is_quality_level():
    items = [
        KpiPoints("1", "performance", D(70), D(100)),
        KpiPoints("2", "potential", D(30), D("99.8")),
    ]
    result = agency_total(items, final=True)
    assert [c.points for c in result.components] == [D(70), D("29.94")]
    assert result.total == D("99.94")
    assert result_level(result.total).label == "ระดับคุณภาพ"


def test_kpi_points_scale_to_a_share_of_100():
    assert kpi_points(D(25), D("87.5")) == D("21.8750")
    assert kpi_points(D(20), D(4), max_score=D(5)) == D(16)


def test_kpi_without_result_is_pending_in_progress_and_zero_in_final():
    items = [
        KpiPoints("1", "performance", D(60), D(100)),
        KpiPoints("2", "performance", D(40), None),
    ]
    progress = agency_total(items, final=False)
    assert (progress.total, progress.pending, progress.max_possible) == (D(60), 1, D(100))
    assert progress.components[0].pending == 1
    final = agency_total(items, final=True)
    assert (final.total, final.pending, final.max_possible) == (D(60), 0, D(60))


def test_agency_needed_score_for_pending_kpis():
    items = [KpiPoints("1", "a", D(60), D(100)), KpiPoints("2", "a", D(40), None)]
    # 75 reaches 90 exactly; so does 74.9999, whose 29.99996 points round half-up to 30.0000
    # (points keep 4 decimals, domain §6), and the what-if is the exact inverse of the total.
    assert agency_needed_score(items, D(90)) == D("74.9999")
    assert display(agency_needed_score(items, D(90))) == "75.00"
    heavier_pending = [KpiPoints("1", "a", D(40), D(100)), KpiPoints("2", "a", D(60), None)]
    assert agency_needed_score(heavier_pending, D(82)) == D(70)
    assert agency_needed_score(items, D(60)) == D(0)
    assert agency_needed_score(items, D("100.0001")) is None
    assert agency_needed_score(items[:1], D(90)) is None  # nothing pending and short


@pytest.mark.parametrize(
    ("total", "code"),
    [
        ("100", "quality"),
        ("90", "quality"),
        ("89.9999", "advanced"),
        ("75", "advanced"),
        ("74.9999", "basic"),
        ("60", "basic"),
        ("59.9999", "improve"),
        ("0", "improve"),
    ],
)
def test_result_level_at_the_cut_offs(total, code):
    assert result_level(D(total)).code == code


def test_result_level_below_every_cut_off_is_an_error():
    with pytest.raises(ValueError):
        result_level(D(-1))


def test_default_result_levels_are_valid():
    assert validate_result_levels(DEFAULT_RESULT_LEVELS) == []
    assert [level.min_total for level in DEFAULT_RESULT_LEVELS] == [D(90), D(75), D(60), D(0)]


@pytest.mark.parametrize(
    ("levels", "field"),
    [
        ((), "levels"),
        ((ResultLevel("a", "ก", D(0)), ResultLevel("a", "ข", D(50))), "levels[1].code"),
        ((ResultLevel("a", " ", D(0)),), "levels[0].label"),
        ((ResultLevel("a", "ก", D(0)), ResultLevel("b", "ข", D(0))), "levels[1].min_total"),
        ((ResultLevel("a", "ก", D(0)), ResultLevel("b", "ข", D(-5))), "levels[1].min_total"),
        ((ResultLevel("a", "ก", D(10)),), "levels"),
    ],
)
def test_invalid_result_levels_are_reported_in_thai(levels, field):
    errors = validate_result_levels(levels)
    assert field in [error.field for error in errors]
    assert all(THAI.search(error.message) for error in errors)


# --- validation ----------------------------------------------------------------------------------


def levels_of(*pairs: tuple[str, str]) -> tuple[Level, ...]:
    return tuple(Level(D(target), D(points)) for target, points in pairs)


@pytest.mark.parametrize(
    ("criteria", "field", "message"),
    [
        (Criteria(Method.LEVELS, levels_of(("80", "50"))), "levels", "ต้องมีอย่างน้อย 2 ระดับ"),
        (
            Criteria(Method.SCALE5, levels_of(*[(str(n), str(n)) for n in range(1, 5)])),
            "levels",
            "ต้องมี 5 ระดับพอดี",
        ),
        (Criteria(Method.MILESTONE, ()), "levels", "ต้องมีอย่างน้อย 1 ระดับ"),
        (
            Criteria(Method.LEVELS, levels_of(("80", "75"), ("90", "50"))),
            "levels[1].score",
            "คะแนนต้องเรียงจากน้อยไปมาก",
        ),
        (
            Criteria(Method.LEVELS, levels_of(("90", "50"), ("80", "75"))),
            "levels[1].target",
            "ค่าเป้าหมายต้องเรียงจากน้อยไปมาก",
        ),
        (
            Criteria(
                Method.LEVELS, levels_of(("45", "50"), ("60", "75")), direction=Direction.LOWER
            ),
            "levels[1].target",
            "ค่าเป้าหมายต้องเรียงจากมากไปน้อย (ยิ่งน้อยยิ่งดี)",
        ),
        (
            Criteria(Method.MILESTONE, levels_of(("1", "-1"), ("2", "5"))),
            "levels[0].score",
            "คะแนนต้องไม่ติดลบ",
        ),
        (
            Criteria(Method.LEVELS, levels_of(("80", "50"), ("90", "75")), floor=D(50)),
            "floor",
            "คะแนนขั้นต่ำต้องน้อยกว่าคะแนนของระดับแรก",
        ),
        (
            Criteria(Method.LEVELS, levels_of(("80", "50"), ("90", "75")), floor=D(-1)),
            "floor",
            "คะแนนขั้นต่ำต้องไม่ติดลบ",
        ),
        (
            Criteria(Method.LEVELS, levels_of(("NaN", "50"), ("90", "75"))),
            "levels[0].target",
            "ต้องเป็นตัวเลข",
        ),
    ],
)
def test_invalid_criteria_are_reported_in_thai(criteria, field, message):
    errors = validate_criteria(criteria)
    assert (field, message) in [(error.field, error.message) for error in errors]
    with pytest.raises(InvalidCriteriaError) as raised:
        score(criteria, D(1))
    assert raised.value.errors == tuple(errors)
    with pytest.raises(InvalidCriteriaError):
        needed_result(criteria, D(1))


def test_milestone_and_pass_fail_targets_are_not_ordered():
    assert validate_criteria(Criteria(Method.MILESTONE, levels_of(("9", "50"), ("1", "100")))) == []
    assert validate_criteria(PASS_FAIL) == []


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [("87.125", 2, "87.13"), ("2.345", 2, "2.35"), ("0.005", 2, "0.01"), ("83.75", 3, "83.750")],
)
def test_display_rounds_half_up(value, places, text):
    assert display(D(value), places) == text


def test_display_of_missing_value_is_empty():
    assert display(None) == ""


# --- properties ----------------------------------------------------------------------------------


def decimals(low: str | int, high: str | int | Decimal) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=D(low), max_value=D(high)
    )


@st.composite
def targeted_criteria(draw: st.DrawFn) -> Criteria:
    method = draw(st.sampled_from([Method.LEVELS, Method.SCALE5]))
    count = 5 if method is Method.SCALE5 else draw(st.integers(2, 5))

    def distinct(values: st.SearchStrategy[Decimal]) -> list[Decimal]:
        return sorted(draw(st.lists(values, min_size=count, max_size=count, unique=True)))

    targets = distinct(decimals(-1000, 1000))
    scores = distinct(decimals("0.0001", 1000))
    direction = draw(st.sampled_from(Direction))
    if direction is Direction.LOWER:
        targets.reverse()
    criteria = Criteria(
        method,
        tuple(Level(t, s) for t, s in zip(targets, scores, strict=True)),
        direction=direction,
        interpolate=draw(st.booleans()),
        floor=draw(decimals(0, scores[0] - STEP)),
    )
    assert validate_criteria(criteria) == []
    return criteria


@st.composite
def untargeted_criteria(draw: st.DrawFn) -> Criteria:
    method = draw(st.sampled_from([Method.MILESTONE, Method.PASS_FAIL, Method.COMPOSITE]))
    scores = sorted(draw(st.lists(decimals("0.0001", 1000), min_size=1, max_size=6, unique=True)))
    levels = tuple(Level(D(n), s) for n, s in enumerate(scores, 1))
    return Criteria(method, levels, floor=draw(decimals(0, scores[0] - STEP)))


any_criteria = st.one_of(targeted_criteria(), untargeted_criteria())
results = decimals(-2000, 2000)


@settings(max_examples=200, deadline=None)
@given(any_criteria, results, results)
def test_score_is_monotone_in_the_result(criteria, a, b):
    low, high = sorted((a, b))
    if criteria.direction is Direction.LOWER:
        assert score(criteria, low) >= score(criteria, high)
    else:
        assert score(criteria, low) <= score(criteria, high)


@settings(max_examples=200, deadline=None)
@given(any_criteria, results)
def test_score_stays_between_floor_and_max(criteria, result):
    assert criteria.floor <= score(criteria, result) <= criteria.max_score


@settings(max_examples=200, deadline=None)
@given(targeted_criteria(), decimals(0, 1100))
def test_needed_result_is_the_inverse_of_score(criteria, want):
    needed = needed_result(criteria, want)
    if want > criteria.max_score or want <= criteria.floor:
        assert needed is None
        return
    assert needed is not None
    assert score(criteria, needed) >= want - STEP
    assert score(criteria, needed) >= want
    worse = needed + STEP if criteria.direction is Direction.LOWER else needed - STEP
    assert score(criteria, worse) < want


@settings(max_examples=200, deadline=None)
@given(targeted_criteria(), decimals(0, 1000))
def test_needed_result_in_step_mode_is_a_level_target(criteria, want):
    stepped = Criteria(criteria.method, criteria.levels, criteria.direction, False, criteria.floor)
    assume(criteria.floor < want <= criteria.max_score)
    reaching = next(level for level in stepped.levels if level.score >= want)
    assert needed_result(stepped, want) == reaching.target


@st.composite
def agency_items(draw: st.DrawFn) -> list[KpiPoints]:
    """KPIs whose weights add up to exactly 100, scored 0..100 or pending."""
    cuts = sorted(draw(st.lists(st.integers(0, 1_000_000), max_size=8, unique=True)))
    bounds = [0, *cuts, 1_000_000]
    weights = [D(b - a).scaleb(-4) for a, b in itertools.pairwise(bounds)]
    return [
        KpiPoints(str(i), draw(st.sampled_from(["performance", "potential"])), weight, points)
        for i, weight in enumerate(weights)
        for points in [draw(st.none() | decimals(0, 100))]
    ]


@settings(max_examples=200, deadline=None)
@given(agency_items(), st.booleans())
def test_agency_total_never_exceeds_100(items, final):
    assert sum(item.weight for item in items) == 100
    result = agency_total(items, final=final)
    assert 0 <= result.total <= result.max_possible <= 100
    assert result.total == sum(c.points for c in result.components)


@settings(max_examples=200, deadline=None)
@given(agency_items(), decimals(0, 100))
def test_agency_needed_score_is_just_enough(items, target):
    def total_with(uniform: Decimal) -> Decimal:
        filled = [
            KpiPoints(i.key, i.component, i.weight, uniform if i.score is None else i.score)
            for i in items
        ]
        return agency_total(filled, final=True).total

    needed = agency_needed_score(items, target)
    if needed is None:
        assert total_with(D(100)) < target
        return
    assert 0 <= needed <= 100
    assert total_with(needed) >= target
    if needed > 0:
        assert total_with(needed - STEP) < target


def test_agency_score_without_kpis_is_no_score_not_zero():
    """Issue 15 item 5: nothing to total is None ("ยังไม่มีผล" on every page), never 0."""
    pending = [KpiPoints("a", "Performance", Decimal(60), None)]
    assert agency_score([], five_level=False, final=True) is None
    assert agency_score([], five_level=True, final=False) is None
    assert agency_score(pending, five_level=True, final=False) is None
    # Progress views on 100: KPIs still to report add nothing yet (shown with "รอผล").
    assert agency_score(pending, five_level=False, final=False) == 0
    assert agency_score(pending, five_level=True, final=True) == 0
