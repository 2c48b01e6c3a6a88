"""Importing the KPI workbook (domain §5, §10): all or nothing, every problem reported at once.

The whole file is read first (indicators.excel_read); each KPI row then goes through the same
services as the KPI pages (`kpi_create` / `kpi_update`, which validate with
`indicators.validation`) inside one transaction. Each problem becomes (sheet, Excel row, column
header, Thai message); when there is any, the transaction is rolled back and nothing is
imported. Drafts with the same number are updated; an approved KPI is never changed by an
import (style.md "Versions are rows").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, Person
from accounts.selectors import can_manage_department
from core.audit import audit_log
from core.decimals import QUANTITY_LIMIT
from frameworks.models import Framework, PlanItem, ReportingRound, StrategicKpi
from indicators import locks, services
from indicators.excel_layout import (
    ASSESSMENT_POINTS,
    BASELINES,
    DATA_ITEMS,
    FALSE_WORDS,
    KPIS,
    LEVELS,
    MAX_DATA_ROWS,
    ROUND_EXPECTATIONS,
    TRUE_WORDS,
    direction_labels,
    method_labels,
    origin_labels,
    separated,
)
from indicators.excel_read import Cells, ImportProblem, Problems, Row, accepted, read_workbook
from indicators.models import Kpi, ScoringMethod
from indicators.selectors import plan_items_for
from indicators.validation import (
    AssessmentPointInput,
    BaselineInput,
    DataItemInput,
    LevelInput,
    RoundExpectationInput,
    parse_point_criteria,
)

Actor = AbstractBaseUser | AnonymousUser
CHILD_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")
CHILD_SHEETS = {
    "data_items": DATA_ITEMS,
    "levels": LEVELS,
    "baselines": BASELINES,
    "round_expectations": ROUND_EXPECTATIONS,
    "assessment_points": ASSESSMENT_POINTS,
}


@dataclass
class ImportResult:
    errors: list[ImportProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    data_items: int = 0
    levels: int = 0
    baselines: int = 0
    round_expectations: int = 0
    assessment_points: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "data_items": self.data_items,
            "levels": self.levels,
            "baselines": self.baselines,
            "round_expectations": self.round_expectations,
            "assessment_points": self.assessment_points,
        }


# Lookups -----------------------------------------------------------------------------------


@dataclass
class _Lookups:
    framework: Framework
    components: dict[str, Any]
    units: dict[str, OrgUnit]
    people: dict[str, list[Person]]
    plan_items: dict[str, list[PlanItem]]
    existing: dict[str, Kpi]
    rounds: dict[int, ReportingRound]
    amendments: dict[int, Any] = field(default_factory=dict)  # approved, by id (issue 17 item 3)

    @classmethod
    def load(cls, framework: Framework) -> _Lookups:
        people: dict[str, list[Person]] = {}
        for person in Person.objects.filter(department_id=framework.department_id).select_related(
            "user"
        ):
            names = {person.email.casefold(), person.full_name.casefold()}
            if person.user is not None:
                names.add(person.user.get_username().casefold())
            for name in names - {""}:
                people.setdefault(name, []).append(person)
        plan_items: dict[str, list[PlanItem]] = {}
        for item in plan_items_for(framework.department):
            plan_items.setdefault(item.code.casefold(), []).append(item)
            plan_items.setdefault(f"{item.level}:{item.code}".casefold(), []).append(item)
        return cls(
            framework=framework,
            components={c.code.casefold(): c for c in framework.components.all()},
            units={
                u.code.casefold(): u
                for u in OrgUnit.objects.filter(department=framework.department)
            },
            people=people,
            plan_items=plan_items,
            existing={
                k.number: k
                for k in Kpi.objects.select_for_update().filter(framework=framework, is_latest=True)
            },
            rounds={r.order: r for r in framework.rounds.all()},
            amendments=locks.approved_amendments(framework),
        )


# Parsing -----------------------------------------------------------------------------------


@dataclass
class _KpiRow:
    row: int
    number: str
    fields: dict[str, Any]
    parent_number: str
    collectors: list[Person]
    lineage: list[PlanItem]
    scoring_ok: bool
    data_items: list[tuple[int, DataItemInput]] = field(default_factory=list)
    levels: list[tuple[int, LevelInput]] = field(default_factory=list)
    baselines: list[tuple[int, BaselineInput]] = field(default_factory=list)
    expectations: list[tuple[int, RoundExpectationInput]] = field(default_factory=list)
    points: list[tuple[int, AssessmentPointInput]] = field(default_factory=list)


def _person(cells: Cells, key: str, ref: str, lookups: _Lookups) -> Person | None:
    found = lookups.people.get(ref.casefold(), [])
    if len(found) == 1:
        return found[0]
    message = (
        _("พบบุคลากรชื่อ “%(ref)s” มากกว่าหนึ่งคน กรุณาใช้ชื่อผู้ใช้หรืออีเมล")
        if found
        else _("ไม่พบบุคลากร “%(ref)s” ในส่วนราชการนี้ (ใช้ชื่อผู้ใช้หรืออีเมล)")
    )
    cells.fail(key, message % {"ref": ref})
    return None


def _parse_kpi(row: Row, lookups: _Lookups, problems: Problems) -> _KpiRow:
    cells = Cells(KPIS, row, problems)
    framework = lookups.framework
    fields: dict[str, Any] = {
        key: cells.text(key)
        for key in (
            "number",
            "name_th",
            "name_en",
            "unit",
            "description",
            "scope",
            "formula",
            "conditions",
            "data_source",
            "collection_method",
            "evidence_required",
        )
    }
    code = cells.text("component")
    fields["component"] = lookups.components.get(code.casefold())
    if code and fields["component"] is None:
        cells.fail("component", _("ไม่พบองค์ประกอบรหัส “%(code)s” ในกรอบการประเมินนี้") % {"code": code})
    weight = cells.decimal("weight")
    fields["weight"] = weight
    if weight is None and "weight" not in cells.failed:
        cells.fail("weight", _("กรุณาระบุน้ำหนัก"))
    elif weight is not None and weight <= 0:
        cells.fail("weight", _("น้ำหนักต้องมากกว่า 0"))
    fields["sub_weight"] = cells.decimal("sub_weight")
    method = cells.choice("method", accepted(method_labels))
    if method is None and "method" not in cells.failed:
        cells.fail("method", _("กรุณาเลือกวิธีให้คะแนน"))
    fields["method"] = method or ScoringMethod.LEVELS
    fields["direction"] = cells.choice("direction", accepted(direction_labels)) or "higher"
    interpolate = cells.text("interpolate").casefold()
    if interpolate in TRUE_WORDS or interpolate in FALSE_WORDS:
        fields["interpolate"] = interpolate in TRUE_WORDS
    else:
        fields["interpolate"] = framework.interpolate
        if interpolate:
            cells.fail("interpolate", _("ต้องเป็น ใช่ หรือ ไม่ใช่"))
    floor = cells.decimal("floor")
    if floor is None:
        floor = (
            framework.five_level_floor if fields["method"] == ScoringMethod.SCALE5 else Decimal(0)
        )
    fields["floor"] = floor
    unit_code = cells.text("responsible_unit")
    fields["responsible_unit"] = lookups.units.get(unit_code.casefold())
    if unit_code and fields["responsible_unit"] is None:
        cells.fail(
            "responsible_unit",
            _("ไม่พบหน่วยงานรหัส “%(code)s” ในส่วนราชการนี้") % {"code": unit_code},
        )
    overseer = cells.text("overseer")
    fields["overseer"] = _person(cells, "overseer", overseer, lookups) if overseer else None
    collectors = [
        person
        for ref in separated(cells.text("collectors"))
        if (person := _person(cells, "collectors", ref, lookups)) is not None
    ]
    lineage: list[PlanItem] = []
    for ref in separated(cells.text("lineage")):
        items = lookups.plan_items.get(ref.casefold(), [])
        if len(items) == 1:
            lineage.append(items[0])
        elif items:
            cells.fail(
                "lineage",
                _("รหัสแผน “%(code)s” มีหลายระดับ ให้เขียนเป็น ระดับ:รหัส เช่น %(example)s")
                % {"code": ref, "example": f"{items[0].level}:{items[0].code}"},
            )
        else:
            cells.fail("lineage", _("ไม่พบแผน/ยุทธศาสตร์รหัส “%(code)s”") % {"code": ref})
    fields["origin_relation"] = cells.choice("origin_relation", accepted(origin_labels)) or ""
    strategic_code = cells.text("strategic_kpi")
    fields["strategic_kpi"] = (
        StrategicKpi.objects.filter(code=strategic_code).first() if strategic_code else None
    )
    if strategic_code and fields["strategic_kpi"] is None:
        cells.fail(
            "strategic_kpi",
            _("ไม่พบ Strategic KPI รหัส “%(code)s”") % {"code": strategic_code},
        )
    scoring_ok = not ({"method", "direction", "interpolate", "floor"} & cells.failed)
    return _KpiRow(
        row=row.number,
        number=fields["number"],
        fields=fields,
        parent_number=cells.text("parent"),
        collectors=collectors,
        lineage=lineage,
        scoring_ok=scoring_ok,
    )


def _attach_children(
    tables: dict[str, list[Row]],
    by_number: dict[str, _KpiRow],
    lookups: _Lookups,
    problems: Problems,
) -> None:
    for key, spec in CHILD_SHEETS.items():
        ordered: list[tuple[int, int, _KpiRow, Cells]] = []
        for row in tables[spec.key]:
            cells = Cells(spec, row, problems)
            number = cells.text("kpi")
            owner = by_number.get(number)
            if owner is None:
                message = (
                    _("ไม่พบตัวชี้วัดลำดับ “%(number)s” ในแผ่นงาน “%(sheet)s”")
                    % {"number": number, "sheet": KPIS.title}
                    if number
                    else _("กรุณาระบุลำดับตัวชี้วัด")
                )
                cells.fail("kpi", message)
                continue
            ordered_keys = ("data_items", "levels", "assessment_points")
            order = cells.integer("order") if key in ordered_keys else None
            ordered.append(
                (
                    order if order is not None else MAX_DATA_ROWS + row.number,
                    row.number,
                    owner,
                    cells,
                )
            )
        for _order, _row, owner, cells in sorted(ordered, key=lambda item: item[:2]):
            _add_child(key, owner, cells, lookups)


def _add_child(key: str, owner: _KpiRow, cells: Cells, lookups: _Lookups) -> None:
    row = cells.row.number
    if key == "data_items":
        owner.data_items.append(
            (
                row,
                DataItemInput(cells.text("code"), cells.text("name_th"), cells.text("unit")),
            )
        )
    elif key == "levels":
        nan = Decimal("NaN")  # reported already; the service then skips the order checks
        target = cells.decimal("target", QUANTITY_LIMIT)
        score = cells.decimal("score")
        for name, value in (("target", target), ("score", score)):
            if value is None and name not in cells.failed:
                cells.fail(name, _("กรุณาระบุตัวเลข"))
        owner.levels.append(
            (
                row,
                LevelInput(
                    target if target is not None else nan,
                    score if score is not None else nan,
                    cells.text("label"),
                    cells.text("description"),
                    cells.text("evidence"),
                ),
            )
        )
    elif key == "baselines":
        year = cells.integer("fiscal_year")
        if year is not None:
            owner.baselines.append(
                (
                    row,
                    BaselineInput(year, cells.decimal("value", QUANTITY_LIMIT), cells.text("note")),
                )
            )
    elif key == "assessment_points":
        criteria = parse_point_criteria(cells.text("criteria"))
        if criteria is None:
            cells.fail(
                "criteria",
                _("เขียนเกณฑ์เป็น ค่าเป้าหมาย=คะแนน คั่นด้วย ; เช่น 80=50; 90=75; 100=100"),
            )
        owner.points.append(
            (
                row,
                AssessmentPointInput(
                    cells.text("name_th"),
                    cells.text("unit"),
                    cells.decimal("weight"),
                    criteria or (),
                ),
            )
        )
    else:
        order = cells.integer("round")
        found = lookups.rounds.get(order) if order is not None else None
        if found is None:
            if "round" not in cells.failed:
                cells.fail(
                    "round",
                    _("ไม่พบรอบการรายงานลำดับที่ %(order)s ในกรอบการประเมินนี้")
                    % {"order": cells.text("round")},
                )
            return
        owner.expectations.append((row, _round_rule(cells, lookups, found)))


def _round_rule(cells: Cells, lookups: _Lookups, round_: ReportingRound) -> RoundExpectationInput:
    """A row of the round sheet: what to report and the round's rule (issue 17 item 3)."""
    word = cells.text("in_force").casefold()
    in_force = word not in FALSE_WORDS
    if word and word not in TRUE_WORDS and word not in FALSE_WORDS:
        cells.fail("in_force", _("ต้องเป็น ใช่ หรือ ไม่ใช่"))
    number = cells.integer("amendment")
    amendment = lookups.amendments.get(number) if number is not None else None
    if number is not None and amendment is None and "amendment" not in cells.failed:
        cells.fail(
            "amendment",
            _("ไม่พบการขอปรับตัวชี้วัดเลขที่ %(number)s ที่สำนักงาน ก.พ.ร. อนุมัติแล้ว") % {"number": number},
        )
    return RoundExpectationInput(
        round_,
        cells.text("expectation"),
        in_force=in_force,
        weight=cells.decimal("weight"),
        reason=cells.text("reason"),
        amendment=amendment,
    )


