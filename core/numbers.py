"""Whole numbers from outside (URLs, query strings, forms, API bodies): the one parser.

`str.isdigit()` and `int()` are too generous for input: "²".isdigit() is True but int("²")
fails, int("١٢") reads Arabic-Indic digits, and a 5,000-digit number either raises (Python's
4,300-digit limit) or overflows the database column (a 500 on SQLite and PostgreSQL). Every
integer a user or client sends is read here: ASCII or Thai digits only, a bounded length and
a bounded value. Out of range or not a number is None, which the caller answers with 404/422.
"""

from __future__ import annotations

import datetime
import re

from core.fiscal import to_ce

# Primary keys are BigAutoField (DEFAULT_AUTO_FIELD): what a 64-bit column holds.
MAX_ID = 2**63 - 1
# Counters (version, revision) and other integer columns: a 32-bit IntegerField.
MAX_INT = 2**31 - 1
# B.E. years the system works with, fiscal years and dates alike (C.E. 1957–2157). A year
# outside is a typing mistake (a C.E. year where B.E. was meant, or the reverse) or an attack.
YEAR_MIN, YEAR_MAX = 2500, 2700
DATE_MIN = datetime.date(to_ce(YEAR_MIN), 1, 1)
DATE_MAX = datetime.date(to_ce(YEAR_MAX), 12, 31)

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")  # ASCII digits only: [0-9], never \d


def parse_int(text: object, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """The integer `text` spells (ASCII or Thai digits, optional sign, surrounding spaces
    allowed), or None when it is not one or lies outside [minimum, maximum]."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str):
        cleaned = text.strip().translate(_THAI_DIGITS)
        if not _INTEGER.fullmatch(cleaned):
            return None
        value = int(cleaned)
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_id(text: object) -> int | None:
    """A primary key: 1 … MAX_ID."""
    return parse_int(text, minimum=1, maximum=MAX_ID)


def parse_year(text: object) -> int | None:
    """A B.E. year within YEAR_MIN … YEAR_MAX."""
    return parse_int(text, minimum=YEAR_MIN, maximum=YEAR_MAX)


def date_in_range(day: datetime.date) -> bool:
    """Whether a date lies within the B.E. years the system works with."""
    return DATE_MIN <= day <= DATE_MAX
