"""Validation of a whole KPI sheet before a service saves it (domain §5, §6).

`validate_sheet` returns every problem at once as {field: [Thai messages]}. Field names are the
form's: "weight", "formula", … for the sheet's own fields and "levels[2].target",
"data_items[0].code", "baselines[1].fiscal_year", "round_expectations[0].expectation" for rows
of its tables (the index is the row's position in the list given), so a form can put each
message next to the input it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models
from django.utils.translation import gettext as _

from accounts.models import Person
from core.decimals import SCORE_LIMIT, limit_problem, parse_decimal, quantity_problem
from frameworks import scoring
from frameworks.models import Framework, PlanItem, ReportingRound
from indicators import locks
from indicators.formula import code_problem, validate_formula
from indicators.models import Direction, Kpi, OriginRelation, RoundExpectation, ScoringMethod
from indicators.selectors import KpiPermissions

NUMBER_PATTERN = re.compile(r"^\d{1,3}(\.\d{1,3}){0,3}$")
BASELINE_YEARS = 3  # domain §5: baseline for the 3 previous years
# Fields of the sheet a service may set (the rest is identity, state and bookkeeping).
EDITABLE_FIELDS = (
    "component",
    "number",
    "name_th",
    "name_en",
    "unit",
    "weight",
    "description",
    "scope",
    "formula",
    "method",
    "direction",
    "interpolate",
    "floor",
    "parent",
    "sub_weight",
    "cascade_from",
    "predecessor",
    "conditions",
    "data_source",
    "collection_method",
    "evidence_required",
    "responsible_unit",
    "overseer",
    "origin_relation",
    "strategic_kpi",
)


@dataclass(frozen=True)
class DataItemInput:
    code: str
    name_th: str
    unit: str = ""


@dataclass(frozen=True)
class LevelInput:
    target: Decimal
    score: Decimal
    label: str = ""
    description: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class BaselineInput:
    fiscal_year: int
    value: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class RoundExpectationInput:
    round: ReportingRound
    expectation: str
    # The round's rule (issue 17 item 3; indicators.models.RoundExpectation).
    in_force: bool = True
    weight: Decimal | None = None  # None: the KPI's weight
    reason: str = ""
    amendment: Any = None  # agreements.models.Amendment | None

    @property
    def has_rule(self) -> bool:
        return not self.in_force or self.weight is not None


@dataclass(frozen=True)
class AssessmentPointInput:
    """ประเด็นการประเมิน (issue 17 item 2): `criteria` are (target, score) pairs, lowest
    score first; empty when the point is only reported, not scored on its own."""

    name_th: str
    unit: str = ""
    weight: Decimal | None = None
    criteria: tuple[tuple[Decimal, Decimal], ...] = ()


@dataclass
class SheetInput:
    fields: dict[str, Any]
    data_items: list[DataItemInput]
    levels: list[LevelInput]
    baselines: list[BaselineInput]
    round_expectations: list[RoundExpectationInput]
    collectors: list[Person]
    lineage: list[PlanItem]
    assessment_points: list[AssessmentPointInput] = dataclass_field(default_factory=list)


def baseline_years(framework: Framework) -> list[int]:
    """The fiscal years a sheet shows baselines for: the three before the framework's."""
    return list(range(framework.fiscal_year - BASELINE_YEARS, framework.fiscal_year))


def field_defaults() -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        field = Kpi._meta.get_field(name)
        assert isinstance(field, models.Field)
        defaults[name] = field.get_default()
    return defaults


def _decimal_problem(value: Decimal) -> str | None:
    """Weights, sub-weights, scores and the floor: max_digits=9 columns."""
    return limit_problem(value, SCORE_LIMIT)


class _Errors(dict[str, list[str]]):
    def add(self, field: str, message: str) -> None:
        messages = self.setdefault(field, [])
        if message not in messages:
            messages.append(message)


