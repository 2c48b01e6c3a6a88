"""The framework templates that ship with pramoen, as data (domain §3, §6, §7).

A template is only a starting point: every number here is *(configurable)* in the framework it
creates, so a department edits what OPDC changed for its year instead of waiting for a release.
Dates are never stored in a template: reporting rounds are months after the fiscal year starts,
and `round_dates` turns them into real dates for a given year.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from core.fiscal import FiscalYear
from frameworks.scoring import DEFAULT_LEVEL_SCORES, DEFAULT_RESULT_LEVELS, ResultLevel


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    name_th: str
    name_en: str
    weight: Decimal


@dataclass(frozen=True)
class RoundSpec:
    name_th: str
    months: int  # months after the fiscal year starts (1 October)


@dataclass(frozen=True)
class FrameworkTemplate:
    key: str
    name_th: str  # "%(year)s" is replaced by the B.E. fiscal year
    components: tuple[ComponentSpec, ...]
    level_scores: tuple[Decimal, Decimal, Decimal]  # ขั้นต้น / มาตรฐาน / ขั้นสูง
    interpolate: bool
    five_level_floor: Decimal
    precision: int
    result_levels: tuple[ResultLevel, ...]
    rounds: tuple[RoundSpec, ...]
    step_days: tuple[int | None, int | None, int | None, int | None]  # steps 1–4

    def name_for(self, fiscal_year: int) -> str:
        return self.name_th % {"year": fiscal_year}


def last_day_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_months_end(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month `months` after the month before `day`'s month.

    From 1 October: 6 → 31 March, 12 → 30 September (the end of the round's last month).
    """
    index = day.year * 12 + (day.month - 1) + months - 1
    return last_day_of_month(index // 12, index % 12 + 1)


def shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; a month's last day stays the month's last day
    (28 Feb 2027 → 29 Feb 2028, 29 Feb 2028 → 28 Feb 2029)."""
    if day == last_day_of_month(day.year, day.month):
        return last_day_of_month(day.year + years, day.month)
    return day.replace(year=day.year + years)


def round_dates(fiscal_year: int, months: int) -> tuple[datetime.date, datetime.date]:
    """(period end, report due) of the round `months` into the fiscal year.

    Domain §7 step 4: the 6-month round ends 31 March and is due in April, the 12-month round
    ends 30 September and is due in October. We take the last day of the following month as the
    due date; OPDC's actual date is set on the framework when it is announced.
    """
    period_end = add_months_end(FiscalYear(fiscal_year).start, months)
    due = add_months_end(period_end + datetime.timedelta(days=1), 1)
    return period_end, due


# Domain §7: study and draft 7 days; negotiation date set by OPDC; detail and sign 10 days;
# monitoring follows the rounds (no single duration).
DEFAULT_STEP_DAYS: tuple[int | None, int | None, int | None, int | None] = (7, None, 10, None)
DEFAULT_ROUNDS = (RoundSpec("รอบ 6 เดือน", 6), RoundSpec("รอบ 12 เดือน", 12))

# Five bases, FY 2560–2562 (domain §3). The official weights were not confirmed from an
# official text and varied by department (e.g. without an Area Base KPI), so the template
# starts from an equal split, 20 each; the coordinator sets the year's real weights.
# KPIs of this era were scored on the five-level scale (domain §6): a level's score is 1…5, so
# the three default level scores sit on that scale (ขั้นต้น 1, มาตรฐาน 3 — the old agreement's
# standard target — ขั้นสูง 5), the total is shown with 4 decimals (maximum 5.0000) and the
# result-level cut-offs are the 90 / 75 / 60 per cent cut-offs on the five-point scale.
FIVE_BASES = FrameworkTemplate(
    key="five_bases",
    name_th="กรอบการประเมินส่วนราชการตามมาตรการปรับปรุงประสิทธิภาพ ปีงบประมาณ พ.ศ. %(year)s",
    components=(
        ComponentSpec("functional", "ภารกิจพื้นฐาน", "Functional Base", Decimal(20)),
        ComponentSpec("agenda", "ภารกิจยุทธศาสตร์/ที่ได้รับมอบหมายเป็นพิเศษ", "Agenda Base", Decimal(20)),
        ComponentSpec("area", "ภารกิจพื้นที่/บูรณาการ", "Area Base", Decimal(20)),
        ComponentSpec("innovation", "นวัตกรรมในการบริหารจัดการ", "Innovation Base", Decimal(20)),
        ComponentSpec("potential", "ศักยภาพ", "Potential Base", Decimal(20)),
    ),
    level_scores=(Decimal(1), Decimal(3), Decimal(5)),
    interpolate=True,
    five_level_floor=Decimal(0),
    precision=4,
    result_levels=(
        ResultLevel("quality", "ระดับคุณภาพ", Decimal("4.5")),
        ResultLevel("advanced", "ระดับมาตรฐานขั้นสูง", Decimal("3.75")),
        ResultLevel("basic", "ระดับมาตรฐานขั้นต้น", Decimal(3)),
        ResultLevel("improve", "ระดับต้องปรับปรุง", Decimal(0)),
    ),
    rounds=DEFAULT_ROUNDS,
    step_days=DEFAULT_STEP_DAYS,
)

# Performance / Potential, FY 2564 onward (domain §3): 70 / 30. Level scores 50 / 70 / 100 as in
# the published FY 2567 results; cut-offs 90 / 75 / 60; totals with 3 decimals (domain §6).
PERFORMANCE_POTENTIAL = FrameworkTemplate(
    key="performance_potential",
    name_th="กรอบการประเมินส่วนราชการตามมาตรการปรับปรุงประสิทธิภาพ ปีงบประมาณ พ.ศ. %(year)s",
    components=(
        ComponentSpec(
            "performance", "การประเมินประสิทธิภาพการดำเนินงาน", "Performance Base", Decimal(70)
        ),
        ComponentSpec(
            "potential",
            "การประเมินศักยภาพในการดำเนินการของส่วนราชการ",
            "Potential Base",
            Decimal(30),
        ),
    ),
    level_scores=DEFAULT_LEVEL_SCORES,
    interpolate=True,
    five_level_floor=Decimal(0),
    precision=3,
    result_levels=DEFAULT_RESULT_LEVELS,
    rounds=DEFAULT_ROUNDS,
    step_days=DEFAULT_STEP_DAYS,
)

TEMPLATES: dict[str, FrameworkTemplate] = {
    FIVE_BASES.key: FIVE_BASES,
    PERFORMANCE_POTENTIAL.key: PERFORMANCE_POTENTIAL,
}