def _parse(tables: dict[str, list[Row]], lookups: _Lookups, problems: Problems) -> list[_KpiRow]:
    """Every KPI row that can be written (duplicates and approved numbers are reported and left
    out), with its children attached."""
    by_number: dict[str, _KpiRow] = {}
    result: list[_KpiRow] = []
    for row in tables[KPIS.key]:
        parsed = _parse_kpi(row, lookups, problems)
        number = parsed.number
        if number in by_number:
            problems.add(
                KPIS,
                row.number,
                "number",
                _("ลำดับตัวชี้วัด %(number)s ซ้ำกับแถวที่ %(row)s")
                % {"number": number, "row": by_number[number].row},
            )
            continue
        existing = lookups.existing.get(number)
        if existing is not None and existing.state != Kpi.State.DRAFT:
            problems.add(
                KPIS,
                row.number,
                "number",
                _("ตัวชี้วัด %(number)s อนุมัติแล้ว แก้ไขผ่านการนำเข้าไม่ได้") % {"number": number},
            )
        if number:
            by_number[number] = parsed
        result.append(parsed)
    _attach_children(tables, by_number, lookups, problems)
    return [row for row in result if not _is_approved(row, lookups)]


def _is_approved(row: _KpiRow, lookups: _Lookups) -> bool:
    existing = lookups.existing.get(row.number)
    return existing is not None and existing.state != Kpi.State.DRAFT


