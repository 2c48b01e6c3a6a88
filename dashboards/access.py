"""Who sees which dashboard (issue 7; domain §8). Reads, not services: nothing here changes data.

Department dashboard of fiscal year Y: the department's whole year, so the one rule for it,
reporting.permissions (rounds_read_whole_by, asked here per department and year as
`departments_read_whole_by` and `reads_whole_year`): superusers; executives, coordinators,
committee members and administrators of the department in Y or in any later year (today's
executive reads the department's history); the coordinator or administrator of Y − 1. And, read
only, OPDC's evaluator assigned to the department in Y (accounts.selectors.is_evaluator_for):
no traffic-light settings and no internal follow-up (overdue reports, acknowledgements);
evidence as reporting allows them. Everyone else gets 404.

Ministry view of fiscal year Y: superusers, and users holding the executive or administrator role
in Y (or a later year) in any department of that ministry. It lists every department of the
ministry with its total; drilling into a department needs the department rule above.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Department, Ministry, Role
from accounts.selectors import (
    can_manage_department,
    counted_assignments,
    departments_evaluated_by,
    is_evaluator_for,
    is_superuser,
)
from reporting.permissions import DEPARTMENT_READERS, departments_read_whole_by, reads_whole_year

User = AbstractBaseUser | AnonymousUser

# The navigation entry's roles: the department-wide readers of reporting.permissions.
DASHBOARD_ROLES = tuple(sorted(DEPARTMENT_READERS))
MINISTRY_ROLES = (Role.EXECUTIVE, Role.ADMIN)


@dataclass(frozen=True)
class DashboardAccess:
    view: bool
    internal: bool  # the department's own follow-up: overdue reports, acknowledgements
    manage: bool  # edits the traffic-light rule

    @property
    def read_only(self) -> bool:
        return self.view and not self.internal


NO_ACCESS = DashboardAccess(view=False, internal=False, manage=False)


def departments_with_dashboard(user: User, fiscal_year: int) -> QuerySet[Department]:
    """Departments whose dashboard of `fiscal_year` the user may open (internal or read-only)."""
    if not user.is_authenticated:
        return Department.objects.none()
    whole = departments_read_whole_by(user, fiscal_year)
    if is_superuser(user):
        return whole
    evaluated = departments_evaluated_by(user, fiscal_year)
    readable = Department.objects.filter(
        Q(pk__in=whole.values("pk")) | Q(pk__in=evaluated.values("pk"))
    )
    return readable.select_related("ministry").order_by("name_th")


def dashboard_access(user: User, department: Department, fiscal_year: int) -> DashboardAccess:
    """One user's standing on one department's dashboard, cached on the user for the request."""
    if not user.is_authenticated:
        return NO_ACCESS
    cache: dict[tuple[int, int], DashboardAccess] = user.__dict__.setdefault(
        "_pramoen_dashboards", {}
    )
    key = (department.pk, fiscal_year)
    if key not in cache:
        internal = reads_whole_year(user, department, fiscal_year)
        cache[key] = DashboardAccess(
            view=internal or is_evaluator_for(user, department, fiscal_year),
            internal=internal,
            manage=internal and can_manage_department(user, department, fiscal_year),
        )
    return cache[key]


def ministries_visible_to(user: User, fiscal_year: int) -> QuerySet[Ministry]:
    """Ministries whose roll-up of `fiscal_year` the user may open."""
    if not user.is_authenticated:
        return Ministry.objects.none()
    qs = Ministry.objects.order_by("name_th")
    if is_superuser(user):
        return qs
    holding = counted_assignments().filter(
        person__user_id=int(user.pk or 0),
        department__ministry_id=OuterRef("pk"),
        role__in=list(MINISTRY_ROLES),
        fiscal_year__gte=fiscal_year,
    )
    return qs.filter(Exists(holding))


# Menu rules (core.navigation): what the index pages list; a link is shown when there is any.
def menu_dashboards(user: User, fiscal_year: int) -> QuerySet[Department]:
    return departments_with_dashboard(user, fiscal_year)


def menu_ministries(user: User, fiscal_year: int) -> QuerySet[Ministry]:
    return ministries_visible_to(user, fiscal_year)
