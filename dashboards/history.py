"""A KPI's drill-down: its results across rounds and fiscal years, and its evidence.

A KPI sheet is a new row each fiscal year (no link between years), so earlier years' results
are those of the department's KPIs with the same Thai name — the name is what carries over when
a department keeps a KPI. The department's own dashboard readers see every year's reports (the
history of the department they serve, as dashboards.access allows); OPDC's evaluator only what
reporting.selectors.submissions_visible_to gives them (accepted reports of their year). Evidence
is always listed through reporting.selectors.evidence_visible_to, so every link listed opens.
A constant number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from core.charts import Chart, line_chart, nice_max
from evidence.models import EvidenceFile
from indicators.models import Baseline, Kpi
from indicators.selectors import predecessor_chain
from reporting.models import Submission
from reporting.selectors import evidence_visible_to, submissions_visible_to

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class HistoryRow:
    fiscal_year: int
    round_name: str
    months: int
    period_end: datetime.date
    submission: Submission

    @property
    def accepted(self) -> bool:
        return self.submission.state == Submission.State.ACCEPTED

    @property
    def evidence(self) -> list[EvidenceFile]:
        files: list[EvidenceFile] = getattr(self.submission, "visible_evidence", [])
        return files

    @property
    def short_label(self) -> str:
        return f"{self.months} ด.\n{self.fiscal_year}"


@dataclass(frozen=True)
class KpiHistory:
    kpi: Kpi
    rows: list[HistoryRow]
    baselines: list[Baseline]
    chart: Chart


def history_chart(kpi: Kpi, rows: list[HistoryRow], baselines: list[Baseline]) -> Chart:
    """Accepted results by round (and the sheet's baselines before them), with the targets of
    the shown version's levels as dashed lines."""
    reported_years = {row.fiscal_year for row in rows}
    points: list[tuple[str, Decimal | None]] = [
        (_("ฐาน\n%(year)s") % {"year": b.fiscal_year}, b.value)
        for b in sorted(baselines, key=lambda b: b.fiscal_year)
        if b.fiscal_year not in reported_years and b.value is not None
    ]
    points += [(row.short_label, row.submission.result if row.accepted else None) for row in rows]
    levels = sorted(kpi.levels.all(), key=lambda lv: (lv.order, lv.pk))
    targets = [(f"{lv.label or lv.order}: {lv.target.normalize():f}", lv.target) for lv in levels]
    values = [value for _label, value in points if value is not None]
    top = max([*values, *(t for _l, t in targets)], default=Decimal(1))
    return line_chart(
        _("ผลการดำเนินงานตัวชี้วัด %(number)s รายรอบ") % {"number": kpi.number},
        [(_("ผลการดำเนินงาน") + (f" ({kpi.unit})" if kpi.unit else ""), points)],
        max_value=nice_max(top * Decimal("1.1")),
        references=targets,
        x_header=_("รอบการรายงาน"),
        width=460,
    )


def kpi_history(user: User, kpi: Kpi, *, internal: bool) -> KpiHistory:
    framework = kpi.framework
    # Earlier years follow the KPI's predecessor link (issue 17 item 6), not its Thai name.
    earlier_keys = [earlier.key for earlier in predecessor_chain(kpi)]
    evidence = evidence_visible_to(user).filter(appeal__isnull=True).order_by("number")
    readable = Submission.objects.all() if internal else submissions_visible_to(user)
    submissions = (
        readable.filter(round__framework__department_id=framework.department_id)
        .filter(round__framework__fiscal_year__lte=framework.fiscal_year)
        .filter(Q(kpi_key=kpi.key) | Q(kpi_key__in=earlier_keys))
        .select_related("round__framework", "kpi")
        .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="visible_evidence"))
        .order_by("round__framework__fiscal_year", "round__order")
    )
    rows = [
        HistoryRow(
            fiscal_year=s.round.framework.fiscal_year,
            round_name=s.round.name_th,
            months=s.round.months,
            period_end=s.round.period_end,
            submission=s,
        )
        for s in submissions
    ]
    baselines = list(kpi.baselines.all())
    return KpiHistory(
        kpi=kpi, rows=rows, baselines=baselines, chart=history_chart(kpi, rows, baselines)
    )
