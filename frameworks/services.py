"""Writes to a fiscal year's framework (domain §3, §6, §7) and the rules they must keep.

Every write checks that the actor manages the department for that year, validates with Thai
messages, runs in one transaction and writes an audit event. `validate_framework_changes` is
the single statement of the rules: the edit page, the API and `framework_problems` (warnings on
a saved framework) all use it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, ProtectedError, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Department
from accounts.selectors import can_manage_department
from core.audit import audit_log
from core.decimals import display_decimal
from core.fiscal import FiscalYear
from core.numbers import YEAR_MAX, YEAR_MIN
from core.thai import thai_date_short
from core.transitions import Transition, Workflow
from frameworks import scoring
from frameworks.models import Component, Framework, ReportingRound, ResultLevelCut, StepDuration
from frameworks.templates_data import TEMPLATES, FrameworkTemplate, round_dates, shift_years

Actor = AbstractBaseUser | AnonymousUser
HUNDRED = Decimal(100)
MIN_YEAR, MAX_YEAR = YEAR_MIN, YEAR_MAX
MAX_PRECISION = 4
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


# --- Input: the whole editable state of a framework --------------------------------------------


@dataclass(frozen=True)
class FrameworkSettings:
    name_th: str
    basic_score: Decimal
    standard_score: Decimal
    advanced_score: Decimal
    interpolate: bool
    five_level_floor: Decimal
    precision: int


@dataclass(frozen=True)
class ComponentRow:
    code: str
    name_th: str
    weight: Decimal
    name_en: str = ""
    order: int = 0
    pk: int | None = None


@dataclass(frozen=True)
class ResultLevelRow:
    code: str
    label_th: str
    min_total: Decimal
    pk: int | None = None


@dataclass(frozen=True)
class RoundRow:
    name_th: str
    months: int
    period_end: datetime.date
    due_date: datetime.date
    pk: int | None = None


@dataclass(frozen=True)
class FrameworkChanges:
    """What the edit page submits. Rows left out of a list are removed from the framework."""

    settings: FrameworkSettings
    components: tuple[ComponentRow, ...]
    result_levels: tuple[ResultLevelRow, ...]
    rounds: tuple[RoundRow, ...]
    step_days: dict[int, int | None] = field(default_factory=dict)


def framework_changes_of(framework: Framework) -> FrameworkChanges:
    """The saved state of a framework in the edit form's shape (uses prefetched rows)."""
    return FrameworkChanges(
        settings=FrameworkSettings(
            **{f.name: getattr(framework, f.name) for f in fields(FrameworkSettings)}
        ),
        components=tuple(
            ComponentRow(c.code, c.name_th, c.weight, c.name_en, c.order, c.pk)
            for c in framework.components.all()
        ),
        result_levels=tuple(
            ResultLevelRow(cut.code, cut.label_th, cut.min_total, cut.pk)
            for cut in sorted(framework.result_levels.all(), key=lambda cut: -cut.min_total)
        ),
        rounds=tuple(
            RoundRow(r.name_th, r.months, r.period_end, r.due_date, r.pk)
            for r in framework.rounds.all()
        ),
        step_days={step.step: step.days for step in framework.steps.all()},
    )


# --- Validation -----------------------------------------------------------------------------

