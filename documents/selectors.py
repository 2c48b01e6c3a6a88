"""What a user may print: the KPIs, frameworks and agreements of the departments they can see.

The agreement and its confirmation memo are circulated to the department, so any member of it
(and anyone holding a role there, the assigned OPDC evaluator included) may download them;
everyone else gets a 404.

A round's reports (SAR, e-SAR, executive summary) show every KPI's results: only the people who
follow the whole round in the department that year may print them — administrators,
coordinators (last year's too, as accounts.selectors.can_manage_department allows), executives,
committee members and overseers — and superusers.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role, RoleAssignment
from accounts.selectors import MANAGING_ROLES, User, departments_visible_to, is_superuser
from agreements.models import Agreement
from frameworks.models import Framework, ReportingRound
from indicators.models import Kpi

ROUND_REPORT_READERS = (
    Role.ADMIN,
    Role.COORDINATOR,
    Role.EXECUTIVE,
    Role.COMMITTEE,
    Role.OVERSEER,
)


def kpis_printable_by(user: User) -> QuerySet[Kpi]:
    departments = departments_visible_to(user).values("pk")
    return Kpi.objects.filter(framework__department__in=departments).select_related(
        "framework__department"
    )


def frameworks_printable_by(user: User) -> QuerySet[Framework]:
    departments = departments_visible_to(user).values("pk")
    return Framework.objects.filter(department__in=departments).select_related("department")


def agreements_printable_by(user: User) -> QuerySet[Agreement]:
    departments = departments_visible_to(user).values("pk")
    return Agreement.objects.filter(framework__department__in=departments).select_related(
        "framework__department__ministry", "signer"
    )


def rounds_printable_by(user: User) -> QuerySet[ReportingRound]:
    """Rounds whose SAR, e-SAR and executive summary the user may download."""
    rounds = ReportingRound.objects.select_related("framework__department__ministry")
    if not user.is_authenticated:
        return rounds.none()
    if is_superuser(user):
        return rounds
    match = Q(pk__in=[])
    for role, year, department_id in RoleAssignment.objects.filter(
        person__user_id=user.pk, role__in=ROUND_REPORT_READERS
    ).values_list("role", "fiscal_year", "department_id"):
        years = [year, year + 1] if role in MANAGING_ROLES else [year]
        match |= Q(framework__department_id=department_id, framework__fiscal_year__in=years)
    return rounds.filter(match)