# Writing -----------------------------------------------------------------------------------


def _in_parent_order(rows: list[_KpiRow], problems: Problems) -> list[_KpiRow]:
    """Parents before their sub-KPIs; a loop of parents is reported."""
    in_file = {row.number for row in rows}
    done: set[str] = set()
    ordered: list[_KpiRow] = []
    pending = list(rows)
    while pending:
        ready = [
            row
            for row in pending
            if not row.parent_number
            or row.parent_number not in in_file
            or row.parent_number in done
            or row.parent_number == row.number
        ]
        if not ready:
            for row in pending:
                problems.add(KPIS, row.row, "parent", _("ตัวชี้วัดหลักอ้างอิงกันเป็นวง"))
            break
        ordered += ready
        done |= {row.number for row in ready}
        taken = {id(row) for row in ready}
        pending = [row for row in pending if id(row) not in taken]
    return ordered


def _resolve_parent(
    row: _KpiRow, saved: dict[str, Kpi | None], lookups: _Lookups, problems: Problems
) -> Kpi | None:
    number = row.parent_number
    if not number:
        return None
    if number == row.number:
        problems.add(KPIS, row.row, "parent", _("ตัวชี้วัดหลักต้องไม่ใช่ตัวชี้วัดนี้เอง"))
    elif number in saved:
        parent = saved[number]
        if parent is not None:
            return parent
        # The parent row has its own problems; complaints about the link would only repeat them.
        problems.suppress(KPIS, row.row, "parent")
    elif number in lookups.existing:
        return lookups.existing[number]
    else:
        problems.add(
            KPIS, row.row, "parent", _("ไม่พบตัวชี้วัดหลักลำดับ “%(number)s”") % {"number": number}
        )
    problems.suppress(KPIS, row.row, "sub_weight")
    return None


