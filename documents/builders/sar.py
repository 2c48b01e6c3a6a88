"""Content of a round's Self Assessment Report (SAR), its e-SAR export and the executive summary
(issue 6 item 7; domain §9, §10).

Everything comes from the results read model (reporting.results): `round_results(round,
accepted_only=True)` gives every KPI in force with the content of accepted reports only, and
`agency_round_total` the total with its component points, places and level, the same figure
the round page, the dashboards and the API show; lights are frameworks.lights' rule. This
module only formats: texts with the document's digits next to the raw Decimals a spreadsheet
needs. One more query adds who approved each report as the KPI's overseer, and one the latest
presentation to the executives.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.builders.common import Digits, tree_line
from frameworks.lights import Light, Rule, light_for, rule_of, share_light
from frameworks.models import Framework, ReportingRound
from indicators.origins import origin_statement
from indicators.selectors import lineage_prefetch, linked_lineage_trees
from reporting.models import ExecutivePresentation, Submission
from reporting.results import (
    NO_TOTAL,
    KpiResult,
    RoundRuleNote,
    RoundTotal,
    agency_round_total,
    round_is_draft,
    round_results,
    round_rule_notes,
)

RESULT_PLACES = 2  # KPI results and scores (domain §6)
HUNDRED = Decimal(100)

# Traffic lights of the executive summary: the executive dashboard's rule (frameworks.lights),
# so the summary and the dashboard never disagree — a KPI's self score against the
# framework's thresholds (by default its มาตรฐาน and ขั้นต้น level scores, else the ones the
# coordinator set).
GREEN, AMBER, RED, PENDING = Light.GREEN, Light.AMBER, Light.RED, Light.NONE


@dataclass(frozen=True)
class ScorePoint:
    """One of the framework's three levels (ขั้นต้น / มาตรฐาน / ขั้นสูง) and its score."""

    label: str
    score: Decimal
    score_text: str


@dataclass(frozen=True)
class SarLevel:
    label: str
    target: Decimal
    target_text: str
    score: Decimal
    score_text: str


@dataclass(frozen=True)
class SarValue:
    code: str
    name: str
    unit: str
    value: Decimal | None
    value_text: str


@dataclass(frozen=True)
class SarActivity:
    number: str
    title: str
    detail: str


@dataclass(frozen=True)
class SarEvidence:
    number: str
    title: str
    file_type: str  # "PDF", "PNG", …
    original_name: str


@dataclass(frozen=True)
class SarPoint:
    """ประเด็นการประเมิน | ผลการดำเนินงาน (issue 17 item 2)."""

    order_text: str
    name: str
    unit: str
    weight_text: str
    result_text: str
    narrative: str


@dataclass(frozen=True)
class SarKpi:
    key: uuid.UUID
    number: str
    name: str
    unit: str
    component: str  # as stored: the key of the component totals
    component_text: str
    component_order: int
    weight: Decimal
    weight_text: str
    method: str
    levels: tuple[SarLevel, ...]
    # Targets at the framework's three score points when the KPI has a level at each of them;
    # else None and the summary lists every level.
    point_targets: tuple[str, ...] | None
    responsible_unit: str
    overseer: str
    accepted: bool
    state_label: str
    values: tuple[SarValue, ...]
    result: Decimal | None
    result_text: str
    score: Decimal | None
    score_text: str
    points: Decimal | None
    points_text: str
    level_label: str
    light: Light
    activities: tuple[SarActivity, ...]
    supporting_factors: str
    obstacles: str
    suggestions: str
    evidence: tuple[SarEvidence, ...]
    approved_by: str  # the overseer who approved the report, with their position
    approved_on: datetime.date | None
    approved_on_text: str
    accepted_on: datetime.date | None
    accepted_on_text: str
    # Where the KPI comes from, in e-SAR's wording (issue 17 item 4; indicators.origins).
    origin: str = ""
    assessment_points: tuple[SarPoint, ...] = ()
    # One path per plan tree (issue 17 item 5): (tree, "code name › code name").
    lineage_trees: tuple[tuple[str, str], ...] = ()

    @property
    def targets_text(self) -> str:
        """ "ขั้นต้น 80 / มาตรฐาน 90 / ขั้นสูง 100" with the unit."""
        parts = [f"{level.label} {level.target_text}" for level in self.levels]
        return " / ".join(parts) + (f" {self.unit}" if self.unit and parts else "")