Errors = dict[str, list[str]]


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _validate_settings(settings: FrameworkSettings, errors: Errors) -> None:
    if not settings.name_th.strip():
        _add(errors, "name_th", _("ต้องระบุชื่อกรอบการประเมิน"))
    scores = [
        ("basic_score", settings.basic_score),
        ("standard_score", settings.standard_score),
        ("advanced_score", settings.advanced_score),
    ]
    for key, value in scores:
        if value < 0:
            _add(errors, key, _("คะแนนต้องไม่ติดลบ"))
    # Domain §6: ขั้นต้น < มาตรฐาน < ขั้นสูง, each level earns more than the one below.
    if settings.standard_score <= settings.basic_score:
        _add(errors, "standard_score", _("คะแนนมาตรฐานต้องมากกว่าคะแนนขั้นต้น"))
    if settings.advanced_score <= settings.standard_score:
        _add(errors, "advanced_score", _("คะแนนขั้นสูงต้องมากกว่าคะแนนมาตรฐาน"))
    # The floor is what a five-level KPI earns short of level 1, whose score is 1.
    if settings.five_level_floor < 0:
        _add(errors, "five_level_floor", _("คะแนนต่ำสุดต้องไม่ติดลบ"))
    elif settings.five_level_floor >= 1:
        _add(errors, "five_level_floor", _("คะแนนต่ำสุดต้องน้อยกว่า 1 (คะแนนของระดับ 1)"))
    if not 0 <= settings.precision <= MAX_PRECISION:
        _add(errors, "precision", _("ทศนิยมของคะแนนรวมต้องอยู่ระหว่าง 0 ถึง 4 ตำแหน่ง"))


def _validate_code(errors: Errors, key: str, code: str, seen: set[str]) -> None:
    if not code:
        _add(errors, key, _("ต้องระบุรหัส"))
    elif not SLUG.match(code):
        _add(errors, key, _("รหัสใช้ได้เฉพาะอักษรภาษาอังกฤษ ตัวเลข - และ _"))
    elif code in seen:
        _add(errors, key, _("รหัส “%(code)s” ซ้ำกัน") % {"code": code})
    seen.add(code)


def _validate_components(rows: Sequence[ComponentRow], errors: Errors) -> None:
    if not rows:
        _add(errors, "components", _("ต้องมีองค์ประกอบอย่างน้อย 1 องค์ประกอบ"))
        return
    seen: set[str] = set()
    for i, row in enumerate(rows):
        _validate_code(errors, f"components.{i}.code", row.code, seen)
        if not row.name_th.strip():
            _add(errors, f"components.{i}.name_th", _("ต้องระบุชื่อองค์ประกอบ"))
        if row.weight <= 0:
            _add(errors, f"components.{i}.weight", _("น้ำหนักต้องมากกว่า 0"))
    # Domain §6: each KPI's weight is a share of 100, so the components must share exactly 100.
    total = sum((row.weight for row in rows), Decimal(0))
    if total != HUNDRED:
        _add(
            errors,
            "components",
            _("น้ำหนักองค์ประกอบรวมกันต้องเท่ากับ 100 (ขณะนี้ %(total)s)")
            % {"total": display_decimal(total, 2)},
        )


def _validate_result_levels(rows: Sequence[ResultLevelRow], errors: Errors) -> None:
    levels = [scoring.ResultLevel(row.code, row.label_th, row.min_total) for row in rows]
    fields = {"code": "code", "label": "label_th", "min_total": "min_total"}
    flagged: set[int] = set()
    for problem in scoring.validate_result_levels(levels):
        match = re.fullmatch(r"levels\[(\d+)\]\.(\w+)", problem.field)
        if match is None:
            _add(errors, "result_levels", problem.message)
            continue
        index = int(match.group(1))
        _add(errors, f"result_levels.{index}.{fields[match.group(2)]}", problem.message)
        if match.group(2) == "min_total":
            flagged.add(index)
    for i, row in enumerate(rows):
        if row.code and not SLUG.match(row.code):
            _add(errors, f"result_levels.{i}.code", _("รหัสใช้ได้เฉพาะอักษรภาษาอังกฤษ ตัวเลข - และ _"))
        # Listed from the best level down, each cut-off below the one before (domain §6).
        if i > 0 and i not in flagged and row.min_total >= rows[i - 1].min_total:
            _add(
                errors,
                f"result_levels.{i}.min_total",
                _("เกณฑ์คะแนนต้องเรียงจากมากไปน้อย: ต้องน้อยกว่า %(previous)s ของระดับก่อนหน้า")
                % {"previous": display_decimal(rows[i - 1].min_total, 2)},
            )


