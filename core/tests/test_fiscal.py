"""Fiscal-year rules (domain §2): FY runs 1 Oct – 30 Sep, named by the B.E. year it ends in."""

import datetime

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.fiscal import (
    FiscalYear,
    current_fiscal_year,
    fiscal_year_choices,
    fiscal_year_of,
    to_be,
    to_ce,
)


def test_fy_2569_runs_from_1_october_2025_to_30_september_2026():
    fy = FiscalYear(2569)
    assert fy.start == datetime.date(2025, 10, 1)
    assert fy.end == datetime.date(2026, 9, 30)


def test_30_september_2026_is_last_day_of_fy_2569():
    assert fiscal_year_of(datetime.date(2026, 9, 30)) == FiscalYear(2569)


def test_1_october_2026_starts_fy_2570():
    assert fiscal_year_of(datetime.date(2026, 10, 1)) == FiscalYear(2570)


def test_1_october_2025_starts_fy_2569():
    assert fiscal_year_of(datetime.date(2025, 10, 1)) == FiscalYear(2569)


def test_30_september_2025_belongs_to_fy_2568():
    assert fiscal_year_of(datetime.date(2025, 9, 30)) == FiscalYear(2568)


def test_buddhist_era_is_christian_era_plus_543():
    assert to_be(2025) == 2568
    assert to_ce(2569) == 2026
    assert to_ce(to_be(1999)) == 1999


def test_in_operator_checks_the_date_range():
    fy = FiscalYear(2569)
    assert datetime.date(2025, 10, 1) in fy
    assert datetime.date(2026, 9, 30) in fy
    assert datetime.date(2026, 3, 15) in fy
    assert datetime.date(2025, 9, 30) not in fy
    assert datetime.date(2026, 10, 1) not in fy


def test_in_operator_accepts_datetimes():
    fy = FiscalYear(2569)
    assert datetime.datetime(2026, 9, 30, 23, 59) in fy
    assert datetime.datetime(2026, 10, 1, 0, 0) not in fy


def test_in_operator_rejects_non_dates():
    fy = FiscalYear(2569)
    assert "2026-01-01" not in fy
    assert 2569 not in fy


def test_previous_and_next_are_adjacent_years():
    fy = FiscalYear(2569)
    assert fy.previous == FiscalYear(2568)
    assert fy.next == FiscalYear(2570)
    assert fy.previous.end + datetime.timedelta(days=1) == fy.start
    assert fy.end + datetime.timedelta(days=1) == fy.next.start


def test_str_is_the_buddhist_era_year():
    assert str(FiscalYear(2569)) == "2569"


def test_current_fiscal_year_uses_the_given_day():
    assert current_fiscal_year(datetime.date(2025, 11, 25)) == FiscalYear(2569)


def test_current_fiscal_year_defaults_to_today():
    assert timezone.localdate() in current_fiscal_year()


def test_fiscal_year_choices_are_newest_first_and_contain_current_year():
    choices = fiscal_year_choices()
    years = [year for year, _label in choices]
    assert years == sorted(years, reverse=True)
    assert len(set(years)) == len(years)
    assert current_fiscal_year().be_year in years
    assert all(label == str(year) for year, label in choices)


def test_fiscal_year_choices_around_a_given_year():
    years = [year for year, _label in fiscal_year_choices(around=2569, span=2)]
    assert years == [2570, 2569, 2568, 2567]


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_every_date_lies_in_exactly_its_fiscal_year(day):
    fy = fiscal_year_of(day)
    assert day in fy
    assert day not in fy.previous
    assert day not in fy.next