def _report(error: ValidationError, row: _KpiRow, problems: Problems) -> None:
    """A service's {field: messages} onto the cells of the workbook."""
    detail = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    children: dict[str, list[int]] = {
        "data_items": [number for number, _item in row.data_items],
        "levels": [number for number, _item in row.levels],
        "baselines": [number for number, _item in row.baselines],
        "round_expectations": [number for number, _item in row.expectations],
        "assessment_points": [number for number, _item in row.points],
    }
    for path, messages in detail.items():
        match = CHILD_PATH.match(path)
        for message in messages:
            if match is not None and match[1] in children:
                spec, rows = CHILD_SHEETS[match[1]], children[match[1]]
                index, key = int(match[2]), match[3]
                if index < len(rows) and key in {c.key for c in spec.columns}:
                    problems.add_from_service(spec, rows[index], key, message)
                    continue
            if children.get(path):
                problems.add_from_service(CHILD_SHEETS[path], children[path][0], "kpi", message)
                continue
            key = path if path in {c.key for c in KPIS.columns} else ""
            problems.add_from_service(KPIS, row.row, key, message)


def _save(
    actor: AbstractBaseUser, row: _KpiRow, parent: Kpi | None, lookups: _Lookups
) -> tuple[Kpi, bool]:
    fields = {**row.fields, "parent": parent}
    if parent is None and row.parent_number:
        fields["sub_weight"] = None
    children: dict[str, Any] = {
        "data_items": [item for _row, item in row.data_items],
        "levels": [item for _row, item in row.levels] if row.scoring_ok else [],
        "baselines": [item for _row, item in row.baselines],
        "round_expectations": [item for _row, item in row.expectations],
        "collectors": row.collectors,
        "lineage": row.lineage,
        "assessment_points": [item for _row, item in row.points],
    }
    existing = lookups.existing.get(row.number)
    if existing is not None:
        return services.kpi_update(actor, existing, fields, **children), False
    return services.kpi_create(actor, lookups.framework, **children, **fields), True


