"""Who may do what with a round's reports (domain §8, §9), answered once per request.

- KPI owners (OWNER role in the KPI's responsible unit or a unit above it) and the KPI's listed
  data collectors enter results and evidence for their KPIs only, and submit them;
- the overseer of that unit, or the person named as the KPI's overseer, approves;
- the coordinator (or administrator) opens and closes rounds, accepts or returns submissions and
  reopens one after the round has closed;
- OPDC's evaluator assigned to the department enters reviewer scores and answers appeals.
Services, views and templates all ask these functions, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Department, Role, RoleAssignment
from accounts.selectors import (
    MANAGING_ROLES,
    can_manage_department,
    counted_assignments,
    is_evaluator_for,
    is_superuser,
    unit_ids_for_role,
)
from frameworks.models import ReportingRound
from reporting.models import RoundState, Submission

User = AbstractBaseUser | AnonymousUser

# The department's own people who follow the whole round (not unit-bound, not OPDC, not staff).
DEPARTMENT_READERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.EXECUTIVE, Role.COMMITTEE})


@dataclass
class Access:
    """One user's standing in one department and fiscal year."""

    manage: bool
    roles: frozenset[str]
    owner_units: set[int] = field(default_factory=set)
    overseer_units: set[int] = field(default_factory=set)
    user_id: int | None = None


def access(user: User, department_id: int, fiscal_year: int) -> Access:
    """Cached on the user object for the request."""
    if not user.is_authenticated:
        return Access(manage=False, roles=frozenset())
    cache: dict[tuple[int, int], Access] = user.__dict__.setdefault("_pramoen_reporting", {})
    key = (department_id, fiscal_year)
    if key not in cache:
        from accounts.models import Department

        department = Department(pk=department_id)
        roles = frozenset(
            counted_assignments()
            .filter(person__user_id=user.pk, department_id=department_id, fiscal_year=fiscal_year)
            .values_list("role", flat=True)
        )
        cache[key] = Access(
            manage=is_superuser(user) or can_manage_department(user, department, fiscal_year),
            roles=roles,
            owner_units=unit_ids_for_role(user, [Role.OWNER], fiscal_year)
            if Role.OWNER in roles
            else set(),
            overseer_units=unit_ids_for_role(user, [Role.OVERSEER], fiscal_year)
            if Role.OVERSEER in roles
            else set(),
            user_id=int(user.pk) if user.pk is not None else None,
        )
    return cache[key]


def _for_round(user: User, round_: ReportingRound) -> Access:
    framework = round_.framework
    return access(user, framework.department_id, framework.fiscal_year)


def _for(user: User, submission: Submission) -> Access:
    return _for_round(user, submission.round)


def is_collector(user: User, submission: Submission) -> bool:
    """Listed as a data collector of the KPI version (prefetch `kpi__collectors`)."""
    return user.is_authenticated and any(
        person.user_id == user.pk for person in submission.kpi.collectors.all()
    )


def can_report(user: User, submission: Submission) -> bool:
    """Enters results and evidence for this KPI and submits them."""
    unit_id = submission.kpi.responsible_unit_id
    mine = _for(user, submission)
    return (unit_id is not None and unit_id in mine.owner_units) or is_collector(user, submission)


def is_overseer_of(user: User, submission: Submission) -> bool:
    """The overseer of the KPI's unit, or the person named as the KPI's overseer."""
    mine = _for(user, submission)
    unit_id = submission.kpi.responsible_unit_id
    overseer = submission.kpi.overseer
    return (unit_id is not None and unit_id in mine.overseer_units) or (
        overseer is not None and overseer.user_id is not None and overseer.user_id == user.pk
    )


def can_oversee(user: User, submission: Submission) -> bool:
    """The overseer approves; the coordinator may too when a unit has none (domain §8)."""
    return _for(user, submission).manage or is_overseer_of(user, submission)


def can_coordinate(user: User, round_: ReportingRound) -> bool:
    return _for_round(user, round_).manage


def is_evaluator(user: User, round_: ReportingRound) -> bool:
    """OPDC's evaluator assigned to the department for the year (domain §8; the one rule is
    accounts.selectors.is_evaluator_for)."""
    framework = round_.framework
    return is_evaluator_for(user, framework.department_id, framework.fiscal_year)


def round_state_of(round_: ReportingRound) -> RoundState | None:
    # The reverse one-to-one raises (an AttributeError subclass) when there is no row.
    state: RoundState | None = getattr(round_, "reporting_state", None)
    return state


EDITABLE_STATES = (Submission.State.DRAFT, Submission.State.RETURNED)


def is_unlocked(submission: Submission) -> bool:
    """Open round, or reopened by the coordinator after the close (domain §9)."""
    state = round_state_of(submission.round)
    return (state is not None and state.state == RoundState.State.OPEN) or submission.reopened


