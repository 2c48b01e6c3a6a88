"""Step deadlines in calendar or working days (domain §7: each step has a duration).

Pure functions, no ORM: the holiday list is passed in. The start day is day 0: a 7-day step
that starts on Monday 3 November ends on Monday 10 November in calendar days, and on Wednesday
12 November in working days (weekends and listed holidays are not counted).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

SATURDAY = 5


def is_working_day(day: datetime.date, holidays: Collection[datetime.date] = ()) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def add_days(
    start: datetime.date,
    days: int,
    *,
    working: bool,
    holidays: Collection[datetime.date] = (),
) -> datetime.date:
    """The deadline `days` days after `start` (calendar days, or working days)."""
    if days < 0:
        raise ValueError("days must not be negative")
    if not working:
        return start + datetime.timedelta(days=days)
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: Collection[datetime.date] = ()
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