@dataclass(frozen=True)
class SarComponent:
    number: str
    name: str
    weight: Decimal
    weight_text: str
    points: Decimal
    points_text: str
    light: Light  # of the points as a share of the weight, on the KPIs' 100-point scale
    kpis: tuple[SarKpi, ...]


@dataclass(frozen=True)
class Presentation:
    presented_on: datetime.date
    presented_on_text: str
    meeting: str


@dataclass(frozen=True)
class SarDoc:
    round_id: int
    department: str
    department_code: str
    department_abbreviation: str
    ministry: str
    fiscal_year: int
    fiscal_year_text: str
    round_name: str
    round_months: int
    period_start_text: str
    period_end: datetime.date
    period_end_text: str
    score_points: tuple[ScorePoint, ...]
    light_rule: Rule
    green_min_text: str
    amber_min_text: str
    components: tuple[SarComponent, ...]
    total_weight: Decimal
    total_weight_text: str
    total: Decimal | None  # agency_round_total(...).shown_total; None: no total
    total_text: str  # reporting.results.NO_TOTAL ("ยังไม่มีผล") when there is no total
    total_light: Light
    total_max: Decimal  # 100, or 5 for five-level years
    total_max_text: str  # "100" or "5" (five-level years)
    level_label: str
    precision: int
    pending: int
    pending_text: str
    accepted_count: int
    accepted_count_text: str
    kpi_count_text: str
    final: bool
    reviewed_total: Decimal | None  # with the reviewer's final scores, when any exists
    reviewed_total_text: str
    reviewed_level_label: str
    presentation: Presentation | None
    generated_on: datetime.date
    generated_on_text: str
    thai_digits: bool
    draft: bool = False  # the round is not closed (round_is_draft): a draft as of today
    # Per-round rules (issue 17 item 3): a line per KPI not evaluated in the round or carrying
    # another weight there (reporting.results.round_rule_notes).
    round_rules: tuple[str, ...] = ()

    @property
    def kpis(self) -> list[SarKpi]:
        return [kpi for component in self.components for kpi in component.kpis]


def sar_document(round_: ReportingRound, *, thai_digits: bool) -> SarDoc:
    d = Digits(thai_digits)
    framework = round_.framework
    rows = round_results(round_, accepted_only=True)
    total = agency_round_total(round_, rows)
    reviewed = None
    if any(row.final_score is not None for row in rows):
        # OPDC scores accepted reports only, so the same rows give the reviewed total.
        reviewed = agency_round_total(round_, rows, basis="final")
    approvals = _approvals([row.submission_id for row in rows if row.accepted])
    points = _score_points(framework, d)
    rule = rule_of(framework)
    prefetch_related_objects([row.kpi for row in rows], "strategic_kpi", lineage_prefetch())
    kpis = [_kpi(row, rule, points, approvals, total.precision, d) for row in rows]
    components = []
    for index, component_total in enumerate(total.totals.components, start=1):
        members = tuple(kpi for kpi in kpis if kpi.component == component_total.component)
        components.append(
            SarComponent(
                number=d.text(index),
                name=d.text(component_total.component),
                weight=component_total.weight,
                weight_text=d.number(component_total.weight),
                points=component_total.points,
                points_text=d.number(component_total.points, total.precision),
                light=share_light(component_total.points, component_total.weight, rule),
                kpis=members,
            )
        )
    department = framework.department
    today = timezone.localdate()
    total_weight = sum((kpi.weight for kpi in kpis), Decimal(0))
    accepted = sum(1 for kpi in kpis if kpi.accepted)
    return SarDoc(
        round_id=round_.pk,
        department=d.text(department.name_th),
        department_code=department.code,
        department_abbreviation=d.text(department.abbreviation),
        ministry=d.text(department.ministry.name_th),
        fiscal_year=framework.fiscal_year,
        fiscal_year_text=d.text(framework.fiscal_year),
        round_name=d.text(round_.name_th),
        round_months=round_.months,
        period_start_text=d.date_full(datetime.date(framework.fiscal_year - 544, 10, 1)),
        period_end=round_.period_end,
        period_end_text=d.date_full(round_.period_end),
        score_points=points,
        light_rule=rule,
        green_min_text=d.number(rule.green_min),
        amber_min_text=d.number(rule.amber_min),
        components=tuple(components),
        total_weight=total_weight,
        total_weight_text=d.number(total_weight),
        total=total.shown_total,
        total_text=_total_text(total, d),
        total_light=share_light(total.shown_total, HUNDRED, rule)
        if not total.five_level
        else PENDING,
        total_max=total.scale_max,
        total_max_text=d.number(total.scale_max),
        level_label=d.text(total.level.label) if total.level else "",
        precision=total.places,
        pending=total.totals.pending,
        pending_text=d.text(total.totals.pending),
        accepted_count=accepted,
        accepted_count_text=d.text(accepted),
        kpi_count_text=d.text(len(kpis)),
        final=total.final,
        reviewed_total=reviewed.shown_total if reviewed else None,
        reviewed_total_text=_total_text(reviewed, d) if reviewed else "",
        reviewed_level_label=d.text(reviewed.level.label) if reviewed and reviewed.level else "",
        presentation=_presentation(round_, d),
        generated_on=today,
        generated_on_text=d.date_full(today),
        thai_digits=d.thai,
        draft=round_is_draft(round_),
        round_rules=tuple(_rule_line(note, d) for note in round_rule_notes(round_)),
    )


