"""The one integer parser and the bounded URL converters (issue 14 item 7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.converters import IdConverter, YearConverter
from core.numbers import MAX_ID, YEAR_MAX, YEAR_MIN, parse_id, parse_int, parse_year


@pytest.mark.parametrize(
    "text", ["²", "١٢", "9" * 5000, "9999999999999999999999", "", " ", "1.0", "1e3", "0x10", "--1"]
)
def test_malformed_integers_are_none(text):
    assert parse_int(text) is None
    assert parse_id(text) is None


def test_thai_and_ascii_digits_are_read():
    assert parse_int("๒๕๖๙") == 2569
    assert parse_int(" 42 ") == 42
    assert parse_year("2569") == 2569


@pytest.mark.parametrize("year", [YEAR_MIN - 1, YEAR_MAX + 1, 2026, 0, -2569])
def test_years_outside_the_range_are_none(year):
    assert parse_year(str(year)) is None


@given(st.text(max_size=30))
def test_any_text_is_an_int_in_bounds_or_none(text):
    value = parse_int(text, minimum=-5, maximum=10**6)
    assert value is None or -5 <= value <= 10**6


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_id_round_trips(number):
    assert parse_id(str(number)) == number
    assert IdConverter().to_python(IdConverter().to_url(number)) == number


@pytest.mark.parametrize("text", ["0", str(MAX_ID + 1), "9" * 19])
def test_id_converter_refuses_what_no_row_can_have(text):
    with pytest.raises(ValueError):
        IdConverter().to_python(text)


def test_year_converter_refuses_years_outside_the_range():
    with pytest.raises(ValueError):
        YearConverter().to_python("2499")
    assert YearConverter().to_python("2569") == 2569