def validate_sheet(
    framework: Framework,
    sheet: SheetInput,
    *,
    kpi: Kpi | None,
    permissions: KpiPermissions,
    full: bool = False,
) -> dict[str, list[str]]:
    """Every problem with the sheet, per field, in Thai. `full` (approval) also asks for what a
    draft may still leave out: scoring levels and the responsible unit."""
    errors = _Errors()
    fields = sheet.fields = {**field_defaults(), **sheet.fields}
    key = kpi.key if kpi is not None else None
    _check_text(errors, fields)
    _check_identity(errors, framework, fields, key)
    _check_relations(errors, framework, fields, key)
    _check_origin(errors, framework, fields)
    _check_people(errors, framework, sheet, permissions, full)
    codes = _check_data_items(errors, sheet)
    formula = (fields.get("formula") or "").strip()
    fields["formula"] = formula
    for message in validate_formula(formula, codes) if formula else []:
        errors.add("formula", message)
    if sheet.levels or full:
        _check_levels(errors, fields, sheet)
    _check_baselines(errors, framework, sheet)
    _check_rounds(errors, framework, sheet)
    _check_round_rules(errors, framework, sheet, kpi)
    _check_points(errors, fields, sheet, key)
    return dict(errors)


def _check_text(errors: _Errors, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        field = Kpi._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField):
            text = "" if value is None else str(value).strip()
            fields[name] = text
            if field.max_length and len(text) > field.max_length:
                errors.add(name, _("ยาวเกิน %(max)s ตัวอักษร") % {"max": field.max_length})
    if not fields["name_th"]:
        errors.add("name_th", _("กรุณาระบุชื่อตัวชี้วัด"))
    if fields["method"] not in ScoringMethod.values:
        errors.add("method", _("วิธีให้คะแนนไม่ถูกต้อง"))
    if fields["direction"] not in Direction.values:
        errors.add("direction", _("ทิศทางไม่ถูกต้อง"))


def _check_identity(
    errors: _Errors, framework: Framework, fields: dict[str, Any], key: UUID | None
) -> None:
    component = fields["component"]
    if component is None:
        errors.add("component", _("กรุณาเลือกองค์ประกอบ"))
    elif component.framework_id != framework.pk:
        errors.add("component", _("องค์ประกอบนี้ไม่อยู่ในกรอบการประเมินของตัวชี้วัด"))
    number = fields["number"]
    if not number:
        errors.add("number", _("กรุณาระบุลำดับตัวชี้วัด"))
    elif not NUMBER_PATTERN.match(number):
        errors.add("number", _("ลำดับตัวชี้วัดต้องเป็นตัวเลข เช่น 1 หรือ 1.2"))
    else:
        same_number = Kpi.objects.filter(framework=framework, is_latest=True, number=number)
        if key is not None:
            same_number = same_number.exclude(key=key)
        clash = same_number.first()
        if clash is not None:
            errors.add(
                "number",
                _("ลำดับ %(number)s ซ้ำกับตัวชี้วัด “%(name)s”")
                % {"number": number, "name": clash.name_th},
            )
    weight = fields["weight"]
    if weight is None:
        errors.add("weight", _("กรุณาระบุน้ำหนัก"))
    elif (problem := _decimal_problem(weight)) is not None:
        errors.add("weight", problem)
    elif weight <= 0:
        errors.add("weight", _("น้ำหนักต้องมากกว่า 0"))
    elif weight > 100:
        errors.add("weight", _("น้ำหนักต้องไม่เกิน 100"))


