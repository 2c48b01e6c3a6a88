"""The results read model (issue 6 item 7; issue 15 item 5; domain §6, §9, §10): a round's
results per KPI (`round_results`), what each KPI adds (`points_of`) and the agency total with
its component points, pending vs final and result level (`total_of`, `agency_round_total`).

Every consumer takes its figures from here and only formats them: the round page, the SAR,
e-SAR and executive summary (documents.builders.sar), the dashboards (the department page, the
ministry roll-up, year over year), the public page and the API. Forecasts and traffic lights
per KPI are in reporting.outlook, the light rule in frameworks.lights, the five-level rule is
`Framework.is_five_level`. There is no second implementation to keep in step.

Nothing here checks permission: callers do (views through reporting.selectors, the CLI by its
own rules). Each function reads a constant number of queries. The KPI of each row is the
version the submission was scored against (the version in force when the round opened), never
a later amendment.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext_lazy

from agreements.models import Amendment
from evidence.models import EvidenceFile
from frameworks import scoring
from frameworks.lights import Light, level_light
from frameworks.models import Framework, ReportingRound
from indicators.criteria import max_score_for, result_levels_for
from indicators.models import Kpi, RoundExpectation
from indicators.selectors import kpi_sort_key
from reporting.models import PointRow, RoundState, Submission
from reporting.permissions import round_state_of
from reporting.versions import kpis_in_force, round_rule


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
    # The KPI's own weight when the round's rules give it another (`weight` is the one in
    # force for the round, issue 17 item 3); None: the same.
    sheet_weight: Decimal | None = None
    # ประเด็นการประเมิน with this round's result and narrative (issue 17 item 2), in order.
    assessment_points: tuple[PointRow, ...] = ()

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
        assessment_points=_points(kpi, submission),
    )


def _points(kpi: Kpi, submission: Submission | None) -> tuple[PointRow, ...]:
    if submission is not None:
        return tuple(submission.point_rows())
    return tuple(
        PointRow(p.order, p.name_th, p.unit, p.weight, None, "")
        for p in sorted(kpi.assessment_points.all(), key=lambda p: (p.order, p.pk))
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
                ).prefetch_related("levels", "data_items", "assessment_points"),
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
        prefetch_related_objects(kpis, "levels", "data_items", "assessment_points")
        rows = [_row(kpi, None) for kpi in kpis]
    rows = _with_round_rules(round_, rows)
    rows.sort(key=lambda row: kpi_sort_key(row.kpi))
    return rows


# Per-round rules (issue 17 item 3) -----------------------------------------------------------


@dataclass(frozen=True)
class RoundRuleNote:
    """A KPI not evaluated in the round, or carrying another weight there: what the SAR says."""

    kpi: Kpi
    number: str
    name_th: str
    in_force: bool
    sheet_weight: Decimal  # the KPI's own weight
    weight: Decimal | None  # the weight it carries in the round's total; None: not in force
    reason: str
    amendment: Amendment | None


def _has_rules(round_: ReportingRound) -> bool:
    """Whether some KPI version has a rule for the round; one query, kept on the instance so
    the rows and the SAR's notes of one page read it once."""
    cached: bool | None = getattr(round_, "_has_round_rules", None)
    if cached is None:
        cached = RoundExpectation.objects.filter(
            Q(in_force=False) | Q(weight__isnull=False), round=round_
        ).exists()
        round_._has_round_rules = cached  # type: ignore[attr-defined]
    return cached


