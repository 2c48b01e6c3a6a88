"""Every change to a KPI sheet (domain §5; style.md "Versions are rows").

A draft is edited in place. An approved version is never edited: `kpi_new_version` copies it and
its children into the next version as a draft, and approving that draft supersedes the older
version in the same transaction. Each function checks permission (PermissionDenied), validates
(ValidationError, a dict per field, Thai), runs atomically and writes an audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person
from core import indexing
from core.audit import audit_log
from core.decimals import display_decimal
from core.transitions import Transition, Workflow
from frameworks.models import Framework, PlanItem
from indicators.criteria import scored_by_points
from indicators.locks import require_unlocked
from indicators.models import (
    AssessmentPoint,
    Baseline,
    DataItem,
    Kpi,
    RoundExpectation,
    TargetLevel,
)
from indicators.selectors import (
    KpiPermissions,
    agreed_terms_permissions,
    kpi_sort_key,
    permissions_for,
)
from indicators.validation import (
    EDITABLE_FIELDS,
    AssessmentPointInput,
    BaselineInput,
    DataItemInput,
    LevelInput,
    RoundExpectationInput,
    SheetInput,
    stored_points,
    validate_sheet,
)

# The input shapes are part of the services' signatures: callers import them from here.
__all__ = [
    "AssessmentPointInput",
    "BaselineInput",
    "DataItemInput",
    "LevelInput",
    "RoundExpectationInput",
    "framework_weight_problems",
    "kpi_approve",
    "kpi_create",
    "kpi_delete_draft",
    "kpi_new_version",
    "kpi_update",
]


def _is_manager(actor: AbstractBaseUser | AnonymousUser, kpi: Any) -> bool:
    return permissions_for(actor, kpi.framework).can_manage


KPI_WORKFLOW = Workflow(
    transitions=(
        Transition("draft", "approved", "indicators.kpi.approved", _is_manager, "อนุมัติ"),
        Transition(
            "approved", "superseded", "indicators.kpi.superseded", _is_manager, "แทนที่ด้วยฉบับใหม่"
        ),
    ),
    version_field="revision",
)


def _permissions(actor: AbstractBaseUser, framework: Framework, agreed: bool) -> KpiPermissions:
    """`agreed`: the write is the negotiation's agreed set, recorded by OPDC's evaluator."""
    if agreed:
        return agreed_terms_permissions(actor, framework)
    return permissions_for(actor, framework)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable KPI fields: {sorted(unknown)}")


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# The code of the error a stale `revision` raises: callers (the API's 409) test the code, never
# the (translated) message.
STALE_REVISION = "stale_revision"


def _changed_by_other() -> ValidationError:
    return ValidationError(
        _("ตัวชี้วัดนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"), code=STALE_REVISION
    )


def _lock(kpi: Kpi) -> Kpi:
    return Kpi.objects.select_for_update().select_related("framework__department").get(pk=kpi.pk)


# Children ------------------------------------------------------------------------------------


def _replace_children(
    kpi: Kpi,
    *,
    data_items: Sequence[DataItemInput] | None,
    levels: Sequence[LevelInput] | None,
    baselines: Sequence[BaselineInput] | None,
    round_expectations: Sequence[RoundExpectationInput] | None,
    collectors: Iterable[Person] | None,
    lineage: Iterable[PlanItem] | None,
    assessment_points: Sequence[AssessmentPointInput] | None = None,
) -> None:
    """Replace the children given (None leaves that kind as it is)."""
    if data_items is not None:
        kpi.data_items.all().delete()
        DataItem.objects.bulk_create(
            DataItem(kpi=kpi, order=i, code=d.code.strip(), name_th=d.name_th, unit=d.unit)
            for i, d in enumerate(data_items, 1)
        )
    if levels is not None:
        kpi.levels.all().delete()
        TargetLevel.objects.bulk_create(
            TargetLevel(
                kpi=kpi,
                order=i,
                label=level.label,
                target=level.target,
                score=level.score,
                description=level.description,
                evidence=level.evidence,
            )
            for i, level in enumerate(levels, 1)
        )
    if baselines is not None:
        kpi.baselines.all().delete()
        Baseline.objects.bulk_create(
            Baseline(kpi=kpi, fiscal_year=b.fiscal_year, value=b.value, note=b.note)
            for b in baselines
        )
    if round_expectations is not None:
        kpi.round_expectations.all().delete()
        RoundExpectation.objects.bulk_create(
            RoundExpectation(
                kpi=kpi,
                round=r.round,
                expectation=r.expectation,
                in_force=r.in_force,
                weight=r.weight,
                reason=r.reason,
                amendment=r.amendment,
            )
            for r in round_expectations
        )
    if collectors is not None:
        kpi.collectors.set(list(collectors))
    if lineage is not None:
        kpi.lineage.set(list(lineage))
    if assessment_points is not None:
        kpi.assessment_points.all().delete()
        AssessmentPoint.objects.bulk_create(
            AssessmentPoint(
                kpi=kpi,
                order=i,
                name_th=p.name_th.strip(),
                unit=p.unit.strip(),
                weight=p.weight,
                criteria=[{"target": str(t), "score": str(s)} for t, s in p.criteria],
            )
            for i, p in enumerate(assessment_points, 1)
        )


def _stored_sheet(kpi: Kpi) -> SheetInput:
    """The sheet as stored, in the shape the validator reads."""
    return SheetInput(
        fields={name: getattr(kpi, name) for name in EDITABLE_FIELDS},
        data_items=[DataItemInput(d.code, d.name_th, d.unit) for d in kpi.data_items.all()],
        levels=[
            LevelInput(lv.target, lv.score, lv.label, lv.description, lv.evidence)
            for lv in kpi.levels.all()
        ],
        baselines=[BaselineInput(b.fiscal_year, b.value, b.note) for b in kpi.baselines.all()],
        round_expectations=[
            RoundExpectationInput(
                r.round, r.expectation, r.in_force, r.weight, r.reason, r.amendment
            )
            for r in kpi.round_expectations.select_related("round", "amendment__kpi")
        ],
        collectors=list(kpi.collectors.all()),
        lineage=list(kpi.lineage.all()),
        assessment_points=stored_points(kpi),
    )


def _audit_data(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: str(getattr(value, "pk", value)) for name, value in sorted(fields.items())}


# Services ------------------------------------------------------------------------------------


def kpi_create(
    actor: AbstractBaseUser,
    framework: Framework,
    *,
    data_items: Sequence[DataItemInput] = (),
    levels: Sequence[LevelInput] = (),
    baselines: Sequence[BaselineInput] = (),
    round_expectations: Sequence[RoundExpectationInput] = (),
    collectors: Iterable[Person] = (),
    lineage: Iterable[PlanItem] = (),
    agreed: bool = False,
    assessment_points: Sequence[AssessmentPointInput] | None = (),
    **fields: Any,
) -> Kpi:
    """A new KPI sheet: draft version 1 of a new key. Coordinator of the framework's department
    and year only (domain §7 step 1: the coordinator drafts the KPIs); with `agreed`, a KPI OPDC
    added in the negotiation, written by the assigned evaluator with the agreed summary."""
    _check_fields(fields)
    permissions = _permissions(actor, framework, agreed)
    if not permissions.can_manage:
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่เพิ่มตัวชี้วัดได้"))
    require_unlocked(framework)
    sheet = SheetInput(
        fields={"interpolate": framework.interpolate, **fields},
        data_items=list(data_items),
        levels=list(levels),
        baselines=list(baselines),
        round_expectations=list(round_expectations),
        collectors=list(collectors),
        lineage=list(lineage),
        assessment_points=list(assessment_points or ()),
    )
    with transaction.atomic():
        _raise_if(validate_sheet(framework, sheet, kpi=None, permissions=permissions))
        kpi = Kpi.objects.create(
            framework=framework,
            version=1,
            state=Kpi.State.DRAFT,
            is_latest=True,
            created_by_id=actor.pk,
            **sheet.fields,
        )
        _replace_children(
            kpi,
            data_items=sheet.data_items,
            levels=sheet.levels,
            baselines=sheet.baselines,
            round_expectations=sheet.round_expectations,
            collectors=sheet.collectors,
            lineage=sheet.lineage,
            assessment_points=sheet.assessment_points,
        )
        indexing.refresh(indexing.KPI, [kpi.pk])
        audit_log(actor, "indicators.kpi.created", kpi, {"version": 1, **_audit_data(fields)})
    return kpi


def _check_editable(actor: AbstractBaseUser, kpi: Kpi, agreed: bool = False) -> KpiPermissions:
    permissions = _permissions(actor, kpi.framework, agreed)
    if not permissions.may_edit_content(kpi):
        raise PermissionDenied(_("ท่านแก้ไขได้เฉพาะตัวชี้วัดที่หน่วยงานของท่านรับผิดชอบ (หรือในฐานะผู้ประสานงาน)"))
    if kpi.state != Kpi.State.DRAFT:
        raise ValidationError(_("ตัวชี้วัดที่อนุมัติแล้วแก้ไขไม่ได้ กรุณาสร้างฉบับใหม่"))
    return permissions


def kpi_update(
    actor: AbstractBaseUser,
    kpi: Kpi,
    fields: dict[str, Any] | None = None,
    data_items: Sequence[DataItemInput] | None = None,
    levels: Sequence[LevelInput] | None = None,
    baselines: Sequence[BaselineInput] | None = None,
    round_expectations: Sequence[RoundExpectationInput] | None = None,
    collectors: Iterable[Person] | None = None,
    lineage: Iterable[PlanItem] | None = None,
    *,
    revision: int | None = None,
    agreed: bool = False,
    assessment_points: Sequence[AssessmentPointInput] | None = None,
) -> Kpi:
    """Change a draft sheet; None leaves that part as it is. The coordinator edits any draft of
    the department; a division's KPI owner only drafts their unit is responsible for; with
    `agreed`, the assigned evaluator writes the agreed terms with the agreed summary.

    `revision` is the counter the editor saw: a sheet changed since then is refused (a lost
    race is a clear error, never a silent overwrite)."""
    fields = dict(fields or {})
    _check_fields(fields)
    with transaction.atomic():
        locked = _lock(kpi)
        permissions = _check_editable(actor, locked, agreed)
        if revision is not None and revision != locked.revision:
            raise _changed_by_other()
        stored = _stored_sheet(locked)
        sheet = SheetInput(
            fields={**stored.fields, **fields},
            data_items=stored.data_items if data_items is None else list(data_items),
            levels=stored.levels if levels is None else list(levels),
            baselines=stored.baselines if baselines is None else list(baselines),
            round_expectations=(
                stored.round_expectations
                if round_expectations is None
                else list(round_expectations)
            ),
            collectors=stored.collectors if collectors is None else list(collectors),
            lineage=stored.lineage if lineage is None else list(lineage),
            assessment_points=(
                stored.assessment_points if assessment_points is None else list(assessment_points)
            ),
        )
        _raise_if(validate_sheet(locked.framework, sheet, kpi=locked, permissions=permissions))
        for name, value in sheet.fields.items():
            setattr(locked, name, value)
        locked.revision += 1
        locked.save()
        _replace_children(
            locked,
            data_items=data_items,
            levels=levels,
            baselines=baselines,
            round_expectations=round_expectations,
            collectors=collectors,
            lineage=lineage,
            assessment_points=assessment_points,
        )
        children = [
            name
            for name, value in [
                ("data_items", data_items),
                ("levels", levels),
                ("baselines", baselines),
                ("round_expectations", round_expectations),
                ("collectors", collectors),
                ("lineage", lineage),
                ("assessment_points", assessment_points),
            ]
            if value is not None
        ]
        indexing.refresh(indexing.KPI, [locked.pk])
        audit_log(
            actor,
            "indicators.kpi.updated",
            locked,
            {"version": locked.version, "children": children, **_audit_data(fields)},
        )
    return locked


def kpi_approve(actor: AbstractBaseUser, kpi: Kpi, *, revision: int | None = None) -> Kpi:
    """Approve a draft (coordinator). The version in force before it, if any, is superseded in
    the same transaction: scoring always uses the version in force (domain §7)."""
    with transaction.atomic():
        locked = _lock(kpi)
        permissions = permissions_for(actor, locked.framework)
        if not permissions.can_manage:
            raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่อนุมัติตัวชี้วัดได้"))
        if locked.state != Kpi.State.DRAFT:
            raise ValidationError(_("ตัวชี้วัดฉบับนี้ไม่ใช่ฉบับร่าง จึงอนุมัติไม่ได้"))
        if revision is not None and revision != locked.revision:
            raise _changed_by_other()
        errors = validate_sheet(
            locked.framework, _stored_sheet(locked), kpi=locked, permissions=permissions, full=True
        )
        if errors:
            messages = [message for field in errors.values() for message in field]
            raise ValidationError([_("ยังอนุมัติไม่ได้ กรุณาแก้ไขรายละเอียดตัวชี้วัดให้ครบถ้วนก่อน"), *messages])
        previous = list(
            Kpi.objects.select_for_update()
            .filter(key=locked.key, state=Kpi.State.APPROVED)
            .exclude(pk=locked.pk)
        )
        KPI_WORKFLOW.apply(
            locked,
            Kpi.State.APPROVED,
            actor,
            changes={"approved_at": timezone.now()},
            data={"version": locked.version},
        )
        for old in previous:
            KPI_WORKFLOW.apply(
                old, Kpi.State.SUPERSEDED, actor, data={"by_version": locked.version}
            )
    return locked


def kpi_new_version(actor: AbstractBaseUser, kpi: Kpi, *, amendment: bool = False) -> Kpi:
    """Start an amendment: copy the latest approved version and all its children into the next
    version as a draft. The approved version stays in force until the new one is approved.

    Once the framework's agreement is signed, only an approved amendment (`amendment=True`,
    passed by the agreements app) may open a new version (domain §7)."""
    with transaction.atomic():
        locked = _lock(kpi)
        if not permissions_for(actor, locked.framework).can_manage:
            raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่สร้างฉบับใหม่ได้"))
        if not amendment:
            require_unlocked(locked.framework)
        latest = Kpi.objects.select_for_update().get(key=locked.key, is_latest=True)
        if latest.state == Kpi.State.DRAFT:
            raise ValidationError(
                _("มีฉบับร่าง (ฉบับที่ %(version)s) ของตัวชี้วัดนี้อยู่แล้ว แก้ไขฉบับร่างนั้นแทน")
                % {"version": latest.version}
            )
        if latest.pk != locked.pk or locked.state != Kpi.State.APPROVED:
            raise ValidationError(_("สร้างฉบับใหม่ได้จากฉบับล่าสุดที่อนุมัติแล้วเท่านั้น"))
        stored = _stored_sheet(locked)
        Kpi.objects.filter(pk=locked.pk).update(is_latest=False)
        new = Kpi.objects.create(
            key=locked.key,
            framework=locked.framework,
            version=locked.version + 1,
            state=Kpi.State.DRAFT,
            is_latest=True,
            created_by_id=actor.pk,
            **stored.fields,
        )
        _replace_children(
            new,
            data_items=stored.data_items,
            levels=stored.levels,
            baselines=stored.baselines,
            round_expectations=stored.round_expectations,
            collectors=stored.collectors,
            lineage=stored.lineage,
            assessment_points=stored.assessment_points,
        )
        indexing.refresh(indexing.KPI, [new.pk])
        audit_log(
            actor,
            "indicators.kpi.new_version",
            new,
            {"version": new.version, "from_version": locked.version, "from_id": locked.pk},
        )
    return new


def kpi_delete_draft(actor: AbstractBaseUser, kpi: Kpi, *, agreed: bool = False) -> None:
    """Delete a sheet that was never approved (draft version 1). Coordinator only; with
    `agreed`, a KPI dropped in the negotiation, by the evaluator recording the agreed summary."""
    with transaction.atomic():
        locked = _lock(kpi)
        if not _permissions(actor, locked.framework, agreed).can_manage:
            raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่ลบตัวชี้วัดได้"))
        if locked.state != Kpi.State.DRAFT or locked.version != 1 or locked.approved_at:
            raise ValidationError(_("ลบได้เฉพาะตัวชี้วัดฉบับร่างที่ยังไม่เคยอนุมัติเท่านั้น"))
        if Kpi.objects.filter(parent__key=locked.key).exists():
            raise ValidationError(_("ลบไม่ได้ เพราะมีตัวชี้วัดย่อยอยู่ภายใต้ตัวชี้วัดนี้"))
        audit_log(
            actor,
            "indicators.kpi.deleted",
            locked,
            {"number": locked.number, "name_th": locked.name_th, "key": str(locked.key)},
        )
        indexing.remove(indexing.KPI, [locked.pk])
        locked.delete()


# Weight checks -------------------------------------------------------------------------------

HUNDRED = Decimal(100)


def framework_weight_problems(framework: Framework, kpis: Sequence[Kpi] | None = None) -> list[str]:
    """Weight sums that do not add up (domain §3, §6), as Thai warnings.

    For each component, the latest top-level KPIs' weights must add up to the component weight.
    Sub-KPI weights (`sub_weight`) are shares of their parent and must add up to 100 within each
    parent: composite scoring divides by their sum anyway, but a sheet whose shares do not add
    up to 100 reads wrongly. `kpis` may be the already-loaded latest KPIs (with `parent`).
    """
    if kpis is None:
        kpis = list(
            Kpi.objects.filter(framework=framework, is_latest=True).select_related(
                "component", "parent"
            )
        )
    problems: list[str] = []
    for component in framework.components.all():
        total = sum(
            (k.weight for k in kpis if k.component_id == component.pk and k.parent_id is None),
            Decimal(0),
        )
        if total != component.weight:
            problems.append(
                _(
                    "องค์ประกอบ %(component)s: น้ำหนักตัวชี้วัดรวม %(total)s "
                    "ไม่เท่ากับน้ำหนักองค์ประกอบ %(weight)s"
                )
                % {
                    "component": component.name_en or component.name_th,
                    "total": display_decimal(total, 2),
                    "weight": display_decimal(component.weight, 2),
                }
            )
    subs: dict[Any, list[Kpi]] = {}
    for kpi in kpis:
        if kpi.parent is not None:
            subs.setdefault(kpi.parent.key, []).append(kpi)
    for parent in sorted((k for k in kpis if k.parent_id is None), key=kpi_sort_key):
        children = subs.get(parent.key, [])
        if not children:
            # A composite KPI scored by its weighted assessment points needs no sub-KPIs.
            if parent.method == "composite" and not scored_by_points(parent):
                problems.append(
                    _("ตัวชี้วัด %(number)s ให้คะแนนจากตัวชี้วัดย่อย แต่ยังไม่มีตัวชี้วัดย่อย")
                    % {"number": parent.number}
                )
            continue
        total = sum((k.sub_weight or Decimal(0) for k in children), Decimal(0))
        if total != HUNDRED:
            problems.append(
                _("ตัวชี้วัด %(number)s: น้ำหนักตัวชี้วัดย่อยรวม %(total)s ไม่เท่ากับ 100.00")
                % {"number": parent.number, "total": display_decimal(total, 2)}
            )
    return problems


# Carrying KPIs into a new year ---------------------------------------------------------------

BaselinesFor = Callable[[Kpi, Framework], Sequence[BaselineInput]]


def kpis_carry_forward(
    actor: AbstractBaseUser,
    framework: Framework,
    sources: Sequence[Kpi],
    *,
    baselines_for: BaselinesFor | None = None,
) -> list[Kpi]:
    """Continue earlier years' KPIs in `framework` (issue 17 item 6): each becomes a new draft
    sheet with the same text, criteria, data items, people and lineage, pointing at its source
    as `predecessor`; components are matched by code, round expectations by round length, a
    sub-KPI keeps its parent when the parent is carried too. `baselines_for` (given by the
    reporting layer, which reads results) fills the sheet's baselines. All or nothing."""
    permissions = permissions_for(actor, framework)
    if not permissions.can_manage:
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่เพิ่มตัวชี้วัดได้"))
    require_unlocked(framework)
    components = {c.code: c for c in framework.components.all()}
    rounds = {r.months: r for r in framework.rounds.all()}
    taken = set(
        Kpi.objects.filter(framework=framework, predecessor__isnull=False).values_list(
            "predecessor__key", flat=True
        )
    )
    errors: dict[str, list[str]] = {}
    for source in sources:
        label = f"{source.framework.fiscal_year} · {source.number}"
        if source.framework.department_id != framework.department_id:
            raise PermissionDenied(_("คัดลอกได้เฉพาะตัวชี้วัดของส่วนราชการเดียวกัน"))
        if source.framework.fiscal_year >= framework.fiscal_year:
            errors.setdefault("sources", []).append(_("ตัวชี้วัด %(kpi)s ไม่ใช่ของปีก่อน") % {"kpi": label})
        elif source.key in taken:
            errors.setdefault("sources", []).append(
                _("ตัวชี้วัด %(kpi)s ถูกคัดลอกมาแล้ว") % {"kpi": label}
            )
        elif source.component.code not in components:
            errors.setdefault("sources", []).append(
                _("กรอบการประเมินปีนี้ไม่มีองค์ประกอบรหัส “%(code)s” ของตัวชี้วัด %(kpi)s")
                % {"code": source.component.code, "kpi": label}
            )
    _raise_if(errors)
    # Parents first, so a sub-KPI can point at its parent's new sheet.
    ordered = sorted(sources, key=lambda k: (k.parent_id is not None, kpi_sort_key(k)))
    created: dict[Any, Kpi] = {}
    with transaction.atomic():
        for source in ordered:
            stored = _stored_sheet(source)
            fields = dict(stored.fields)
            fields["component"] = components[source.component.code]
            fields["predecessor"] = source
            parent = created.get(source.parent.key) if source.parent is not None else None
            fields["parent"] = parent
            if parent is None:
                fields["sub_weight"] = None
            # Per-round rules belong to their year's agreement: only the texts carry forward.
            expectations = [
                RoundExpectationInput(rounds[r.round.months], r.expectation)
                for r in stored.round_expectations
                if r.round.months in rounds and r.expectation.strip()
            ]
            baselines = baselines_for(source, framework) if baselines_for else ()
            try:
                kpi = kpi_create(
                    actor,
                    framework,
                    data_items=stored.data_items,
                    levels=stored.levels,
                    baselines=baselines,
                    round_expectations=expectations,
                    collectors=stored.collectors,
                    lineage=stored.lineage,
                    assessment_points=stored.assessment_points,
                    **fields,
                )
            except ValidationError as error:
                problems = "; ".join(m for ms in error.message_dict.values() for m in ms)
                raise ValidationError(
                    {
                        "sources": [
                            _("คัดลอกตัวชี้วัด %(kpi)s ไม่ได้: %(problems)s")
                            % {
                                "kpi": f"{source.framework.fiscal_year} · {source.number}",
                                "problems": problems,
                            }
                        ]
                    }
                ) from error
            created[source.key] = kpi
        audit_log(
            actor,
            "indicators.kpis.carried_forward",
            framework,
            {"sources": [k.pk for k in ordered], "created": [k.pk for k in created.values()]},
        )
    return list(created.values())
