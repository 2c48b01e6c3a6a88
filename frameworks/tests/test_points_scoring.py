"""Assessment points (ประเด็นการประเมิน, issue 17 item 2) are scored by the composite rule:
each point's result by its own criteria, combined as sub-KPIs are."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from frameworks.scoring import (
    Direction,
    composite_score,
    point_criteria,
    points_score,
    score,
    validate_criteria,
)


def test_points_score_worked_by_hand():
    # Point 1 (weight 60): 80→50, 90→75, 100→100; result 95 → 75 + 5 × 25 / 10 = 87.5.
    # Point 2 (weight 40): 10→50, 20→100; result 13 → 50 + 3 × 50 / 10 = 65.
    # KPI: (60 × 87.5 + 40 × 65) / 100 = (5250 + 2600) / 100 = 78.5.
    first = point_criteria([(D(80), D(50)), (D(90), D(75)), (D(100), D(100))])
    second = point_criteria([(D(10), D(50)), (D(20), D(100))])
    assert score(first, D(95)) == D("87.5000")
    assert score(second, D(13)) == D("65.0000")
    assert points_score([(D(60), first, D(95)), (D(40), second, D(13))]) == D("78.5000")


def test_lower_is_better_point():
    # Complaints: 10→50, 5→100; 8 complaints → 50 + (10 − 8) × 50 / 5 = 70.
    crit = point_criteria([(D(10), D(50)), (D(5), D(100))], direction=Direction.LOWER)
    assert validate_criteria(crit) == []
    assert points_score([(D(1), crit, D(8))]) == D("70.0000")


def _decimals(low: int, high: int) -> st.SearchStrategy[D]:
    return st.decimals(min_value=low, max_value=high, places=4, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(_decimals(1, 100), _decimals(-50, 150)),
        min_size=1,
        max_size=6,
    )
)
def test_points_score_equals_composite_of_point_scores(rows):
    crit = point_criteria([(D(60), D(50)), (D(80), D(75)), (D(100), D(100))])
    parts = [(weight, crit, result) for weight, result in rows]
    expected = composite_score([(weight, score(crit, result)) for weight, result in rows])
    assert points_score(parts) == expected
    assert D(0) <= points_score(parts) <= D(100)