def _rule_line(note: RoundRuleNote, d: Digits) -> str:
    """ "ตัวชี้วัดที่ 3 … ไม่ประเมินในรอบนี้ …" / "… น้ำหนักในรอบนี้ 30 (ตามรายละเอียดตัวชี้วัด 20)"."""
    name = _("ตัวชี้วัดที่ %(number)s %(name)s") % {
        "number": d.text(note.number),
        "name": d.text(note.name_th),
    }
    if not note.in_force:
        what = _("ไม่ประเมินในรอบนี้ น้ำหนัก %(weight)s ปันให้ตัวชี้วัดอื่นในองค์ประกอบเดียวกันตามสัดส่วน") % {
            "weight": d.number(note.sheet_weight)
        }
    else:
        what = _("น้ำหนักในรอบนี้ %(weight)s (ตามรายละเอียดตัวชี้วัด %(sheet)s)") % {
            "weight": d.number(note.weight),
            "sheet": d.number(note.sheet_weight),
        }
    reason = note.reason.strip() or (
        _("ปรับสัดส่วนจากตัวชี้วัดที่ไม่ประเมินหรือมีน้ำหนักรายรอบ") if note.in_force else ""
    )
    parts = [name, what]
    if reason:
        parts.append(_("เหตุผล: %(reason)s") % {"reason": d.text(reason)})
    if note.amendment is not None:
        parts.append(
            _("(ตามการขอปรับตัวชี้วัดที่สำนักงาน ก.พ.ร. อนุมัติ มีผลตั้งแต่ %(date)s)")
            % {"date": d.date_full(note.amendment.effective_from)}
        )
    return " ".join(parts)


def _total_text(total: RoundTotal, d: Digits) -> str:
    if total.shown_total is None:
        return d.text(NO_TOTAL)
    return d.number(total.shown_total, total.places)


def _score_points(framework: Framework, d: Digits) -> tuple[ScorePoint, ...]:
    labels = ("ขั้นต้น", "มาตรฐาน", "ขั้นสูง")
    scores = (framework.basic_score, framework.standard_score, framework.advanced_score)
    return tuple(
        ScorePoint(label, score, d.number(score))
        for label, score in zip(labels, scores, strict=True)
    )


@dataclass(frozen=True)
class _Approval:
    approved_by: str
    approved_at: datetime.datetime | None
    accepted_at: datetime.datetime | None