def is_editable(submission: Submission) -> bool:
    return submission.state in EDITABLE_STATES and is_unlocked(submission)


def can_edit(user: User, submission: Submission) -> bool:
    return is_editable(submission) and can_report(user, submission)


def edit_refusal(submission: Submission) -> str | None:
    """Why the report cannot be changed now (Thai), or None when it can."""
    from django.utils.translation import gettext as _

    if not is_unlocked(submission):
        state = round_state_of(submission.round)
        if state is None:
            return _("รอบการรายงานนี้ยังไม่เปิด กรุณารอผู้ประสานงานเปิดรอบ")
        return _(
            "รอบการรายงานนี้ปิดแล้ว จึงแก้ไขรายงานไม่ได้ "
            "หากจำเป็นต้องแก้ไข กรุณาติดต่อผู้ประสานงานให้เปิดรายงานนี้พร้อมระบุเหตุผล"
        )
    if submission.state not in EDITABLE_STATES:
        return _("รายงานนี้อยู่ในสถานะ “%(state)s” จึงแก้ไขไม่ได้") % {
            "state": submission.get_state_display()
        }
    return None


# A round's department-wide documents (issue 14 item 2) ----------------------------------------


def _whole_year_roles(user: User, department: Any, fiscal_year: Any) -> QuerySet[RoleAssignment]:
    """The user's role rows that make them a reader of a department's whole fiscal year
    (`department` and `fiscal_year` may be OuterRef expressions): a department-wide role
    (DEPARTMENT_READERS) of that year or a later one — today's executive reads the department's
    history — or the coordinator or administrator of the year before (as
    accounts.selectors.can_manage_department: last year's coordinator runs the next year)."""
    return counted_assignments().filter(
        Q(role__in=list(DEPARTMENT_READERS), fiscal_year__gte=fiscal_year)
        | Q(role__in=list(MANAGING_ROLES), fiscal_year=fiscal_year - 1),
        person__user_id=int(user.pk or 0),
        department_id=department,
    )


def rounds_read_whole_by(user: User) -> QuerySet[ReportingRound]:
    """THE rule for a department's whole year: a round's department-wide documents (the SAR,
    the e-SAR workbook and copy page, the executive summary, the results of every KPI and the
    agency total) and the department's dashboard — pages, document downloads and API alike.

    They carry every division's reports, so they are read by the department-wide roles
    (DEPARTMENT_READERS: administrators, coordinators, executives and committee members) of the
    round's year or a later one, last year's coordinators and administrators, and superusers
    (`_whole_year_roles`). A unit-bound overseer or owner reads their units' reports on the
    report pages, not the whole department's; OPDC's evaluator reads the accepted reports and
    receives the SAR through OPDC's e-SAR site (the dashboard shows them a read-only view,
    dashboards.access); staff read none (domain §8). Everyone else gets a 404.
    """
    rounds = ReportingRound.objects.select_related(
        "framework__department__ministry", "reporting_state"
    )
    if not user.is_authenticated:
        return rounds.none()
    if is_superuser(user):
        return rounds
    holding = _whole_year_roles(
        user, OuterRef("framework__department_id"), OuterRef("framework__fiscal_year")
    )
    return rounds.filter(Exists(holding))


def departments_read_whole_by(user: User, fiscal_year: int) -> QuerySet[Department]:
    """rounds_read_whole_by as departments: those whose whole `fiscal_year` the user reads."""
    departments = Department.objects.select_related("ministry").order_by("name_th")
    if not user.is_authenticated:
        return departments.none()
    if is_superuser(user):
        return departments
    return departments.filter(Exists(_whole_year_roles(user, OuterRef("pk"), fiscal_year)))


def reads_whole_year(user: User, department: Department, fiscal_year: int) -> bool:
    """rounds_read_whole_by for one department and year, cached on the user for the request."""
    if not user.is_authenticated:
        return False
    if is_superuser(user):
        return True
    cache: dict[tuple[int, int], bool] = user.__dict__.setdefault("_pramoen_whole_year", {})
    key = (department.pk, fiscal_year)
    if key not in cache:
        cache[key] = _whole_year_roles(user, department.pk, fiscal_year).exists()
    return cache[key]


def reads_whole_round(user: User, round_: ReportingRound) -> bool:
    """rounds_read_whole_by for one round (the round page's total and document links, the API's
    round total), cached on the user for the request."""
    if not user.is_authenticated:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_pramoen_whole_round", {})
    if round_.pk not in cache:
        cache[round_.pk] = rounds_read_whole_by(user).filter(pk=round_.pk).exists()
    return cache[round_.pk]