def _validate_rounds(rows: Sequence[RoundRow], fiscal_year: int, errors: Errors) -> None:
    if not rows:
        _add(errors, "rounds", _("ต้องมีรอบการรายงานอย่างน้อย 1 รอบ"))
        return
    year = FiscalYear(fiscal_year)
    months_seen: set[int] = set()
    for i, row in enumerate(rows):
        if not row.name_th.strip():
            _add(errors, f"rounds.{i}.name_th", _("ต้องระบุชื่อรอบ"))
        if not 1 <= row.months <= 12:
            _add(errors, f"rounds.{i}.months", _("จำนวนเดือนต้องอยู่ระหว่าง 1 ถึง 12"))
        elif row.months in months_seen:
            _add(
                errors, f"rounds.{i}.months", _("มีรอบ %(months)s เดือนซ้ำกัน") % {"months": row.months}
            )
        months_seen.add(row.months)
        if row.period_end not in year:
            _add(
                errors,
                f"rounds.{i}.period_end",
                _("วันสิ้นสุดรอบต้องอยู่ในปีงบประมาณ %(year)s (%(start)s – %(end)s)")
                % {
                    "year": fiscal_year,
                    "start": thai_date_short(year.start),
                    "end": thai_date_short(year.end),
                },
            )
        if row.due_date < row.period_end:
            _add(
                errors,
                f"rounds.{i}.due_date",
                _("กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ (%(end)s)")
                % {"end": thai_date_short(row.period_end)},
            )


def _validate_steps(step_days: dict[int, int | None], errors: Errors) -> None:
    for step, days in step_days.items():
        if step not in StepDuration.Step.values:
            _add(errors, "steps", _("ไม่รู้จักขั้นตอนที่ %(step)s") % {"step": step})
        elif days is not None and not 1 <= days <= 365:
            _add(errors, f"steps.{step}", _("ระยะเวลาต้องอยู่ระหว่าง 1 ถึง 365 วัน หรือเว้นว่าง"))


def validate_framework_changes(fiscal_year: int, changes: FrameworkChanges) -> Errors:
    """Every problem with `changes`, keyed "field", "section" or "section.index.field"."""
    errors: Errors = {}
    _validate_settings(changes.settings, errors)
    _validate_components(changes.components, errors)
    _validate_result_levels(changes.result_levels, errors)
    _validate_rounds(changes.rounds, fiscal_year, errors)
    _validate_steps(changes.step_days, errors)
    return errors


SECTION_LABELS = {
    "components": gettext_lazy("องค์ประกอบ"),
    "result_levels": gettext_lazy("ระดับผลการประเมิน"),
    "rounds": gettext_lazy("รอบการรายงาน"),
    "steps": gettext_lazy("ระยะเวลาขั้นตอน"),
}


def framework_problems(framework: Framework) -> list[str]:
    """Problems of a saved framework, as warnings for its page (prefetch its rows first)."""
    changes = framework_changes_of(framework)
    problems: list[str] = []
    for key, messages in validate_framework_changes(framework.fiscal_year, changes).items():
        section, _dot, rest = key.partition(".")
        label = str(SECTION_LABELS.get(section, gettext_lazy("การตั้งค่า")))
        if rest:
            index = rest.partition(".")[0]
            label = _("%(section)s แถวที่ %(row)s") % {
                "section": label,
                "row": int(index) + 1 if index.isdigit() else index,
            }
        problems.extend(f"{label}: {message}" for message in messages)
    if changes.rounds and not any(row.months >= 12 for row in changes.rounds):
        problems.append(_("รอบการรายงาน: ยังไม่มีรอบ 12 เดือน (รอบสุดท้ายที่นับตัวชี้วัดที่ไม่มีผลเป็นศูนย์)"))
    return problems


# --- Permission -----------------------------------------------------------------------------


