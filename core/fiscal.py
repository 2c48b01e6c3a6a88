"""Fiscal-year rules (domain §2).

A fiscal year runs 1 October – 30 September and is named by the Buddhist-Era year in which it
ends: FY 2569 = 1 Oct 2025 – 30 Sep 2026. Dates are stored as real dates; the B.E. name is only a
label. B.E. = C.E. + 543.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10


def to_be(ce_year: int) -> int:
    """Buddhist-Era year of a Christian-Era year."""
    return ce_year + BE_OFFSET


def to_ce(be_year: int) -> int:
    """Christian-Era year of a Buddhist-Era year."""
    return be_year - BE_OFFSET


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year, named by its B.E. year (e.g. 2569)."""

    be_year: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(to_ce(self.be_year) - 1, FISCAL_YEAR_START_MONTH, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(to_ce(self.be_year), FISCAL_YEAR_START_MONTH - 1, 30)

    def __contains__(self, day: object) -> bool:
        # A datetime is a date subclass but cannot be compared with one: use its date part.
        if isinstance(day, datetime.datetime):
            day = day.date()
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    @property
    def previous(self) -> FiscalYear:
        return FiscalYear(self.be_year - 1)

    @property
    def next(self) -> FiscalYear:
        return FiscalYear(self.be_year + 1)

    def __str__(self) -> str:
        return str(self.be_year)


def fiscal_year_of(day: datetime.date) -> FiscalYear:
    """The fiscal year a date falls in: 30 Sep 2026 → 2569, 1 Oct 2026 → 2570."""
    ce_end_year = day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year
    return FiscalYear(to_be(ce_end_year))


def current_fiscal_year(today: datetime.date | None = None) -> FiscalYear:
    return fiscal_year_of(today or timezone.localdate())


def fiscal_year_choices(around: int | None = None, span: int = 3) -> list[tuple[int, str]]:
    """Choices of B.E. years for forms, newest first, around the current year."""
    centre = around if around is not None else current_fiscal_year().be_year
    return [(year, str(year)) for year in range(centre + 1, centre - span - 1, -1)]
