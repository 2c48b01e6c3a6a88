"""Text helpers shared by the document builders: B.E. dates, numbers and the Thai-digit option.

Whether a document uses Thai digits (๐-๙) is a per-document option (domain §2), so every
number, date and free text of a document goes through one `Digits` object.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from core.decimals import display_decimal
from core.thai import thai_date_full, thai_date_short, thai_digits

MAX_PLACES = 2


@dataclass(frozen=True)
class Digits:
    """Formats values for one document, with Thai or Arabic digits."""

    thai: bool

    def text(self, value: object) -> str:
        text = "" if value is None else str(value)
        return thai_digits(text) if self.thai else text

    def code(self, value: str) -> str:
        """Codes such as "1.2" follow the option; mixed codes such as "N2" or "M18" keep their
        digits, which would otherwise read as neither Thai nor Latin."""
        return value if _LATIN.search(value) else self.text(value)

    def number(self, value: Decimal | None, places: int | None = None) -> str:
        """80 → "80", 12.5000 → "12.5", 82.333 → "82.33" (half-up, at most two places)."""
        if value is None:
            return ""
        if places is None:
            exponent = value.normalize().as_tuple().exponent
            assert isinstance(exponent, int)  # finite Decimals only
            places = min(max(-exponent, 0), MAX_PLACES)
        return self.text(display_decimal(value, places))

    def date_full(self, day: datetime.date | None) -> str:
        """ "๒๕ พฤศจิกายน ๒๕๖๙" or "25 พฤศจิกายน 2569"."""
        if day is None:
            return ""
        return thai_date_full(_local_date(day), digits=self.thai)

    def date_short(self, day: datetime.date | None) -> str:
        """ "๒๕ พ.ย. ๖๙" or "25 พ.ย. 69"."""
        if day is None:
            return ""
        return thai_date_short(_local_date(day), digits=self.thai)


def tree_line(label: str, nodes: Iterable[tuple[str, str]], d: Digits) -> tuple[str, str]:
    """One plan tree of a KPI's lineage (issue 17 item 5) as a document prints it: the tree's
    name, and its path "code name › code name" from the tree's top down."""
    path = " › ".join(d.text(f"{d.code(code)} {name}".strip()) for code, name in nodes)
    return d.text(label), path


def _local_date(day: datetime.date) -> datetime.date:
    if isinstance(day, datetime.datetime):
        return timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return day


_LATIN = re.compile(r"[A-Za-z]")
_NUMBER_PART = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts "1.2" before "1.10" (KPI numbers, plan codes)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER_PART.split(text) if part
    )