def _approvals(submission_ids: list[int | None]) -> dict[int, _Approval]:
    ids = [pk for pk in submission_ids if pk is not None]
    if not ids:
        return {}
    rows = Submission.objects.filter(pk__in=ids).select_related("approved_by__person")
    return {s.pk: _Approval(_signer(s.approved_by), s.approved_at, s.accepted_at) for s in rows}


def _signer(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is None:
        return user.get_username()
    return ", ".join(filter(None, (person.full_name, person.position)))


def _presentation(round_: ReportingRound, d: Digits) -> Presentation | None:
    latest = ExecutivePresentation.objects.filter(round=round_).order_by("-presented_on").first()
    if latest is None:
        return None
    return Presentation(
        presented_on=latest.presented_on,
        presented_on_text=d.date_full(latest.presented_on),
        meeting=d.text(latest.meeting),
    )


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    if moment is None:
        return None
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _kpi(
    row: KpiResult,
    rule: Rule,
    points: tuple[ScorePoint, ...],
    approvals: dict[int, _Approval],
    precision: int,
    d: Digits,
) -> SarKpi:
    levels = tuple(
        SarLevel(
            label=d.text(level.label),
            target=level.target,
            target_text=d.number(level.target),
            score=level.score,
            score_text=d.number(level.score),
        )
        for level in row.levels
    )
    by_score = {level.score: level.target_text for level in levels}
    at_points = tuple(by_score.get(point.score) for point in points)
    approval = approvals.get(row.submission_id or 0) if row.accepted else None
    approved_on = _local(approval.approved_at) if approval else None
    accepted_on = _local(approval.accepted_at) if approval else None
    score = row.self_score if row.accepted else None
    kpi_points = row.self_points if row.accepted else None
    return SarKpi(
        key=row.kpi_key,
        number=d.code(row.number),
        name=d.text(row.name_th),
        unit=d.text(row.unit),
        component=row.component_name,
        component_text=d.text(row.component_name),
        component_order=row.component_order,
        weight=row.weight,
        weight_text=d.number(row.weight),
        method=row.method,
        levels=levels,
        point_targets=None if None in at_points else tuple(t or "" for t in at_points),
        responsible_unit=d.text(row.responsible_unit),
        overseer=d.text(row.overseer),
        accepted=row.accepted,
        state_label=d.text(row.state_label),
        values=tuple(
            SarValue(
                code=d.code(value.code),
                name=d.text(value.name_th),
                unit=d.text(value.unit),
                value=value.value,
                value_text=d.number(value.value),
            )
            for value in row.data_items
        ),
        result=row.result if row.accepted else None,
        result_text=d.number(row.result, RESULT_PLACES) if row.accepted else "",
        score=score,
        score_text=d.number(score, RESULT_PLACES),
        points=kpi_points,
        points_text=d.number(kpi_points, precision),
        level_label=d.text(row.level_label) if row.accepted else "",
        light=light_for(score, rule),
        activities=tuple(
            SarActivity(d.text(index), d.text(a.title), d.text(a.detail))
            for index, a in enumerate(row.activities, start=1)
        ),
        supporting_factors=d.text(row.supporting_factors),
        obstacles=d.text(row.obstacles),
        suggestions=d.text(row.suggestions),
        evidence=tuple(
            SarEvidence(d.text(e.number), d.text(e.title), e.file_type.upper(), e.original_name)
            for e in row.evidence
        ),
        approved_by=d.text(approval.approved_by) if approval else "",
        approved_on=approved_on,
        approved_on_text=d.date_full(approved_on),
        accepted_on=accepted_on,
        accepted_on_text=d.date_full(accepted_on),
        origin=d.text(origin_statement(row.kpi)),
        lineage_trees=tuple(
            tree_line(tree.label, ((node.code, node.name_th) for node in tree.nodes), d)
            for tree in linked_lineage_trees(row.kpi.lineage.all())
        ),
        assessment_points=tuple(
            SarPoint(
                order_text=d.text(p.order),
                name=d.text(p.name),
                unit=d.text(p.unit),
                weight_text=d.number(p.weight),
                result_text=d.number(p.result, RESULT_PLACES) if row.accepted else "",
                narrative=d.text(p.narrative) if row.accepted else "",
            )
            for p in row.assessment_points
        ),
    )
