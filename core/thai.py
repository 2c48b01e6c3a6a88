"""Thai calendar and digits for display and documents (domain §2, §10).

PyThaiNLP does the month names and the B.E. year; Django's own `date` filter and Babel give
Christian-era years only.
"""

from __future__ import annotations

import datetime
import re

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


# Dates typed into forms: วว/ดด/ปปปป with the B.E. year (domain §2), never the browser's
# mm/dd/yyyy (government PCs often run an English locale).
BE_OFFSET = 543
_BE_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TO_ASCII = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def be_date_input(day: datetime.date) -> str:
    """ "05/01/2569" for 5 January 2026: what a date input shows and what parse_be_date reads."""
    return f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"


class DateTextError(ValueError):
    """Why a typed date was not read: `code` is "invalid" (not วว/ดด/ปปปป), "no_such_day"
    (31/02) or "date_range" (a year Python's dates do not hold)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_be_date(text: str) -> datetime.date:
    """Read "5/1/2569", "05/01/2569" or "๐๕/๐๑/๒๕๖๙" (B.E. year), or the ISO "2026-01-05"
    (C.E., what scripts and older pages send). The year's range is the field's concern."""
    cleaned = text.strip().translate(_TO_ASCII).replace(" ", "")
    if match := _BE_DATE.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
        year -= BE_OFFSET
    elif match := _ISO_DATE.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateTextError("invalid")
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise DateTextError("date_range")  # B.E. 0100 or 9999: a year no calendar here has
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateTextError("no_such_day") from None
