"""A round's results per KPI and the agency total, for the round page and the SAR builder
(issue 6 item 7; domain §6, §9, §10).

`round_results(round)` and `agency_round_total(round)` do not check permission: callers do
(views through reporting.selectors, the CLI by its own rules). Both read a constant number of
queries. The KPI of each row is the version the submission was scored against (the version in
force when the round opened), never a later amendment.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects

from core.decimals import quantize4
from evidence.models import EvidenceFile
from frameworks import scoring
from frameworks.models import Framework, ReportingRound
from indicators.criteria import max_score_for, result_levels_for
from indicators.models import Kpi
from indicators.selectors import kpi_sort_key
from reporting.models import RoundState, Submission
from reporting.permissions import round_state_of
from reporting.versions import kpis_in_force


@dataclass(frozen=True)
class LevelRow:
    label: str
    target: Decimal
    score: Decimal
    description: str
    evidence: str  # what the sheet asks as proof of this level


@dataclass(frozen=True)
class DataItemValue:
    code: str
    name_th: str
    unit: str
    value: Decimal | None


@dataclass(frozen=True)
class ActivityRow:
    order: int
    title: str
    detail: str


@dataclass(frozen=True)
class EvidenceRow:
    number: int
    title: str
    original_name: str
    file_type: str
    size: int
    evidence_id: int


@dataclass(frozen=True)
class KpiResult:
    """One KPI's report in a round, as the SAR shows it (domain §9, §10)."""

    kpi: Kpi  # the version scored against
    kpi_key: uuid.UUID
    kpi_version: int
    component_code: str
    component_name: str
    component_order: int
    number: str
    name_th: str
    unit: str
    weight: Decimal
    method: str
    direction: str
    formula: str
    levels: tuple[LevelRow, ...]
    max_score: Decimal
    evidence_required: str
    responsible_unit: str
    overseer: str
    data_items: tuple[DataItemValue, ...]
    submission_id: int | None
    state: str  # Submission.State value, "" when the round was not opened
    state_label: str
    result: Decimal | None
    self_score: Decimal | None
    level_label: str
    activities: tuple[ActivityRow, ...]
    supporting_factors: str
    obstacles: str
    suggestions: str
    evidence: tuple[EvidenceRow, ...]
    accepted_at: datetime.datetime | None
    reviewer_score: Decimal | None
    reviewer_comment: str
    final_score: Decimal | None  # reviewer score after any appeal

    @property
    def accepted(self) -> bool:
        return self.state == Submission.State.ACCEPTED

    def points(self, score: Decimal | None) -> Decimal | None:
        """Weighted points of a score (score × weight / max score, domain §6)."""
        if score is None:
            return None
        return scoring.kpi_points(self.weight, score, self.max_score)

    @property
    def self_points(self) -> Decimal | None:
        return self.points(self.self_score)


def _row(kpi: Kpi, submission: Submission | None) -> KpiResult:
    levels = tuple(
        LevelRow(lv.label, lv.target, lv.score, lv.description, lv.evidence)
        for lv in sorted(kpi.levels.all(), key=lambda lv: (lv.order, lv.pk))
    )
    review = getattr(submission, "reviewer_score", None) if submission is not None else None
    values = submission.values if submission is not None else {}
    return KpiResult(
        kpi=kpi,
        kpi_key=kpi.key,
        kpi_version=kpi.version,
        component_code=kpi.component.code,
        component_name=kpi.component.name_th,
        component_order=kpi.component.order,
        number=kpi.number,
        name_th=kpi.name_th,
        unit=kpi.unit,
        weight=kpi.weight,
        method=kpi.method,
        direction=kpi.direction,
        formula=kpi.formula,
        levels=levels,
        max_score=max_score_for(kpi),
        evidence_required=kpi.evidence_required,
        responsible_unit=kpi.responsible_unit.name_th if kpi.responsible_unit else "",
        overseer=kpi.overseer.full_name if kpi.overseer else "",
        data_items=tuple(
            DataItemValue(
                item.code,
                item.name_th,
                item.unit,
                Decimal(str(values[item.code]))
                if values.get(item.code) not in (None, "")
                else None,
            )
            for item in kpi.data_items.all()
        ),
        submission_id=submission.pk if submission is not None else None,
        state=submission.state if submission is not None else "",
        state_label=str(submission.get_state_display()) if submission is not None else "",
        result=submission.result if submission is not None else None,
        self_score=submission.self_score if submission is not None else None,
        level_label=submission.level_label if submission is not None else "",
        activities=tuple(
            ActivityRow(a.order, a.title, a.detail) for a in submission.activities.all()
        )
        if submission is not None
        else (),
        supporting_factors=submission.supporting_factors if submission is not None else "",
        obstacles=submission.obstacles if submission is not None else "",
        suggestions=submission.suggestions if submission is not None else "",
        evidence=tuple(
            EvidenceRow(e.number, e.title, e.original_name, e.file_type, e.size, e.pk)
            for e in getattr(submission, "evidence_files", [])
        ),
        accepted_at=submission.accepted_at if submission is not None else None,
        reviewer_score=review.score if review is not None else None,
        reviewer_comment=review.comment if review is not None else "",
        final_score=review.final_score if review is not None else None,
    )


