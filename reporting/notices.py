"""Who hears about a round and its reports, and the notification kinds (domain §7 step 4:
"notify divisions"; reminders before the due date)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, Role, RoleAssignment
from accounts.selectors import counted_assignments
from frameworks.models import ReportingRound
from indicators.models import Kpi

KIND_ROUND = "reporting.round"
KIND_REMINDER = "reporting.reminder"
KIND_REVIEW = "reporting.review"
KIND_RETURNED = "reporting.returned"
KIND_SCORE = "reporting.score"
KIND_APPEAL = "reporting.appeal"

# Reminders this many days before the due date, at 09:00 local time.
REMINDER_DAYS = (7, 1)


def register_kinds() -> None:
    from notifications.kinds import register_kind

    register_kind(KIND_ROUND, _("รอบการรายงานผล"))
    register_kind(KIND_REMINDER, _("เตือนกำหนดส่งรายงานผล"))
    register_kind(KIND_REVIEW, _("รายงานผลรอพิจารณา"))
    register_kind(KIND_RETURNED, _("รายงานผลถูกส่งกลับให้แก้ไข"))
    register_kind(KIND_SCORE, _("คะแนนจากผู้ประเมิน"))
    register_kind(KIND_APPEAL, _("การอุทธรณ์ผลคะแนน"))


def _assignments(round_: ReportingRound, roles: Iterable[str]) -> list[RoleAssignment]:
    framework = round_.framework
    return list(
        counted_assignments()
        .filter(
            department_id=framework.department_id,
            fiscal_year=framework.fiscal_year,
            role__in=list(roles),
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user")
    )


def _covers(
    assignment: RoleAssignment, unit_id: int | None, parents: dict[int, int | None]
) -> bool:
    """Same rule as accounts.selectors.unit_ids_for_role: a unit and its direct sub-units, or the
    whole department when the role has no unit."""
    if assignment.unit_id is None:
        return True
    return unit_id is not None and assignment.unit_id in (unit_id, parents.get(unit_id))


def _parents(round_: ReportingRound) -> dict[int, int | None]:
    return dict(
        OrgUnit.objects.filter(department_id=round_.framework.department_id).values_list(
            "pk", "parent_id"
        )
    )


def reporters_by_kpi(
    round_: ReportingRound, kpis: Iterable[Kpi]
) -> dict[int, list[AbstractBaseUser]]:
    """KPI id → the owners of its unit and its collectors (prefetch `collectors__user`)."""
    owners = _assignments(round_, [Role.OWNER])
    parents = _parents(round_)
    found: dict[int, list[AbstractBaseUser]] = {}
    for kpi in kpis:
        users: dict[int, AbstractBaseUser] = {}
        for assignment in owners:
            if _covers(assignment, kpi.responsible_unit_id, parents):
                user = assignment.person.user
                if user is not None:
                    users[user.pk] = user
        for person in kpi.collectors.all():
            if person.user is not None and person.user.is_active:
                users[person.user.pk] = person.user
        found[kpi.pk] = list(users.values())
    return found


def overseers_of(round_: ReportingRound, kpi: Kpi) -> list[AbstractBaseUser]:
    parents = _parents(round_)
    users: dict[int, AbstractBaseUser] = {
        a.person.user.pk: a.person.user
        for a in _assignments(round_, [Role.OVERSEER])
        if a.person.user is not None and _covers(a, kpi.responsible_unit_id, parents)
    }
    if kpi.overseer is not None and kpi.overseer.user is not None:
        users[kpi.overseer.user.pk] = kpi.overseer.user
    return list(users.values())


def holders(round_: ReportingRound, roles: Iterable[str]) -> list[AbstractBaseUser]:
    users: dict[int, AbstractBaseUser] = {}
    for assignment in _assignments(round_, roles):
        user = assignment.person.user
        if user is not None:
            users[user.pk] = user
    return list(users.values())


def reminder_times(due: datetime.date) -> list[tuple[int, datetime.datetime]]:
    """(days before, when) for each reminder still in the future."""
    now = timezone.now()
    times = []
    for days in REMINDER_DAYS:
        day = due - datetime.timedelta(days=days)
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
        if when > now:
            times.append((days, when))
    return times
