import datetime

from hypothesis import given
from hypothesis import strategies as st

from agreements.deadlines import add_days, is_working_day, working_days_between

MONDAY = datetime.date(2025, 11, 3)


def test_calendar_days_count_weekends():
    assert add_days(MONDAY, 7, working=False) == datetime.date(2025, 11, 10)


def test_working_days_skip_the_weekend():
    # Mon 3 Nov + 7 working days: Tue..Fri (4), Mon..Wed (3) → Wed 12 Nov.
    assert add_days(MONDAY, 7, working=True) == datetime.date(2025, 11, 12)


def test_working_days_skip_listed_holidays():
    holidays = {datetime.date(2025, 11, 5), datetime.date(2025, 11, 10)}
    assert add_days(MONDAY, 7, working=True, holidays=holidays) == datetime.date(2025, 11, 14)


def test_a_step_starting_on_friday_ends_after_the_weekend():
    friday = datetime.date(2025, 11, 7)
    assert add_days(friday, 1, working=True) == datetime.date(2025, 11, 10)


def test_zero_days_is_the_start_day():
    assert add_days(MONDAY, 0, working=True) == MONDAY


@given(
    start=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31)),
    days=st.integers(min_value=1, max_value=40),
    holidays=st.sets(
        st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2036, 3, 31)),
        max_size=20,
    ),
)
def test_working_deadline_is_a_working_day_exactly_n_working_days_later(start, days, holidays):
    due = add_days(start, days, working=True, holidays=holidays)
    assert is_working_day(due, holidays)
    assert working_days_between(start, due, holidays) == days
    assert due >= add_days(start, days, working=False)