def _round_rules(
    round_: ReportingRound, kpis: Sequence[Kpi]
) -> tuple[dict[str, Decimal], list[RoundRuleNote]]:
    """The weights in force for the round (frameworks.scoring.round_weights) of `kpis` (the
    versions reported) together with the KPIs of the round's version set taken out of it,
    and a note for each KPI with a rule. Reads a constant number of queries."""
    reported = {kpi.key: kpi for kpi in kpis}
    others = [kpi for kpi in kpis_in_force(round_) if kpi.key not in reported]
    every = [*reported.values(), *others]
    prefetch_related_objects(every, "round_expectations__amendment")
    items: list[scoring.RoundWeight] = []
    rules: dict[uuid.UUID, RoundExpectation] = {}
    for kpi in every:
        rule = round_rule(kpi, round_)
        in_force = rule is None or rule.in_force
        if kpi.key not in reported and in_force:
            continue  # in force but not reported (added after the round opened): as before
        if rule is not None and rule.has_rule:
            rules[kpi.key] = rule
        items.append(
            scoring.RoundWeight(
                key=str(kpi.key),
                component=kpi.component.name_th,
                weight=kpi.weight,
                in_force=in_force,
                round_weight=rule.weight if rule is not None and in_force else None,
            )
        )
    weights = scoring.round_weights(items)
    notes = []
    for kpi in sorted(every, key=kpi_sort_key):
        weight = weights.get(str(kpi.key))
        rule = rules.get(kpi.key)
        if rule is None and (weight is None or weight == kpi.weight):
            continue
        notes.append(
            RoundRuleNote(
                kpi=kpi,
                number=kpi.number,
                name_th=kpi.name_th,
                in_force=weight is not None,
                sheet_weight=kpi.weight,
                weight=weight,
                reason=rule.reason if rule is not None else "",
                amendment=rule.amendment if rule is not None else None,
            )
        )
    return weights, notes


def _with_round_rules(round_: ReportingRound, rows: list[KpiResult]) -> list[KpiResult]:
    """Rows of KPIs not evaluated in the round dropped, the others with the weight in force for
    the round (renormalised as frameworks.scoring.round_weights says). One query when the
    round has no rules."""
    if not rows or not _has_rules(round_):
        return rows
    weights, _notes = _round_rules(round_, [row.kpi for row in rows])
    kept = []
    for row in rows:
        weight = weights.get(str(row.kpi_key))
        if weight is None:
            continue
        if weight != row.weight:
            row = replace(row, weight=weight, sheet_weight=row.weight)
        kept.append(row)
    return kept


def round_weight_of(submission: Submission) -> Decimal:
    """The weight the submission's KPI carries in its round (frameworks.scoring.round_weights:
    a round's own weight, or its share of a KPI taken out of the round); the sheet's weight
    when the round has no rules. For the report form's what-if (issue 17 item 3)."""
    kpi, round_ = submission.kpi, submission.round
    if not _has_rules(round_):
        return kpi.weight
    submissions = Submission.objects.filter(round=round_).select_related("kpi__component")
    weights = _round_rules(round_, [s.kpi for s in submissions])[0]
    return weights.get(str(kpi.key), kpi.weight)


def round_weight_if_other(submission: Submission) -> Decimal | None:
    """The round's weight when it is not the sheet's (the what-if then says what a level is
    worth at it), else None."""
    weight = round_weight_of(submission)
    return weight if weight != submission.kpi.weight else None


def round_rule_notes(round_: ReportingRound) -> list[RoundRuleNote]:
    """What the SAR explains about the round's total (issue 17 item 3): each KPI of the round
    not evaluated in it, or carrying another weight than its own (a weight of the round, or
    its share of a KPI taken out), in component and number order. Empty without rules."""
    if not _has_rules(round_):
        return []
    submissions = Submission.objects.filter(round=round_).select_related("kpi__component")
    kpis = [s.kpi for s in submissions] or kpis_in_force(round_)
    return _round_rules(round_, kpis)[1]


# Totals ----------------------------------------------------------------------------------------

# What every page, document and API answer shows instead of a total when there is none: a round
# without KPIs, or a five-level year with nothing scored yet. Never a 0 that reads as a score.
NO_TOTAL = gettext_lazy("ยังไม่มีผล")


