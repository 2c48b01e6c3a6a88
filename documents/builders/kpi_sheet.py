"""Content of the KPI detail sheet (รายละเอียดตัวชี้วัด, domain §5 and §10).

The builder reads the ORM once (a constant number of queries, whatever the number of KPIs) and
returns plain frozen dataclasses: strings already formatted for the document (B.E. dates, Thai or
Arabic digits) next to the raw Decimals and dates a spreadsheet needs. Renderers never touch the
ORM, so the PDF, DOCX and XLSX of one sheet cannot disagree (style.md "Documents").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person
from documents.builders.common import Digits, natural_key, tree_line
from frameworks.models import Framework
from indicators.criteria import points_of
from indicators.models import Kpi, RoundExpectation, TargetLevel
from indicators.origins import origin_statement
from indicators.selectors import current_kpis, lineage_prefetch, linked_lineage_trees, linked_paths

# Baselines cover the three fiscal years before the sheet's year (domain §5).
BASELINE_YEARS = 3


@dataclass(frozen=True)
class PersonInfo:
    name: str
    position: str
    unit: str
    phone: str
    email: str


@dataclass(frozen=True)
class LineageNode:
    level: str
    code: str
    name: str
    depth: int


@dataclass(frozen=True)
class DataItemRow:
    code: str
    name: str
    unit: str


@dataclass(frozen=True)
class BaselineRow:
    fiscal_year: int
    fiscal_year_text: str
    value: Decimal | None
    value_text: str
    note: str


@dataclass(frozen=True)
class LevelRow:
    label: str
    target: Decimal
    target_text: str
    score: Decimal
    score_text: str
    description: str
    evidence: str


@dataclass(frozen=True)
class RoundRow:
    name: str
    period_end: datetime.date
    period_end_text: str
    due_date: datetime.date
    due_date_text: str
    expectation: str


@dataclass(frozen=True)
class SubKpiRow:
    number: str
    name: str
    weight: Decimal | None
    weight_text: str
    method: str


@dataclass(frozen=True)
class AssessmentPointRow:
    """ประเด็นการประเมิน (issue 17 item 2); weight and criteria blank when not scored."""

    order_text: str
    name: str
    unit: str
    weight_text: str
    criteria_text: str  # "80 → 50; 90 → 75"


@dataclass(frozen=True)
class KpiSheet:
    """Every field of one KPI sheet version (domain §5)."""

    number: str
    name_th: str
    name_en: str
    component: str
    component_weight_text: str
    unit: str
    weight: Decimal
    weight_text: str
    description: str
    scope: str
    formula: str
    method: str
    method_code: str
    direction: str
    data_items: tuple[DataItemRow, ...]
    baselines: tuple[BaselineRow, ...]
    levels: tuple[LevelRow, ...]
    rounds: tuple[RoundRow, ...]
    sub_kpis: tuple[SubKpiRow, ...]
    parent_number: str
    sub_weight_text: str
    cascade_from: str
    conditions: str
    data_source: str
    collection_method: str
    evidence_required: str
    responsible_unit: str
    overseer: PersonInfo | None
    collectors: tuple[PersonInfo, ...]
    lineage: tuple[LineageNode, ...]
    version: int
    version_text: str
    state: str
    state_code: str
    approved_on: datetime.date | None
    approved_on_text: str
    # Where the KPI comes from, in e-SAR's wording (issue 17 item 4; indicators.origins).
    origin: str = ""
    # One path per plan tree (issue 17 item 5): (tree, "code name › code name").
    lineage_trees: tuple[tuple[str, str], ...] = ()
    assessment_points: tuple[AssessmentPointRow, ...] = ()


@dataclass(frozen=True)
class KpiSheetDoc:
    """One or more KPI sheets of one department's fiscal year."""

    department: str
    department_code: str
    ministry: str
    fiscal_year: int
    fiscal_year_text: str
    framework: str
    sheets: tuple[KpiSheet, ...]
    thai_digits: bool
    generated_on: datetime.date
    generated_on_text: str


def sheet_queryset() -> QuerySet[Kpi]:
    """KPIs with everything a sheet shows, in a constant number of queries."""
    return Kpi.objects.select_related(
        "framework__department__ministry",
        "component",
        "responsible_unit",
        "overseer__unit",
        "parent",
        "cascade_from__framework__department",
        "strategic_kpi",
    ).prefetch_related(
        Prefetch("levels", queryset=TargetLevel.objects.order_by("order", "id")),
        "data_items",
        "baselines",
        "framework__rounds",
        Prefetch("round_expectations", queryset=RoundExpectation.objects.select_related("round")),
        Prefetch("collectors", queryset=Person.objects.select_related("unit")),
        lineage_prefetch(),
        Prefetch("sub_kpis", queryset=Kpi.objects.order_by("number", "version")),
        "assessment_points",
    )