def round_results(round_: ReportingRound, *, accepted_only: bool = False) -> list[KpiResult]:
    """Every KPI of the round in component and number order: its pinned version, values,
    result, self score and level, narrative, evidence list and reviewer/final score. KPIs in
    force without a submission yet (round not opened) come with empty results. With
    `accepted_only`, reports not accepted by the coordinator are shown without their content."""
    submissions = list(
        Submission.objects.filter(round=round_)
        .select_related("reviewer_score")
        .prefetch_related(
            Prefetch(
                "kpi",
                queryset=Kpi.objects.select_related(
                    "component", "responsible_unit", "overseer"
                ).prefetch_related("levels", "data_items"),
            ),
            "activities",
            Prefetch(
                "evidence",
                queryset=EvidenceFile.objects.filter(appeal__isnull=True).order_by("number"),
                to_attr="evidence_files",
            ),
        )
    )
    rows = [
        _row(s.kpi, s if (s.state == Submission.State.ACCEPTED or not accepted_only) else None)
        for s in submissions
    ]
    if not submissions:  # not opened yet: the KPIs that would be reported
        kpis = kpis_in_force(round_)
        prefetch_related_objects(kpis, "levels", "data_items")
        rows = [_row(kpi, None) for kpi in kpis]
    rows.sort(key=lambda row: kpi_sort_key(row.kpi))
    return rows


@dataclass(frozen=True)
class RoundTotal:
    totals: scoring.AgencyTotal
    shown_total: Decimal | None  # on 100, or the 1–5 weighted average for five-level years
    level: scoring.ResultLevel | None
    precision: int
    final: bool  # pending KPIs counted as zero (round_is_final: the 12-month round, closed)
    basis: str  # "self" or "final" (reviewer score after appeals where there is one)


def round_is_final(round_: ReportingRound) -> bool:
    """The one rule for "final" (domain §6): the final (12-month) round once it is closed. Until
    then KPIs without an accepted result are pending, not zero, even in an open 12-month round.
    The dashboards use this too. Reads the round's RoundState (select_related
    "reporting_state" to save the query)."""
    state = round_state_of(round_)
    return round_.is_final and state is not None and state.state == RoundState.State.CLOSED


def _five_level(framework: Framework) -> bool:
    return framework.template == Framework.Template.FIVE_BASES


def agency_round_total(
    round_: ReportingRound,
    rows: Sequence[KpiResult] | None = None,
    *,
    basis: str = "self",
) -> RoundTotal:
    """The agency total of the round with frameworks.scoring.agency_total: accepted reports
    count with their self score (basis "self") or with the reviewer's final score where there is
    one (basis "final"); others are pending, or zero once the round is final (`round_is_final`:
    the 12-month round, closed; domain §6)."""
    framework = round_.framework
    rows = list(rows) if rows is not None else round_results(round_)

    def score_of(row: KpiResult) -> Decimal | None:
        if basis == "final" and row.final_score is not None:
            return row.final_score
        return row.self_score if row.accepted else None

    items = [
        scoring.KpiPoints(
            key=str(row.kpi_key),
            component=row.component_name,
            weight=row.weight,
            score=score_of(row),
            max_score=row.max_score,
        )
        for row in rows
    ]
    final = round_is_final(round_)
    totals = scoring.agency_total(items, final=final)
    if _five_level(framework):
        average = scoring.weighted_average(items, final=final)
        shown = quantize4(average) if average is not None else None
    else:
        shown = totals.total
    level = None
    if shown is not None and items:
        try:
            level = scoring.result_level(shown, result_levels_for(framework))
        except ValueError:
            level = None
    return RoundTotal(
        totals=totals,
        shown_total=shown,
        level=level,
        precision=framework.precision,
        final=final,
        basis=basis,
    )
