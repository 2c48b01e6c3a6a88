"""Thai calendar and digits for display and documents (domain §2, §10).

PyThaiNLP does the month names and the B.E. year; Django's own `date` filter and Babel give
Christian-era years only.
"""

from __future__ import annotations

import datetime

from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime


def thai_digits(text: object) -> str:
    """Replace Arabic digits 0-9 with Thai digits ๐-๙, leaving everything else."""
    return str(arabic_digit_to_thai_digit(str(text)))


def _as_datetime(day: datetime.date) -> datetime.datetime:
    if isinstance(day, datetime.datetime):
        return day
    return datetime.datetime(day.year, day.month, day.day)


def thai_date_full(day: datetime.date, *, digits: bool = True) -> str:
    """ "๒๕ พฤศจิกายน ๒๕๖๘" (Thai digits by default, as in letters) or "25 พฤศจิกายน 2568"."""
    return str(thai_strftime(_as_datetime(day), "%-d %B %Y", thaidigit=digits))


def thai_date_short(day: datetime.date, *, digits: bool = False) -> str:
    """ "25 พ.ย. 68": day, abbreviated month, two-digit B.E. year."""
    return str(thai_strftime(_as_datetime(day), "%-d %b %y", thaidigit=digits))