def _check_relations(
    errors: _Errors, framework: Framework, fields: dict[str, Any], key: UUID | None
) -> None:
    parent: Kpi | None = fields["parent"]
    sub_weight: Decimal | None = fields["sub_weight"]
    if parent is not None:
        if parent.key == key:
            errors.add("parent", _("ตัวชี้วัดหลักต้องไม่ใช่ตัวชี้วัดนี้เอง"))
        elif parent.framework_id != framework.pk:
            errors.add("parent", _("ตัวชี้วัดหลักต้องอยู่ในกรอบการประเมินเดียวกัน"))
        elif parent.parent_id is not None:
            errors.add("parent", _("ตัวชี้วัดหลักต้องไม่เป็นตัวชี้วัดย่อยของตัวชี้วัดอื่น"))
        elif key is not None and Kpi.objects.filter(parent__key=key).exists():
            errors.add("parent", _("ตัวชี้วัดนี้มีตัวชี้วัดย่อยอยู่แล้ว จึงเป็นตัวชี้วัดย่อยไม่ได้"))
        if sub_weight is None:
            errors.add("sub_weight", _("กรุณาระบุน้ำหนักในตัวชี้วัดหลัก เมื่อเป็นตัวชี้วัดย่อย"))
        elif (problem := _decimal_problem(sub_weight)) is not None:
            errors.add("sub_weight", problem)
        elif not 0 < sub_weight <= 100:
            errors.add("sub_weight", _("น้ำหนักในตัวชี้วัดหลักต้องมากกว่า 0 และไม่เกิน 100"))
    elif sub_weight is not None:
        errors.add("sub_weight", _("ระบุน้ำหนักในตัวชี้วัดหลักได้เฉพาะตัวชี้วัดย่อย (เลือกตัวชี้วัดหลักก่อน)"))
    source: Kpi | None = fields["cascade_from"]
    if source is not None:
        if source.key == key:
            errors.add("cascade_from", _("ตัวชี้วัดถ่ายทอดจากตัวเองไม่ได้"))
        elif source.framework.department_id != framework.department_id:
            errors.add("cascade_from", _("ถ่ายทอดได้จากตัวชี้วัดของส่วนราชการเดียวกันเท่านั้น"))
    predecessor: Kpi | None = fields["predecessor"]
    if predecessor is not None:
        if predecessor.key == key:
            errors.add("predecessor", _("ตัวชี้วัดเป็นตัวชี้วัดปีก่อนของตัวเองไม่ได้"))
        elif predecessor.framework.department_id != framework.department_id:
            errors.add("predecessor", _("ตัวชี้วัดปีก่อนต้องเป็นของส่วนราชการเดียวกัน"))
        elif predecessor.framework.fiscal_year >= framework.fiscal_year:
            errors.add(
                "predecessor",
                _("ตัวชี้วัดปีก่อนต้องอยู่ในปีงบประมาณก่อน %(year)s") % {"year": framework.fiscal_year},
            )


def _check_people(
    errors: _Errors,
    framework: Framework,
    sheet: SheetInput,
    permissions: KpiPermissions,
    full: bool,
) -> None:
    department_id = framework.department_id
    unit = sheet.fields["responsible_unit"]
    if unit is not None and unit.department_id != department_id:
        errors.add("responsible_unit", _("หน่วยงานที่รับผิดชอบต้องอยู่ในส่วนราชการนี้"))
    elif not permissions.can_manage and (unit is None or unit.pk not in permissions.owner_unit_ids):
        errors.add("responsible_unit", _("ท่านเลือกได้เฉพาะหน่วยงานที่ท่านรับผิดชอบ"))
    elif full and unit is None:
        errors.add("responsible_unit", _("กรุณาเลือกหน่วยงานที่รับผิดชอบ"))
    overseer = sheet.fields["overseer"]
    if overseer is not None and overseer.department_id != department_id:
        errors.add("overseer", _("ผู้กำกับดูแลตัวชี้วัดต้องเป็นบุคลากรของส่วนราชการนี้"))
    if any(person.department_id != department_id for person in sheet.collectors):
        errors.add("collectors", _("ผู้จัดเก็บข้อมูลต้องเป็นบุคลากรของส่วนราชการนี้"))
    if any(item.department_id not in (None, department_id) for item in sheet.lineage):
        errors.add("lineage", _("เลือกได้เฉพาะแผนระดับชาติ ระดับกระทรวง และของส่วนราชการนี้"))


