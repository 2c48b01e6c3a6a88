"""A formula that passes validation evaluates for any values: a Decimal or a Thai FormulaError
("cannot compute", e.g. division by zero), never another exception (issue 14 item 5)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.formula import FormulaError, evaluate, validate_formula

THAI = re.compile(r"[\u0E00-\u0E7F]")
CODES = ("a", "b", "c")

literals = st.sampled_from(["0", "1", "2.5", "100", "0.0001", "99999999999999999999"])
leaves = st.one_of(st.sampled_from(CODES), literals)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    unary = st.tuples(st.sampled_from(["-", "+"]), children).map(lambda t: f"{t[0]}{t[1]}")
    call = st.tuples(st.sampled_from(["min", "max"]), st.lists(children, max_size=4)).map(
        lambda t: f"{t[0]}({', '.join(t[1])})"
    )
    return st.one_of(binary, unary, call)


formulas = st.recursive(leaves, _combine, max_leaves=12)
values = st.one_of(
    st.decimals(min_value=Decimal("-1E+30"), max_value=Decimal("1E+30"), places=6),
    st.sampled_from([Decimal(0), Decimal("-0"), Decimal("1E+999990"), Decimal("1E-999990")]),
)


@settings(max_examples=400, deadline=None)
@given(formula=formulas, a=values, b=values, c=values)
def test_every_accepted_formula_evaluates_without_an_exception(formula, a, b, c):
    if validate_formula(formula, CODES):
        return  # refused at save time: never stored, never evaluated for a report
    try:
        result = evaluate(formula, {"a": a, "b": b, "c": c})
    except FormulaError as error:
        assert THAI.search(str(error))  # "cannot compute", in Thai
    else:
        assert isinstance(result, Decimal) and result.is_finite()


def test_single_argument_min_is_refused_and_does_not_crash():
    assert validate_formula("min(a)", CODES)
    with pytest.raises(FormulaError):
        evaluate("min(a)", {"a": Decimal(1)})


def test_division_by_zero_for_some_values_is_accepted_and_says_why():
    # b may legitimately be 0 in one round; the formula is still a good one.
    assert validate_formula("a / (b - 2)", CODES) == []
    with pytest.raises(FormulaError) as error:
        evaluate("a / (b - 2)", {"a": Decimal(1), "b": Decimal(2)})
    assert "หารด้วยศูนย์" in str(error.value)