def kpi_sheet_document(kpi: Kpi, *, thai_digits: bool) -> KpiSheetDoc:
    """The sheet of one KPI version."""
    loaded = sheet_queryset().get(pk=kpi.pk)
    return _document(loaded.framework, [loaded], Digits(thai_digits))


def kpi_sheets_document(
    framework: Framework, *, thai_digits: bool, drafts: bool = True
) -> KpiSheetDoc:
    """The current version of every KPI of a framework, by component then number: the latest
    with `drafts`, else the version in force (indicators.selectors.current_kpis)."""
    current = current_kpis(framework, drafts=drafts).values("pk")
    kpis = list(sheet_queryset().filter(pk__in=current))
    kpis.sort(key=lambda kpi: (kpi.component.order, kpi.component_id, natural_key(kpi.number)))
    framework = kpis[0].framework if kpis else framework
    return _document(framework, kpis, Digits(thai_digits))


def _document(framework: Framework, kpis: list[Kpi], digits: Digits) -> KpiSheetDoc:
    department = framework.department
    today = timezone.localdate()
    return KpiSheetDoc(
        department=digits.text(department.name_th),
        department_code=department.code,
        ministry=digits.text(department.ministry.name_th),
        fiscal_year=framework.fiscal_year,
        fiscal_year_text=digits.text(framework.fiscal_year),
        framework=digits.text(framework.name_th),
        sheets=tuple(_sheet(kpi, digits) for kpi in kpis),
        thai_digits=digits.thai,
        generated_on=today,
        generated_on_text=digits.date_full(today),
    )


def _sheet(kpi: Kpi, d: Digits) -> KpiSheet:
    approved_on = timezone.localtime(kpi.approved_at).date() if kpi.approved_at else None
    return KpiSheet(
        number=d.text(kpi.number),
        name_th=d.text(kpi.name_th),
        name_en=kpi.name_en,
        component=d.text(kpi.component.name_th),
        component_weight_text=d.number(kpi.component.weight),
        unit=d.text(kpi.unit),
        weight=kpi.weight,
        weight_text=d.number(kpi.weight),
        description=d.text(kpi.description),
        scope=d.text(kpi.scope),
        formula=d.text(kpi.formula),
        method=str(kpi.get_method_display()),
        method_code=kpi.method,
        direction=str(kpi.get_direction_display()),
        data_items=tuple(
            DataItemRow(code=d.code(item.code), name=d.text(item.name_th), unit=d.text(item.unit))
            for item in kpi.data_items.all()
        ),
        baselines=_baselines(kpi, d),
        levels=tuple(_level(level, d) for level in kpi.levels.all()),
        rounds=_rounds(kpi, d),
        sub_kpis=_sub_kpis(kpi, d),
        parent_number=d.text(kpi.parent.number) if kpi.parent else "",
        sub_weight_text=d.number(kpi.sub_weight),
        cascade_from=_cascade_from(kpi, d),
        conditions=d.text(kpi.conditions),
        data_source=d.text(kpi.data_source),
        collection_method=d.text(kpi.collection_method),
        evidence_required=d.text(kpi.evidence_required),
        responsible_unit=d.text(kpi.responsible_unit.name_th if kpi.responsible_unit else ""),
        overseer=_person(kpi.overseer, d) if kpi.overseer else None,
        collectors=tuple(_person(person, d) for person in kpi.collectors.all()),
        lineage=_lineage(kpi, d),
        version=kpi.version,
        version_text=d.text(kpi.version),
        state=str(kpi.get_state_display()),
        state_code=kpi.state,
        approved_on=approved_on,
        approved_on_text=d.date_full(approved_on),
        origin=d.text(origin_statement(kpi)),
        lineage_trees=_lineage_trees(kpi, d),
        assessment_points=assessment_point_rows(kpi, d),
    )


def assessment_point_rows(kpi: Kpi, d: Digits) -> tuple[AssessmentPointRow, ...]:
    return tuple(
        AssessmentPointRow(
            order_text=d.text(point.order),
            name=d.text(point.name_th),
            unit=d.text(point.unit),
            weight_text=d.number(point.weight),
            criteria_text="; ".join(
                f"{d.number(target)} → {d.number(score)}" for target, score in point.criteria_pairs
            ),
        )
        for point in points_of(kpi)
    )