def _check_data_items(errors: _Errors, sheet: SheetInput) -> list[str]:
    """The data-item codes a formula may use (the valid, unique ones)."""
    codes: list[str] = []
    for i, item in enumerate(sheet.data_items):
        code = item.code.strip()
        problem = code_problem(code) if code else _("กรุณาระบุรหัส")
        if problem is None and len(code) > 20:
            problem = _("รหัสยาวเกิน 20 ตัวอักษร")
        if problem is not None:
            errors.add(f"data_items[{i}].code", problem)
        elif code in codes:
            errors.add(f"data_items[{i}].code", _("รหัส %(code)s ซ้ำกัน") % {"code": code})
        else:
            codes.append(code)
        if not item.name_th.strip():
            errors.add(f"data_items[{i}].name_th", _("กรุณาระบุชื่อรายการข้อมูล"))
        elif len(item.name_th) > 500:
            errors.add(f"data_items[{i}].name_th", _("ยาวเกิน 500 ตัวอักษร"))
        if len(item.unit) > 100:
            errors.add(f"data_items[{i}].unit", _("ยาวเกิน 100 ตัวอักษร"))
    return codes


def _check_levels(errors: _Errors, fields: dict[str, Any], sheet: SheetInput) -> None:
    numbers_ok = True
    for i, level in enumerate(sheet.levels):
        for name, problem in (
            ("target", quantity_problem(level.target)),
            ("score", _decimal_problem(level.score)),
        ):
            if problem is not None:
                errors.add(f"levels[{i}].{name}", problem)
                numbers_ok = False
        if len(level.label) > 100:
            errors.add(f"levels[{i}].label", _("ยาวเกิน 100 ตัวอักษร"))
    floor = fields["floor"]
    if floor is None or (problem := _decimal_problem(floor)) is not None:
        errors.add("floor", _("ต้องเป็นตัวเลข"))
        return
    if not numbers_ok or fields["method"] not in ScoringMethod.values:
        return
    criteria = scoring.Criteria(
        method=scoring.Method(fields["method"]),
        levels=tuple(scoring.Level(lv.target, lv.score, lv.label) for lv in sheet.levels),
        direction=scoring.Direction(fields["direction"] or Direction.HIGHER),
        interpolate=bool(fields["interpolate"]),
        floor=floor,
    )
    for error in scoring.validate_criteria(criteria):
        errors.add(error.field, _(error.message))


def _check_baselines(errors: _Errors, framework: Framework, sheet: SheetInput) -> None:
    years = baseline_years(framework)
    seen: set[int] = set()
    for i, baseline in enumerate(sheet.baselines):
        if baseline.fiscal_year not in years:
            errors.add(
                f"baselines[{i}].fiscal_year",
                _("ข้อมูลพื้นฐานต้องเป็นของปีงบประมาณ %(first)s–%(last)s (3 ปีก่อนปีงบประมาณ %(year)s)")
                % {"first": years[0], "last": years[-1], "year": framework.fiscal_year},
            )
        elif baseline.fiscal_year in seen:
            errors.add(
                f"baselines[{i}].fiscal_year",
                _("ปีงบประมาณ %(year)s ซ้ำกัน") % {"year": baseline.fiscal_year},
            )
        seen.add(baseline.fiscal_year)
        if baseline.value is not None and (problem := quantity_problem(baseline.value)):
            errors.add(f"baselines[{i}].value", problem)
        if len(baseline.note) > 255:
            errors.add(f"baselines[{i}].note", _("ยาวเกิน 255 ตัวอักษร"))


def _check_rounds(errors: _Errors, framework: Framework, sheet: SheetInput) -> None:
    seen: set[int] = set()
    for i, expectation in enumerate(sheet.round_expectations):
        if expectation.round.framework_id != framework.pk:
            errors.add(
                f"round_expectations[{i}].round",
                _("รอบการรายงานนี้ไม่อยู่ในกรอบการประเมินของตัวชี้วัด"),
            )
        elif expectation.round.pk in seen:
            errors.add(f"round_expectations[{i}].round", _("รอบการรายงานซ้ำกัน"))
        seen.add(expectation.round.pk)
        if not expectation.expectation.strip() and not expectation.has_rule:
            errors.add(f"round_expectations[{i}].expectation", _("กรุณาระบุสิ่งที่ต้องรายงาน"))