def require_manager(actor: Actor, department: Department, fiscal_year: int) -> None:
    if not can_manage_department(actor, department, fiscal_year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานหรือผู้ดูแลระบบของส่วนราชการนี้เท่านั้น"))


def _check_new_year(department: Department, fiscal_year: int) -> None:
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise ValidationError({"fiscal_year": _("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569")})
    if Framework.objects.filter(department=department, fiscal_year=fiscal_year).exists():
        raise ValidationError(
            {
                "fiscal_year": _("ส่วนราชการนี้มีกรอบการประเมินปีงบประมาณ %(year)s แล้ว")
                % {"year": fiscal_year}
            }
        )


# --- Create, copy ---------------------------------------------------------------------------


def changes_from_template(spec: FrameworkTemplate, fiscal_year: int) -> FrameworkChanges:
    """A shipped template as a framework's contents for the year (rounds get real dates)."""
    basic, standard, advanced = spec.level_scores
    return FrameworkChanges(
        settings=FrameworkSettings(
            spec.name_for(fiscal_year),
            basic,
            standard,
            advanced,
            spec.interpolate,
            spec.five_level_floor,
            spec.precision,
        ),
        components=tuple(
            ComponentRow(c.code, c.name_th, c.weight, c.name_en, order)
            for order, c in enumerate(spec.components, start=1)
        ),
        result_levels=tuple(
            ResultLevelRow(r.code, r.label, r.min_total) for r in spec.result_levels
        ),
        rounds=tuple(
            RoundRow(r.name_th, r.months, *round_dates(fiscal_year, r.months)) for r in spec.rounds
        ),
        step_days=dict(enumerate(spec.step_days, start=1)),
    )


def _changes_copied(source: Framework, fiscal_year: int) -> FrameworkChanges:
    saved = framework_changes_of(source)
    shift = fiscal_year - source.fiscal_year
    name = saved.settings.name_th.replace(str(source.fiscal_year), str(fiscal_year))
    return FrameworkChanges(
        settings=replace(saved.settings, name_th=name),
        components=tuple(replace(row, pk=None) for row in saved.components),
        result_levels=tuple(replace(row, pk=None) for row in saved.result_levels),
        rounds=tuple(
            replace(
                row,
                pk=None,
                period_end=shift_years(row.period_end, shift),
                due_date=shift_years(row.due_date, shift),
            )
            for row in saved.rounds
        ),
        step_days=saved.step_days,
    )


def create_framework_rows(
    department: Department, fiscal_year: int, template: str, changes: FrameworkChanges
) -> Framework:
    """Insert a framework and its rows as given (callers check permission and validity)."""
    try:
        with transaction.atomic():
            framework = Framework.objects.create(
                department=department,
                fiscal_year=fiscal_year,
                template=template,
                **asdict(changes.settings),
            )
    except IntegrityError as error:  # another coordinator created it a moment ago
        raise ValidationError(
            {"fiscal_year": _("ส่วนราชการนี้มีกรอบการประเมินปีงบประมาณนี้แล้ว")}
        ) from error
    Component.objects.bulk_create(
        Component(
            framework=framework,
            order=c.order or order,
            code=c.code,
            name_th=c.name_th,
            name_en=c.name_en,
            weight=c.weight,
        )
        for order, c in enumerate(changes.components, start=1)
    )
    ResultLevelCut.objects.bulk_create(
        ResultLevelCut(framework=framework, code=r.code, label_th=r.label_th, min_total=r.min_total)
        for r in changes.result_levels
    )
    ReportingRound.objects.bulk_create(
        ReportingRound(
            framework=framework,
            order=order,
            name_th=r.name_th,
            months=r.months,
            period_end=r.period_end,
            due_date=r.due_date,
        )
        for order, r in enumerate(changes.rounds, start=1)
    )
    StepDuration.objects.bulk_create(
        StepDuration(framework=framework, step=step, days=days)
        for step, days in changes.step_days.items()
    )
    return framework


def framework_create_from_template(
    actor: Actor, *, department: Department, fiscal_year: int, template: str, name_th: str = ""
) -> Framework:
    """A new draft framework for the year from a shipped template (domain §3)."""
    require_manager(actor, department, fiscal_year)
    spec = TEMPLATES.get(template)
    if spec is None:
        raise ValidationError({"source": _("ไม่รู้จักแม่แบบนี้")})
    _check_new_year(department, fiscal_year)
    changes = changes_from_template(spec, fiscal_year)
    if name_th.strip():
        changes = replace(changes, settings=replace(changes.settings, name_th=name_th.strip()))
    with transaction.atomic():
        framework = create_framework_rows(department, fiscal_year, spec.key, changes)
        audit_log(
            actor,
            "frameworks.framework.created",
            framework,
            {"department": department.code, "fiscal_year": fiscal_year, "template": spec.key},
        )
    return framework


def framework_copy(
    actor: Actor, source: Framework, *, fiscal_year: int, name_th: str = ""
) -> Framework:
    """A new draft framework for `fiscal_year` copied from an earlier year's (domain §3).

    Components, level scores, cut-offs, rounds (dates moved by the years between) and step
    durations are copied. KPI sheets are not: carrying KPIs over is the indicators app's job,
    since it versions them and links them to the new components.
    """
    department = source.department
    require_manager(actor, department, fiscal_year)
    if source.fiscal_year >= fiscal_year:
        raise ValidationError({"source": _("คัดลอกได้เฉพาะจากกรอบการประเมินของปีก่อนหน้า")})
    _check_new_year(department, fiscal_year)
    changes = _changes_copied(source, fiscal_year)
    if name_th.strip():
        changes = replace(changes, settings=replace(changes.settings, name_th=name_th.strip()))
    with transaction.atomic():
        framework = create_framework_rows(department, fiscal_year, source.template, changes)
        audit_log(
            actor,
            "frameworks.framework.copied",
            framework,
            {"source": source.pk, "from_year": source.fiscal_year, "fiscal_year": fiscal_year},
        )
    return framework


# --- Update ---------------------------------------------------------------------------------


def _replace_rows(
    framework: Framework, model: Any, rows: Sequence[Any], label: str, build: Any
) -> None:
    """Delete the rows left out, update the kept ones, create the new ones (in that order)."""
    kept = {row.pk for row in rows if row.pk is not None}
    existing = {obj.pk: obj for obj in model.objects.filter(framework=framework)}
    if kept - existing.keys():
        raise ValidationError(_("ข้อมูล%(label)sไม่ตรงกับกรอบการประเมินนี้") % {"label": label})
    try:
        model.objects.filter(framework=framework).exclude(pk__in=kept).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("ลบ%(label)sบางรายการไม่ได้ เพราะมีข้อมูลอื่นอ้างถึงอยู่") % {"label": label}
        ) from error
    if model is Component:
        # Free the codes first so two components can swap codes under the unique constraint.
        # "~" cannot appear in a code, so the temporary one never clashes with a real one.
        Component.objects.filter(pk__in=kept).update(
            code=Concat(Value("~"), Cast("pk", output_field=CharField()))
        )
    for order, row in enumerate(rows, start=1):
        values = build(row, order)
        if row.pk is None:
            model.objects.create(framework=framework, **values)
        else:
            model.objects.filter(pk=row.pk).update(**values)