def _level(level: TargetLevel, d: Digits) -> LevelRow:
    return LevelRow(
        label=d.text(level.label or level.order),
        target=level.target,
        target_text=d.number(level.target),
        score=level.score,
        score_text=d.number(level.score),
        description=d.text(level.description),
        evidence=d.text(level.evidence),
    )


def _baselines(kpi: Kpi, d: Digits) -> tuple[BaselineRow, ...]:
    """The three previous fiscal years always appear (empty when unknown), plus any other
    year that has a stored baseline."""
    stored = {baseline.fiscal_year: baseline for baseline in kpi.baselines.all()}
    first = kpi.framework.fiscal_year - BASELINE_YEARS
    years = sorted(set(range(first, kpi.framework.fiscal_year)) | set(stored))
    rows = []
    for year in years:
        baseline = stored.get(year)
        value = baseline.value if baseline else None
        rows.append(
            BaselineRow(
                fiscal_year=year,
                fiscal_year_text=d.text(year),
                value=value,
                value_text=d.number(value),
                note=d.text(baseline.note) if baseline else "",
            )
        )
    return tuple(rows)


def _rounds(kpi: Kpi, d: Digits) -> tuple[RoundRow, ...]:
    """Every reporting round of the framework, with what this KPI reports at it."""
    expected = {item.round_id: _expected(item, d) for item in kpi.round_expectations.all()}
    rounds = sorted(kpi.framework.rounds.all(), key=lambda r: (r.order, r.period_end))
    return tuple(
        RoundRow(
            name=d.text(r.name_th),
            period_end=r.period_end,
            period_end_text=d.date_full(r.period_end),
            due_date=r.due_date,
            due_date_text=d.date_full(r.due_date),
            expectation=expected.get(r.pk, ""),
        )
        for r in rounds
    )


def _expected(item: RoundExpectation, d: Digits) -> str:
    """What is reported, then the round's rule (issue 17 item 3): not evaluated, or its weight
    in the round, with the reason."""
    parts = [d.text(item.expectation)] if item.expectation else []
    if not item.in_force:
        parts.append(_("ไม่ประเมินในรอบนี้"))
    elif item.weight is not None:
        parts.append(_("น้ำหนักในรอบนี้ %(w)s") % {"w": d.number(item.weight)})
    if item.has_rule and item.reason:
        parts.append(_("เหตุผล: %(reason)s") % {"reason": d.text(item.reason)})
    return " · ".join(parts)


def _sub_kpis(kpi: Kpi, d: Digits) -> tuple[SubKpiRow, ...]:
    latest: dict[object, Kpi] = {}
    for sub in kpi.sub_kpis.all():  # ordered by number then version: the last one wins
        latest[sub.key] = sub
    subs = sorted(latest.values(), key=lambda sub: natural_key(sub.number))
    return tuple(
        SubKpiRow(
            number=d.text(sub.number),
            name=d.text(sub.name_th),
            weight=sub.sub_weight,
            weight_text=d.number(sub.sub_weight),
            method=str(sub.get_method_display()),
        )
        for sub in subs
    )


def _cascade_from(kpi: Kpi, d: Digits) -> str:
    source = kpi.cascade_from
    if source is None:
        return ""
    framework = source.framework
    return d.text(
        f"{source.number} {source.name_th} ({framework.department.name_th} "
        f"ปีงบประมาณ {framework.fiscal_year})"
    )


def _person(person: Person, d: Digits) -> PersonInfo:
    # E-mail addresses keep their digits: a converted address would not work.
    return PersonInfo(
        name=d.text(person.full_name),
        position=d.text(person.position),
        unit=d.text(person.unit.name_th if person.unit else ""),
        phone=d.text(person.phone),
        email=person.email,
    )


def _lineage_trees(kpi: Kpi, d: Digits) -> tuple[tuple[str, str], ...]:
    return tuple(
        tree_line(tree.label, ((node.code, node.name_th) for node in tree.nodes), d)
        for tree in linked_lineage_trees(kpi.lineage.all())
    )


def _lineage(kpi: Kpi, d: Digits) -> tuple[LineageNode, ...]:
    """The path from the national strategy down to each linked plan item (domain §4), shared
    ancestors listed once, in tree order."""
    seen: dict[int, LineageNode] = {}
    paths = linked_paths(kpi.lineage.all())
    paths.sort(key=lambda path: [natural_key(node.code) for node in path])
    for path in paths:
        for depth, node in enumerate(path):
            if node.pk not in seen:
                seen[node.pk] = LineageNode(
                    level=str(node.get_level_display()),
                    code=d.code(node.code),
                    name=d.text(node.name_th),
                    depth=depth,
                )
    return tuple(seen.values())