def _check_round_rules(
    errors: _Errors, framework: Framework, sheet: SheetInput, kpi: Kpi | None
) -> None:
    """Per-round rules (issue 17 item 3): a weight only where the KPI is evaluated, a reason
    for every rule, at least one round evaluated, and once the agreement is signed a KPI taken
    out of a round cites the approved amendment of this KPI (before signing the coordinator
    sets it on the draft sheet). A rule already in the version before is not asked again."""
    rules = [(i, r) for i, r in enumerate(sheet.round_expectations) if r.has_rule or r.amendment]
    if not rules:
        return
    agreement = locks.signed_agreement(framework)
    earlier: set[int] = set()
    if agreement is not None and kpi is not None:
        earlier = set(
            RoundExpectation.objects.filter(
                kpi__key=kpi.key, kpi__version__lt=kpi.version, in_force=False
            ).values_list("round_id", flat=True)
        )
    for i, rule in rules:
        at = f"round_expectations[{i}]"
        if rule.weight is not None:
            if not rule.in_force:
                errors.add(f"{at}.weight", _("รอบที่ไม่ประเมินไม่มีน้ำหนัก"))
            elif (problem := _decimal_problem(rule.weight)) is not None:
                errors.add(f"{at}.weight", problem)
            elif rule.weight <= 0:
                errors.add(f"{at}.weight", _("น้ำหนักต้องมากกว่า 0"))
        if rule.has_rule and not rule.reason.strip():
            errors.add(f"{at}.reason", _("กรุณาระบุเหตุผล"))
        amendment = rule.amendment
        if amendment is not None:
            if (
                agreement is None
                or amendment.agreement_id != agreement.pk
                or amendment.state != "approved"
                or (kpi is not None and amendment.kpi.key != kpi.key)
            ):
                errors.add(f"{at}.amendment", _("ต้องเป็นการขอปรับตัวชี้วัดนี้ที่สำนักงาน ก.พ.ร. อนุมัติแล้ว"))
        elif agreement is not None and not rule.in_force and rule.round.pk not in earlier:
            errors.add(
                f"{at}.amendment",
                _("คำรับรองลงนามแล้ว: การยกเลิกตัวชี้วัดในรอบนี้ต้องอ้างอิงการขอปรับที่อนุมัติแล้ว"),
            )
    out = {r.round.pk for r in sheet.round_expectations if not r.in_force}
    if out and len(out) >= framework.rounds.count():
        errors.add("round_expectations", _("ตัวชี้วัดต้องประเมินอย่างน้อยหนึ่งรอบ"))


def _check_origin(errors: _Errors, framework: Framework, fields: dict[str, Any]) -> None:
    """Where the KPI comes from (issue 17 item 4): a relation and a Strategic KPI in force in
    the framework's fiscal year, both or neither."""
    relation = fields["origin_relation"] or ""
    fields["origin_relation"] = relation
    strategic = fields["strategic_kpi"]
    if relation and relation not in OriginRelation.values:
        errors.add("origin_relation", _("ความเชื่อมโยงกับ Strategic KPI ไม่ถูกต้อง"))
    elif relation and strategic is None:
        errors.add("strategic_kpi", _("กรุณาเลือก Strategic KPI ที่ตัวชี้วัดนี้ถ่ายทอดมา"))
    elif strategic is not None and not relation:
        errors.add("origin_relation", _("กรุณาเลือกว่าเป็นตัวชี้วัดทดแทน ตัวเดียวกัน หรือถ่ายทอดลงมา"))
    elif strategic is not None and not strategic.in_force(framework.fiscal_year):
        errors.add(
            "strategic_kpi",
            _("Strategic KPI นี้ไม่ได้ใช้ในปีงบประมาณ %(year)s") % {"year": framework.fiscal_year},
        )