def _check_removed_components(framework: Framework, rows: Sequence[ComponentRow]) -> None:
    kept = {row.pk for row in rows if row.pk is not None}
    used = (
        Component.objects.filter(framework=framework)
        .exclude(pk__in=kept)
        .annotate(kpi_count=Count("kpis"))
        .filter(kpi_count__gt=0)
    )
    messages = [
        _("ลบองค์ประกอบ “%(name)s” ไม่ได้ เพราะมีตัวชี้วัด %(count)s ตัว")
        % {"name": c.name_th, "count": c.kpi_count}
        for c in used
    ]
    if messages:
        raise ValidationError({"components": messages})


def framework_update(
    actor: Actor, framework: Framework, changes: FrameworkChanges, *, expected_version: int
) -> Framework:
    """Save the whole editable state of a draft framework, or change nothing and raise.

    `expected_version` is the version the editor loaded: a save over someone else's newer
    change is refused, never silently overwritten (style.md).
    """
    require_manager(actor, framework.department, framework.fiscal_year)
    if framework.state != Framework.State.DRAFT:
        raise ValidationError(_("กรอบการประเมินที่ใช้งานแล้วแก้ไขไม่ได้ ให้เปลี่ยนกลับเป็นร่างก่อนแก้ไข"))
    errors = validate_framework_changes(framework.fiscal_year, changes)
    if errors:
        raise ValidationError(errors)
    before = framework_changes_of(framework)
    s = changes.settings
    with transaction.atomic():
        updated = Framework.objects.filter(
            pk=framework.pk, version=expected_version, state=Framework.State.DRAFT
        ).update(
            **asdict(replace(s, name_th=s.name_th.strip())),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise ValidationError(_("กรอบการประเมินนี้ถูกแก้ไขโดยผู้อื่นไปแล้ว กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"))
        _check_removed_components(framework, changes.components)
        _replace_rows(
            framework,
            Component,
            changes.components,
            _("องค์ประกอบ"),
            lambda row, order: {
                "order": row.order or order,
                "code": row.code,
                "name_th": row.name_th.strip(),
                "name_en": row.name_en.strip(),
                "weight": row.weight,
            },
        )
        _replace_rows(
            framework,
            ResultLevelCut,
            changes.result_levels,
            _("ระดับผลการประเมิน"),
            lambda row, order: {
                "code": row.code,
                "label_th": row.label_th.strip(),
                "min_total": row.min_total,
            },
        )
        rounds = sorted(changes.rounds, key=lambda row: (row.months, row.period_end))
        _replace_rows(
            framework,
            ReportingRound,
            rounds,
            _("รอบการรายงาน"),
            lambda row, order: {
                "order": order,
                "name_th": row.name_th.strip(),
                "months": row.months,
                "period_end": row.period_end,
                "due_date": row.due_date,
            },
        )
        for step, days in changes.step_days.items():
            StepDuration.objects.update_or_create(
                framework=framework, step=step, defaults={"days": days}
            )
        framework.refresh_from_db()
        after = framework_changes_of(framework)
        audit_log(actor, "frameworks.framework.updated", framework, _diff(before, after))
    return framework


def _diff(before: FrameworkChanges, after: FrameworkChanges) -> dict[str, Any]:
    """The sections that changed, before and after, for the audit trail."""
    old, new = asdict(before), asdict(after)
    return {key: {"before": old[key], "after": new[key]} for key in new if old[key] != new[key]}


# --- State ----------------------------------------------------------------------------------


def _may_manage(actor: Actor, framework: Framework) -> bool:
    return can_manage_department(actor, framework.department, framework.fiscal_year)


FRAMEWORK_WORKFLOW = Workflow(
    transitions=(
        Transition("draft", "active", "frameworks.framework.activated", _may_manage, "ใช้งาน"),
        Transition("active", "draft", "frameworks.framework.reopened", _may_manage, "กลับเป็นร่าง"),
    )
)


def framework_activate(actor: Actor, framework: Framework) -> Framework:
    """Put a draft framework in use; only one without problems can be (domain §3)."""
    require_manager(actor, framework.department, framework.fiscal_year)
    problems = framework_problems(framework)
    if problems:
        raise ValidationError(problems)
    return FRAMEWORK_WORKFLOW.apply(framework, Framework.State.ACTIVE, actor)


def framework_reopen(actor: Actor, framework: Framework) -> Framework:
    """Back to draft so the coordinator can correct it (e.g. after OPDC changes a weight)."""
    require_manager(actor, framework.department, framework.fiscal_year)
    return FRAMEWORK_WORKFLOW.apply(framework, Framework.State.DRAFT, actor)
