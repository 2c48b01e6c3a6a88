"""The formula evaluator: a whitelist over `ast`, Decimal arithmetic, Thai messages."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.formula import FormulaError, code_problem, evaluate, validate_formula

THAI = re.compile(r"[\u0E00-\u0E7F]")
CODES = {"a", "b", "c"}

decimals = st.decimals(min_value=Decimal("-99999.9999"), max_value=Decimal("99999.9999"), places=4)


def test_percentage_formula_evaluates_in_decimal():
    assert evaluate("(a / b) * 100", {"a": Decimal(45), "b": Decimal(50)}) == Decimal(90)


def test_thai_office_symbols_are_accepted():
    assert evaluate("(a ÷ b) × 100", {"a": Decimal(1), "b": Decimal(4)}) == Decimal(25)


def test_min_max_and_unary_minus_are_allowed():
    values = {"a": Decimal(3), "b": Decimal(7)}
    assert evaluate("max(a, b) - min(a, b)", values) == Decimal(4)
    assert evaluate("-a + +b", values) == Decimal(4)


def test_decimal_literals_are_exact():
    assert evaluate("0.1 + 0.2", {}) == Decimal("0.3")


@given(decimals, decimals.filter(lambda d: d != 0))
def test_evaluate_equals_decimal_arithmetic(a, b):
    assert evaluate("(a / b) * 100", {"a": a, "b": b}) == (a / b) * 100


@given(decimals, decimals, decimals)
def test_evaluate_follows_operator_precedence(a, b, c):
    values = {"a": a, "b": b, "c": c}
    assert evaluate("a + b * c - a", values) == a + b * c - a
    assert evaluate("(a + b) * c", values) == (a + b) * c


def test_division_by_zero_is_a_clear_thai_error():
    with pytest.raises(FormulaError) as error:
        evaluate("(a / b) * 100", {"a": Decimal(1), "b": Decimal(0)})
    assert "หารด้วยศูนย์" in str(error.value)
    assert "b" in str(error.value)


def test_valid_formula_has_no_problems():
    assert validate_formula("(a / b) * 100", CODES) == []


def test_unknown_code_is_named():
    problems = validate_formula("(a / x) * 100", CODES)
    assert len(problems) == 1
    assert "“x”" in problems[0]
    assert THAI.search(problems[0])


def test_bad_syntax_is_reported_in_thai():
    problems = validate_formula("(a / b * 100", CODES)
    assert problems and "ไม่ถูกต้อง" in problems[0]


@pytest.mark.parametrize(
    "attack",
    [
        "__import__('os')",
        "__import__('os').system('ls')",
        "a.__class__",
        "a.__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd')",
        "eval('1')",
        "(lambda: 1)()",
        "lambda x: x",
        "9 ** 9 ** 9",
        "a ** 1000000",
        "10 ** 10",
        "[a for a in b]",
        "a[0]",
        "'text'",
        "a if b else c",
        "a < b",
        "a and b",
        "(x := 1)",
        "a // b",
        "a % b",
        "max(a, key=b)",
        "max(*a)",
        "f'{a}'",
        "1e999999",
        "9" * 40,
        "(" * 300 + "a" + ")" * 300,
        "a\x00",
        "{a: b}",
        "a @ b",
        "~a",
        "not a",
        "True",
    ],
)
def test_attacks_are_rejected_without_running(attack):
    problems = validate_formula(attack, CODES)
    assert problems, attack
    assert all(THAI.search(problem) for problem in problems)
    with pytest.raises(FormulaError):
        evaluate(attack, {"a": Decimal(1), "b": Decimal(2), "c": Decimal(3)})


def test_disallowed_construct_is_named():
    assert any("**" in p for p in validate_formula("a ** 2", CODES))
    assert any("ฟังก์ชัน" in p for p in validate_formula("abs(a)", CODES))
    assert any("แอตทริบิวต์" in p for p in validate_formula("a.real", CODES))


def test_too_long_formula_is_rejected():
    assert validate_formula(" + ".join(["a"] * 300), CODES)


def test_missing_value_is_an_error():
    with pytest.raises(FormulaError):
        evaluate("a + b", {"a": Decimal(1)})


def test_overflow_is_a_thai_error():
    big = {"a": Decimal("9e999990")}
    with pytest.raises(FormulaError) as error:
        evaluate("a * a", big)
    assert THAI.search(str(error.value))


@pytest.mark.parametrize("code", ["a", "b1", "rate_2", "Total"])
def test_data_item_codes_that_work(code):
    assert code_problem(code) is None


@pytest.mark.parametrize("code", ["1a", "ก", "a-b", "a b", "", "if", "min", "max", "lambda"])
def test_data_item_codes_that_cannot_name_a_value(code):
    problem = code_problem(code)
    assert problem is not None and THAI.search(problem)
