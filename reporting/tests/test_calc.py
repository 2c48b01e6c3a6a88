"""Result, self score, level and the what-if hint from what the owner types (domain §6, §9)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting import calc
from reporting.tests.factories import make_framework, make_kpi


@pytest.fixture
def framework(org):
    return make_framework(org.department)


def test_lower_is_better_hint_says_how_much_to_cut(framework):
    kpi = make_kpi(
        framework, formula="a / b", direction="lower", targets=("75", "60", "45"),
        scores=("50", "75", "100"),
    )  # fmt: skip
    computed = calc.compute(kpi, {"a": Decimal(3900), "b": Decimal(60)}, None)  # 65 days
    assert computed.result == Decimal("65.0000")
    assert computed.score == Decimal("66.6667")
    assert computed.level_label == "ระดับขั้นต้น"
    assert computed.hint == "ต้องลดลงอีก 5.00 ร้อยละ จึงจะถึงระดับมาตรฐาน"


def test_missing_values_explain_why_there_is_no_result(framework):
    kpi = make_kpi(framework)
    computed = calc.compute(kpi, {"a": Decimal(5), "b": None}, None)
    assert computed.result is None and computed.score is None
    assert "b" in computed.problem
    assert computed.hint == "ต้องได้อย่างน้อย 80.00 ร้อยละ จึงจะถึงระดับขั้นต้น"


def test_division_by_zero_is_a_thai_problem_not_a_crash(framework):
    kpi = make_kpi(framework)
    computed = calc.compute(kpi, {"a": Decimal(5), "b": Decimal(0)}, None)
    assert computed.result is None and computed.problem


def test_direct_result_without_formula_and_top_level(framework):
    kpi = make_kpi(framework, formula="", targets=("20", "25", "30"))
    computed = calc.compute(kpi, {}, Decimal(31))
    assert computed.score == Decimal("100.0000") and computed.level_label == "ระดับขั้นสูง"
    assert computed.hint == "ได้คะแนนสูงสุดของตัวชี้วัดนี้แล้ว"


def test_milestone_counts_steps(framework):
    kpi = make_kpi(
        framework, formula="", method="milestone", targets=("1", "2", "3", "4", "5"),
        scores=("20", "35", "50", "70", "100"),
    )  # fmt: skip
    computed = calc.compute(kpi, {}, Decimal(3))
    assert computed.score == Decimal("50.0000")
    assert computed.hint.startswith("ต้องดำเนินการอีก 1 ขั้น")


def test_following_the_hint_reaches_the_next_level(framework):
    kpi = make_kpi(framework, formula="")  # 80/90/100 → 50/75/100, higher is better
    levels = sorted(level.score for level in kpi.levels.all())

    @settings(max_examples=80, deadline=None)
    @given(result=st.decimals(min_value=0, max_value=120, places=2))
    def check(result):
        computed = calc.compute(kpi, {}, result)
        if computed.score is None or computed.score >= 100:
            return
        gap = Decimal(computed.hint.split("ต้องได้อีก ")[1].split(" ")[0])
        better = calc.compute(kpi, {}, result + gap)
        next_level = next(score for score in levels if score > computed.score)
        assert better.score is not None and better.score >= next_level

    check()
