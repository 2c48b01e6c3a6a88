"""Decimal helpers: half-up rounding for display, parsing of user text."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.decimals import display_decimal, parse_decimal, quantize4, quantize_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.345", 2, "2.35"),
        ("2.344", 2, "2.34"),
        ("-2.345", 2, "-2.35"),
        ("0.125", 2, "0.13"),
        ("2.5", 0, "3"),
        ("87.5", 2, "87.50"),
    ],
)
def test_quantize_half_up(value, places, expected):
    result = quantize_half_up(Decimal(value), places)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_quantize_half_up_is_not_bankers_rounding():
    # Banker's rounding would give 0.12 and 2; domain rounds half away from zero.
    assert quantize_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert quantize_half_up(Decimal("2.5"), 0) == Decimal("3")


def test_quantize4_keeps_four_places_half_up():
    assert str(quantize4(Decimal("1.23455"))) == "1.2346"
    assert str(quantize4(Decimal("1.23454"))) == "1.2345"
    assert str(quantize4(Decimal("7"))) == "7.0000"


def test_display_decimal_uses_thousands_separator():
    assert display_decimal(Decimal("1234.5")) == "1,234.50"
    assert display_decimal(Decimal("1234567.891"), 2) == "1,234,567.89"


def test_display_decimal_rounds_half_up():
    assert display_decimal(Decimal("2.345"), 2) == "2.35"
    assert display_decimal(Decimal("0.5"), 0) == "1"


def test_display_decimal_of_none_is_empty():
    assert display_decimal(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", Decimal("1234.5")),
        (" 80 ", Decimal("80")),
        ("-3.25", Decimal("-3.25")),
    ],
)
def test_parse_decimal_accepts_numbers(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "-Infinity", "", "   ", "1.2.3"])
def test_parse_decimal_rejects_non_finite_or_garbage(text):
    assert parse_decimal(text) is None


@given(
    st.decimals(
        min_value=Decimal("-1e12"),
        max_value=Decimal("1e12"),
        allow_nan=False,
        allow_infinity=False,
        places=6,
    )
)
def test_display_decimal_parses_back_within_half_a_cent(value):
    parsed = parse_decimal(display_decimal(value, 2))
    assert parsed is not None
    assert abs(parsed - value) <= Decimal("0.005")
