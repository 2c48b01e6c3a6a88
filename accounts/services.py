"""Writes to org structure and roles. Each checks permission, audits and runs atomically."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Department, OrgUnit, Person, Role, RoleAssignment
from accounts.selectors import (
    can_assign_evaluators,
    can_manage_department,
    evaluating_bodies_managed_by,
    is_superuser,
)
from core.audit import audit_log
from core.media import delete_after_commit
from core.numbers import parse_year
from core.uploads import FileType, inspect_upload

# Roles a person from outside the department may hold (domain §8: the OPDC evaluator is
# external; committees may seat outside members).
EXTERNAL_ROLES = frozenset({Role.EVALUATOR, Role.COMMITTEE})


EMBLEM_KINDS = frozenset({FileType.PNG, FileType.JPG})


def _require_manager(actor: AbstractBaseUser, department: Department, fiscal_year: int) -> None:
    if not can_manage_department(actor, department, fiscal_year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานหรือผู้ดูแลระบบของส่วนราชการนี้เท่านั้น"))


def _evaluators_refused() -> PermissionDenied:
    return PermissionDenied(
        _(
            "บทบาทผู้ประเมินมอบหมายโดยผู้ประสานงานของหน่วยงานผู้ประเมิน (สำนักงาน ก.พ.ร.) เท่านั้น "
            "ส่วนราชการที่รับการประเมินมอบหรือยกเลิกบทบาทนี้เองไม่ได้"
        )
    )


def _require_evaluator_assigner(actor: AbstractBaseUser, person: Person, fiscal_year: int) -> None:
    """Domain §8: OPDC assigns its evaluators, never the department it evaluates. The person
    must be of an evaluating body, and the actor that body's coordinator of the year."""
    if not evaluating_bodies_managed_by(actor, fiscal_year).exists():
        raise _evaluators_refused()
    if not person.department.is_evaluating_body:
        raise ValidationError(
            {"person": _("ผู้ประเมินต้องเป็นบุคลากรของหน่วยงานผู้ประเมิน (สำนักงาน ก.พ.ร.)")}
        )
    if not can_assign_evaluators(actor, person.department, fiscal_year):
        raise _evaluators_refused()


def role_assign(
    actor: AbstractBaseUser,
    *,
    person: Person,
    role: str,
    fiscal_year: int,
    department: Department,
    unit: OrgUnit | None = None,
) -> RoleAssignment:
    """Give `person` a role for a fiscal year in a department or one of its units.

    The evaluator role is the evaluating body's to give (see _require_evaluator_assigner), to a
    department as a whole, and never in an evaluating body itself."""
    errors: dict[str, str] = {}
    if role == Role.EVALUATOR:
        _require_evaluator_assigner(actor, person, fiscal_year)
        if department.is_evaluating_body:
            errors["department"] = _("มอบหมายผู้ประเมินได้เฉพาะส่วนราชการที่รับการประเมิน")
        if unit is not None:
            errors["unit"] = _("ผู้ประเมินรับผิดชอบทั้งส่วนราชการ ไม่ระบุหน่วยงาน")
    else:
        _require_manager(actor, department, fiscal_year)
    if role not in Role.values:
        errors["role"] = _("ไม่รู้จักบทบาทนี้")
    if unit is not None and unit.department_id != department.pk:
        errors["unit"] = _("หน่วยงานนี้ไม่ได้อยู่ในส่วนราชการนี้")
    if person.department_id != department.pk and role not in EXTERNAL_ROLES:
        errors["person"] = _("บุคคลนี้ไม่ได้สังกัดส่วนราชการนี้")
    if parse_year(fiscal_year) is None:
        errors["fiscal_year"] = _("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = RoleAssignment.objects.filter(
            person=person, role=role, fiscal_year=fiscal_year, department=department, unit=unit
        ).first()
        if existing is not None:
            raise ValidationError(_("บุคคลนี้มีบทบาทนี้ในปีงบประมาณนี้อยู่แล้ว"))
        assignment = RoleAssignment.objects.create(
            person=person, role=role, fiscal_year=fiscal_year, department=department, unit=unit
        )
        audit_log(
            actor,
            "accounts.role.assigned",
            assignment,
            {
                "person": person.pk,
                "role": role,
                "fiscal_year": fiscal_year,
                "department": department.code,
                "unit": unit.code if unit else None,
            },
        )
    return assignment


def role_revoke(actor: AbstractBaseUser, assignment: RoleAssignment) -> None:
    if assignment.role == Role.EVALUATOR:
        # An evaluator row of someone not of an evaluating body grants nothing; a superuser
        # clears it (manage.py check lists such rows).
        body = assignment.person.department
        allowed = (
            can_assign_evaluators(actor, body, assignment.fiscal_year)
            if body.is_evaluating_body
            else is_superuser(actor)
        )
        if not allowed:
            raise _evaluators_refused()
    else:
        _require_manager(actor, assignment.department, assignment.fiscal_year)
    with transaction.atomic():
        audit_log(
            actor,
            "accounts.role.revoked",
            assignment,
            {
                "person": assignment.person_id,
                "role": assignment.role,
                "fiscal_year": assignment.fiscal_year,
                "department": assignment.department.code,
                "unit": assignment.unit.code if assignment.unit else None,
            },
        )
        assignment.delete()


def roles_copy_from_previous_year(
    actor: AbstractBaseUser, department: Department, fiscal_year: int
) -> int:
    """Copy last year's role assignments into `fiscal_year`, skipping ones already there.

    Returns how many were created. The coordinator then adjusts the few that changed. Evaluator
    roles are not the department's to copy: the evaluating body assigns them each year.
    """
    _require_manager(actor, department, fiscal_year)
    with transaction.atomic():
        previous = RoleAssignment.objects.filter(
            department=department, fiscal_year=fiscal_year - 1
        ).exclude(role=Role.EVALUATOR)
        existing = set(
            RoleAssignment.objects.filter(
                department=department, fiscal_year=fiscal_year
            ).values_list("person_id", "role", "unit_id")
        )
        new = [
            RoleAssignment(
                person_id=a.person_id,
                role=a.role,
                fiscal_year=fiscal_year,
                department=department,
                unit_id=a.unit_id,
            )
            for a in previous
            if (a.person_id, a.role, a.unit_id) not in existing
        ]
        RoleAssignment.objects.bulk_create(new)
        audit_log(
            actor,
            "accounts.role.copied",
            department,
            {"from": fiscal_year - 1, "to": fiscal_year, "count": len(new)},
        )
    return len(new)


def department_emblem_upload(
    actor: AbstractBaseUser, department: Department, fiscal_year: int, upload: UploadedFile
) -> Department:
    """Keep the department's emblem (ครุฑ) for its memos: a PNG or JPEG checked like every
    upload (core.uploads); it replaces the one before."""
    _require_manager(actor, department, fiscal_year)
    inspected = inspect_upload(upload, "emblem", allowed=EMBLEM_KINDS)
    old = department.emblem.name if department.emblem else ""
    with transaction.atomic():
        department.emblem.save(f"{department.code}.{inspected.file_type}", upload, save=False)
        Department.objects.filter(pk=department.pk).update(emblem=department.emblem.name)
        audit_log(
            actor,
            "accounts.department.emblem_uploaded",
            department,
            {"name": inspected.display_name, "file": department.emblem.name},
        )
        if old and old != department.emblem.name:
            delete_after_commit(department.emblem.storage, old)
    return department