def _check_points(
    errors: _Errors, fields: dict[str, Any], sheet: SheetInput, key: UUID | None
) -> None:
    """Assessment points (issue 17 item 2). A point scored on its own needs a weight and
    criteria; then every point must be, and the KPI is composite (the weighted mean of the
    points' scores, as for sub-KPIs)."""
    points = sheet.assessment_points
    for i, point in enumerate(points):
        if not point.name_th.strip():
            errors.add(f"assessment_points[{i}].name_th", _("กรุณาระบุประเด็นการประเมิน"))
        elif len(point.name_th) > 500:
            errors.add(f"assessment_points[{i}].name_th", _("ยาวเกิน 500 ตัวอักษร"))
        if len(point.unit) > 100:
            errors.add(f"assessment_points[{i}].unit", _("ยาวเกิน 100 ตัวอักษร"))
        if point.weight is not None:
            if (problem := _decimal_problem(point.weight)) is not None:
                errors.add(f"assessment_points[{i}].weight", problem)
            elif point.weight < 0:
                errors.add(f"assessment_points[{i}].weight", _("น้ำหนักต้องไม่ติดลบ"))
        if point.criteria:
            _check_point_criteria(errors, i, fields, point)
    scored = [p for p in points if p.criteria or p.weight is not None]
    if not scored:
        return
    if any(not (p.criteria and p.weight is not None) for p in points):
        errors.add(
            "assessment_points",
            _("เมื่อให้คะแนนรายประเด็น ทุกประเด็นต้องมีทั้งน้ำหนักและเกณฑ์การให้คะแนน"),
        )
    elif fields["method"] != ScoringMethod.COMPOSITE:
        errors.add(
            "method",
            _("ตัวชี้วัดที่ให้คะแนนรายประเด็นต้องใช้วิธีให้คะแนน “ตัวชี้วัดย่อยถ่วงน้ำหนัก”"),
        )
    elif sum((p.weight or Decimal(0) for p in points), Decimal(0)) <= 0:
        errors.add("assessment_points", _("น้ำหนักของประเด็นรวมกันต้องมากกว่า 0"))
    elif key is not None and Kpi.objects.filter(parent__key=key).exists():
        # One composite rule per KPI: its score comes from sub-KPIs or from points, not both.
        errors.add(
            "assessment_points",
            _("ตัวชี้วัดนี้มีตัวชี้วัดย่อยแล้ว จึงให้คะแนนรายประเด็นไม่ได้ (เว้นน้ำหนักและเกณฑ์ของประเด็นว่างไว้)"),
        )


def _check_point_criteria(
    errors: _Errors, i: int, fields: dict[str, Any], point: AssessmentPointInput
) -> None:
    name = f"assessment_points[{i}].criteria"
    for target, score in point.criteria:
        problem = quantity_problem(target) or _decimal_problem(score)
        if problem is not None:
            errors.add(name, problem)
            return
    criteria = scoring.point_criteria(
        point.criteria,
        direction=scoring.Direction(fields["direction"] or Direction.HIGHER),
        interpolate=bool(fields["interpolate"]),
    )
    for error in scoring.validate_criteria(criteria):
        errors.add(name, _(error.message))


# The text form of a point's criteria, for the editor and the Excel sheet: "80=50; 90=75;
# 100=100" — target=score pairs, lowest score first.
POINT_PAIR_SEPARATOR = ";"


def parse_point_criteria(text: str) -> tuple[tuple[Decimal, Decimal], ...] | None:
    """Pairs from "80=50; 90=75" (thousands separators allowed); None when unreadable."""
    pairs: list[tuple[Decimal, Decimal]] = []
    for chunk in (text or "").split(POINT_PAIR_SEPARATOR):
        if not chunk.strip():
            continue
        target_text, sep, score_text = chunk.partition("=")
        target, score = parse_decimal(target_text), parse_decimal(score_text)
        if not sep or target is None or score is None:
            return None
        pairs.append((target, score))
    return tuple(pairs)


def format_point_criteria(pairs: tuple[tuple[Decimal, Decimal], ...]) -> str:
    return f"{POINT_PAIR_SEPARATOR} ".join(
        f"{target.normalize():f}={score.normalize():f}" for target, score in pairs
    )


def stored_points(kpi: Kpi) -> list[AssessmentPointInput]:
    """A KPI's assessment points in order, in the shape the validator reads."""
    return [
        AssessmentPointInput(
            p.name_th,
            p.unit,
            p.weight,
            tuple((Decimal(c["target"]), Decimal(c["score"])) for c in p.criteria or []),
        )
        for p in sorted(kpi.assessment_points.all(), key=lambda p: (p.order, p.pk))
    ]