def _write(
    actor: AbstractBaseUser, rows: list[_KpiRow], lookups: _Lookups, problems: Problems
) -> ImportResult:
    result = ImportResult()
    saved: dict[str, Kpi | None] = {}
    for row in _in_parent_order(rows, problems):
        parent = _resolve_parent(row, saved, lookups, problems)
        try:
            kpi, created = _save(actor, row, parent, lookups)
        except ValidationError as error:
            _report(error, row, problems)
            saved[row.number] = None
            continue
        saved[row.number] = kpi
        result.created += created
        result.updated += not created
        result.data_items += len(row.data_items)
        result.levels += len(row.levels)
        result.baselines += len(row.baselines)
        result.round_expectations += len(row.expectations)
        result.assessment_points += len(row.points)
    return result


def import_framework_kpis(
    actor: Actor, framework: Framework, file: IO[bytes], *, filename: str = ""
) -> ImportResult:
    """Import the KPI sheets of a workbook into `framework` as drafts, or nothing at all.

    Coordinator (or administrator) of the framework's department and year only.
    """
    if not isinstance(actor, AbstractBaseUser) or not can_manage_department(
        actor, framework.department, framework.fiscal_year
    ):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่นำเข้าตัวชี้วัดได้"))
    problems = Problems()
    tables = read_workbook(file, problems)
    if tables is None:
        return ImportResult(errors=problems.sorted())
    with transaction.atomic():
        lookups = _Lookups.load(framework)
        rows = _parse(tables, lookups, problems)
        result = _write(actor, rows, lookups, problems)
        if problems:
            transaction.set_rollback(True)
            return ImportResult(errors=problems.sorted())
        audit_log(
            actor,
            "indicators.kpi.imported",
            framework,
            {**result.counts, "numbers": [row.number for row in rows], "filename": filename},
        )
    return result
