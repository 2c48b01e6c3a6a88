"""Template data and the date rules behind rounds (domain §2, §7)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.fiscal import FiscalYear
from frameworks.services import changes_from_template, validate_framework_changes
from frameworks.templates_data import TEMPLATES, round_dates, shift_years

years = st.integers(min_value=2500, max_value=2700)


def test_fy_2569_rounds_end_in_march_and_september_due_a_month_later():
    assert round_dates(2569, 6) == (datetime.date(2026, 3, 31), datetime.date(2026, 4, 30))
    assert round_dates(2569, 12) == (datetime.date(2026, 9, 30), datetime.date(2026, 10, 31))
    assert round_dates(2569, 3) == (datetime.date(2025, 12, 31), datetime.date(2026, 1, 31))
    assert round_dates(2569, 9) == (datetime.date(2026, 6, 30), datetime.date(2026, 7, 31))


@given(years, st.integers(min_value=1, max_value=12))
def test_every_round_ends_inside_its_year_and_is_due_after(year, months):
    period_end, due = round_dates(year, months)
    assert period_end in FiscalYear(year)
    assert period_end < due <= period_end + datetime.timedelta(days=31)
    assert (period_end + datetime.timedelta(days=1)).day == 1  # the last day of a month


@pytest.mark.parametrize("key", sorted(TEMPLATES))
@given(year=years)
def test_every_template_is_valid_in_every_year(key, year):
    changes = changes_from_template(TEMPLATES[key], year)
    assert validate_framework_changes(year, changes) == {}
    assert sum(c.weight for c in changes.components) == 100
    assert str(year) in changes.settings.name_th


@given(st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2150, 12, 31)),
       st.integers(min_value=-5, max_value=5))  # fmt: skip
def test_shift_years_keeps_the_month_and_month_ends(day, years_):
    shifted = shift_years(day, years_)
    assert (shifted.year, shifted.month) == (day.year + years_, day.month)
    if (day + datetime.timedelta(days=1)).month != day.month:
        assert (shifted + datetime.timedelta(days=1)).month != shifted.month
    else:
        assert shifted.day == day.day


def test_shift_years_handles_leap_days():
    assert shift_years(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)
    assert shift_years(datetime.date(2027, 2, 28), 1) == datetime.date(2028, 2, 29)
    assert shift_years(datetime.date(2026, 3, 15), 1) == datetime.date(2027, 3, 15)