@dataclass(frozen=True)
class RoundTotal:
    """The agency total of a round (domain §6), the one every consumer formats."""

    totals: scoring.AgencyTotal  # component points, Σ points, pending, max possible
    shown_total: Decimal | None  # on 100, or the 1–5 weighted average; None: no total (NO_TOTAL)
    level: scoring.ResultLevel | None
    precision: int  # the framework's places for points and totals on 100
    final: bool  # pending KPIs counted as zero (round_is_final: the 12-month round, closed)
    basis: str  # "self" or "final" (reviewer score after appeals where there is one)
    five_level: bool  # Framework.is_five_level
    # The colour of the level's badge (frameworks.lights.level_light); NONE without a level.
    level_light: Light = Light.NONE
    scored: int = 0  # KPIs with a score (accepted); the others are pending (or zero if final)

    @property
    def has_results(self) -> bool:
        """Some KPI has a result behind the figure (once final, every KPI counts): without
        one a 100-point total is a 0 that would read as a score."""
        return self.final or self.scored > 0

    @property
    def places(self) -> int:
        """Decimal places of `shown_total`: 4 for five-level years (domain §6)."""
        return 4 if self.five_level else self.precision

    @property
    def scale_max(self) -> Decimal:
        return Decimal(5) if self.five_level else scoring.HUNDRED

    @property
    def points(self) -> Decimal:
        return self.totals.total

    @property
    def pending(self) -> int:
        return self.totals.pending

    @property
    def pending_weight(self) -> Decimal:
        """The points still open (what the pending KPIs can still add)."""
        return self.totals.max_possible - self.totals.total

    @property
    def max_possible(self) -> Decimal:
        return self.totals.max_possible

    @property
    def components(self) -> tuple[scoring.ComponentTotal, ...]:
        return self.totals.components


def round_is_final(round_: ReportingRound) -> bool:
    """The one rule for "final" (domain §6): the final (12-month) round once it is closed. Until
    then KPIs without an accepted result are pending, not zero, even in an open 12-month round.
    Reads the round's RoundState (select_related "reporting_state" to save the query)."""
    state = round_state_of(round_)
    return round_.is_final and state is not None and state.state == RoundState.State.CLOSED


def round_is_draft(round_: ReportingRound) -> bool:
    """What is built from the round is a draft until the round is closed (issue 16 item 4):
    documents carry "ฉบับร่าง — ข้อมูล ณ วันที่ …". Reads the round's RoundState."""
    state = round_state_of(round_)
    return state is None or state.state != RoundState.State.CLOSED


def total_of(
    framework: Framework,
    items: Sequence[scoring.KpiPoints],
    *,
    final: bool,
    basis: str = "self",
) -> RoundTotal:
    """The one agency-total rule: frameworks.scoring.agency_total (Σ points on 100) or, in
    five-level years, the weighted average on 1–5; the result level of the figure shown.
    Pending KPIs are pending, not zero, unless `final` (round_is_final). Without KPIs there is
    no total (None, shown as NO_TOTAL), never 0. Reads `framework.result_levels` (prefetch)."""
    totals = scoring.agency_total(items, final=final)
    shown = scoring.agency_score(items, five_level=framework.is_five_level, final=final)
    level = None
    levels = result_levels_for(framework)
    if shown is not None:
        try:
            level = scoring.result_level(shown, levels)
        except ValueError:
            level = None
    return RoundTotal(
        totals=totals,
        shown_total=shown,
        level=level,
        precision=framework.precision,
        final=final,
        basis=basis,
        five_level=framework.is_five_level,
        level_light=level_light(level, levels) if level is not None else Light.NONE,
        scored=sum(1 for item in items if item.score is not None),
    )


def points_of(rows: Sequence[KpiResult], *, basis: str = "self") -> list[scoring.KpiPoints]:
    """What each KPI adds to the total: accepted reports with their self score (basis "self")
    or the reviewer's final score where there is one (basis "final"); others are pending."""

    def score_of(row: KpiResult) -> Decimal | None:
        if basis == "final" and row.final_score is not None:
            return row.final_score
        return row.self_score if row.accepted else None

    return [
        scoring.KpiPoints(
            key=str(row.kpi_key),
            component=row.component_name,
            weight=row.weight,
            score=score_of(row),
            max_score=row.max_score,
        )
        for row in rows
    ]


def agency_round_total(
    round_: ReportingRound,
    rows: Sequence[KpiResult] | None = None,
    *,
    basis: str = "self",
) -> RoundTotal:
    """The agency total of the round (`total_of` over `points_of` the round's rows): pending
    KPIs are pending, or zero once the round is final (`round_is_final`; domain §6)."""
    rows = list(rows) if rows is not None else round_results(round_)
    return total_of(
        round_.framework, points_of(rows, basis=basis), final=round_is_final(round_), basis=basis
    )
