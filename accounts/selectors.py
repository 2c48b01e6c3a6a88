"""Reads that depend on who asks: what a user may see, and which roles they hold.

What a user may not see is simply not in the queryset, so views turn it into a 404
(style.md "Permissions by queryset"). Superusers see everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    DEPARTMENT_WIDE_ROLES,
    Department,
    OrgUnit,
    Person,
    Role,
    RoleAssignment,
)
from core.fiscal import current_fiscal_year

User = AbstractBaseUser | AnonymousUser

MANAGING_ROLES = (Role.ADMIN, Role.COORDINATOR)
EVALUATING_BODY = Department.Kind.EVALUATING_BODY


# The evaluation is the evaluating body's (domain §8) ----------------------------------------


def counting_roles() -> Q:
    """The role assignments that count: every role except an evaluator role held by someone who
    is not a person of the evaluating body. Such a row (made before the rule, or by hand) grants
    nothing anywhere; `manage.py check` reports it (accounts.checks).
    Use it on RoleAssignment querysets only (a negated condition across a multi-valued
    relation would not mean the same row).
    """
    return ~Q(role=Role.EVALUATOR) | Q(person__department__kind=EVALUATING_BODY)


def counted_assignments() -> QuerySet[RoleAssignment]:
    """Every role assignment that grants something (see counting_roles)."""
    return RoleAssignment.objects.filter(counting_roles())


def bad_evaluator_assignments() -> QuerySet[RoleAssignment]:
    """Evaluator roles held by people who are not of the evaluating body (they grant nothing)."""
    return (
        RoleAssignment.objects.filter(role=Role.EVALUATOR)
        .exclude(person__department__kind=EVALUATING_BODY)
        .select_related("person", "person__department", "department")
    )


def _evaluator_rows(user: User, fiscal_year: int) -> QuerySet[RoleAssignment]:
    """The user's evaluator rows of the year that count: held as a person of the evaluating
    body (the rest grant nothing, counting_roles)."""
    return RoleAssignment.objects.filter(
        person__user_id=int(user.pk or 0),
        person__department__kind=EVALUATING_BODY,
        role=Role.EVALUATOR,
        fiscal_year=fiscal_year,
    )


def is_evaluator_for(user: User, department: Department | int, fiscal_year: int) -> bool:
    """A person of the evaluating body assigned to `department` as its evaluator in the year.

    The one answer to "may this user do the evaluator's part" (negotiation counter-proposals,
    agreed values, amendment decisions, reviewer scores, appeals). Superusers are not evaluators:
    the evaluation is the evaluating body's, not the system administrator's.
    """
    if not user.is_authenticated:
        return False
    department_id = department if isinstance(department, int) else department.pk
    cache: dict[tuple[int, int], bool] = user.__dict__.setdefault("_pramoen_evaluator", {})
    key = (department_id, fiscal_year)
    if key not in cache:
        cache[key] = _evaluator_rows(user, fiscal_year).filter(department_id=department_id).exists()
    return cache[key]


def departments_evaluated_by(user: User, fiscal_year: int) -> QuerySet[Department]:
    """is_evaluator_for as a queryset: the departments the user evaluates in the year."""
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(
        pk__in=_evaluator_rows(user, fiscal_year).values("department_id")
    )


def can_assign_evaluators(user: User, evaluating_body: Department, fiscal_year: int) -> bool:
    """Only the evaluating body's own coordinator (or administrator role) of that fiscal year,
    or a superuser, assigns and revokes its evaluators (domain §8: never the department)."""
    if not evaluating_body.is_evaluating_body:
        return False
    if is_superuser(user):
        return True
    return (
        roles_of(user, fiscal_year)
        .filter(role__in=MANAGING_ROLES, department=evaluating_body, unit__isnull=True)
        .exists()
    )


def evaluating_bodies_managed_by(user: User, fiscal_year: int) -> QuerySet[Department]:
    """The evaluating bodies whose evaluators the user assigns in the year."""
    bodies = Department.objects.filter(kind=EVALUATING_BODY).order_by("name_th")
    if is_superuser(user):
        return bodies
    ids = (
        roles_of(user, fiscal_year)
        .filter(role__in=MANAGING_ROLES, unit__isnull=True)
        .values("department_id")
    )
    return bodies.filter(pk__in=ids)


def evaluator_assignments_of(
    evaluating_body: Department, fiscal_year: int
) -> QuerySet[RoleAssignment]:
    """The body's evaluators × the departments assigned to them in the year."""
    return (
        RoleAssignment.objects.filter(
            role=Role.EVALUATOR, fiscal_year=fiscal_year, person__department=evaluating_body
        )
        .select_related("person", "department")
        .order_by("department__name_th", "person__first_name_th", "person__last_name_th")
    )


def evaluated_departments() -> QuerySet[Department]:
    """Departments an evaluator may be assigned to (every organisation but evaluating bodies)."""
    return Department.objects.exclude(kind=EVALUATING_BODY).order_by("name_th")


def is_superuser(user: User) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def person_of(user: User) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        person: Person | None = getattr(user, "person", None)
    except Person.DoesNotExist:
        return None
    return person


def roles_of(user: User, fiscal_year: int | None = None) -> QuerySet[RoleAssignment]:
    """The user's role assignments, for one fiscal year or all years."""
    if not user.is_authenticated:
        return RoleAssignment.objects.none()
    qs = RoleAssignment.objects.filter(counting_roles(), person__user_id=user.pk).select_related(
        "department", "unit", "person"
    )
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("role", "department__name_th", "unit__name_th")


def role_set(user: User, fiscal_year: int) -> frozenset[str]:
    """Role codes held in a year, cached on the user object for the request."""
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_pramoen_roles", {})
    if fiscal_year not in cache:
        cache[fiscal_year] = frozenset(
            roles_of(user, fiscal_year).values_list("role", flat=True).distinct()
        )
    return cache[fiscal_year]


def user_has_role(
    user: User,
    roles: Iterable[str],
    fiscal_year: int,
    *,
    department: Department | None = None,
    unit: OrgUnit | None = None,
) -> bool:
    """Whether the user holds one of `roles` in the year, in the department or unit given.

    A role held department-wide (no unit) covers every unit of that department.
    """
    qs = roles_of(user, fiscal_year).filter(role__in=list(roles))
    if department is not None:
        qs = qs.filter(department=department)
    if unit is not None:
        qs = qs.filter(Q(unit__isnull=True) | Q(unit=unit) | Q(unit=unit.parent_id))
    return qs.exists()


def can_manage_department(user: User, department: Department, fiscal_year: int) -> bool:
    """Coordinators and administrators run the cycle and assign roles (domain §8).

    Last year's coordinator may also manage the new year, so a department can roll its roles
    into a year in which nobody holds a role yet.
    """
    if is_superuser(user):
        return True
    return (
        roles_of(user)
        .filter(
            role__in=MANAGING_ROLES,
            department=department,
            fiscal_year__in=[fiscal_year, fiscal_year - 1],
        )
        .exists()
    )


def departments_visible_to(user: User) -> QuerySet[Department]:
    """Departments the user belongs to or holds a role in (any year); all for superusers.

    An OPDC evaluator sees only the departments they are assigned to (domain §8).
    """
    if not user.is_authenticated:
        return Department.objects.none()
    if is_superuser(user):
        return Department.objects.select_related("ministry")
    return (
        Department.objects.filter(
            Q(people__user_id=user.pk) | Q(pk__in=roles_of(user).values("department_id"))
        )
        .select_related("ministry")
        .distinct()
    )


def departments_managed_by(user: User, fiscal_year: int) -> QuerySet[Department]:
    if is_superuser(user):
        return Department.objects.select_related("ministry")
    ids = roles_of(user, fiscal_year).filter(role__in=MANAGING_ROLES).values("department_id")
    return Department.objects.filter(pk__in=ids).select_related("ministry")


def units_visible_to(user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(department__in=departments_visible_to(user))


def people_visible_to(user: User) -> QuerySet[Person]:
    return Person.objects.filter(department__in=departments_visible_to(user)).select_related(
        "unit", "department", "user"
    )


def unit_ids_for_role(user: User, roles: Iterable[str], fiscal_year: int) -> set[int]:
    """Units in which the user holds one of `roles` (with their direct sub-units).

    A department-wide holder of the role gets every unit of that department.
    """
    assignments = list(roles_of(user, fiscal_year).filter(role__in=list(roles)))
    wide = [a.department_id for a in assignments if a.unit_id is None]
    named = [a.unit_id for a in assignments if a.unit_id is not None]
    qs = OrgUnit.objects.filter(
        Q(department_id__in=wide) | Q(pk__in=named) | Q(parent_id__in=named)
    )
    return set(qs.values_list("pk", flat=True))


def active_fiscal_year(user: User, chosen: int | None = None) -> int:
    """The year a user works in: the one they chose, else the current fiscal year, else
    (when they hold no role this year yet) the latest year they hold a role in."""
    if chosen is not None:
        return chosen
    current = current_fiscal_year().be_year
    years = set(roles_of(user).values_list("fiscal_year", flat=True))
    if current in years or not years:
        return current
    earlier = [year for year in years if year < current]
    return max(earlier) if earlier else min(years)


def assignments_for_department(
    department: Department, fiscal_year: int
) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(department=department, fiscal_year=fiscal_year)
        .select_related("person", "person__unit", "unit")
        .order_by("role", "person__first_name_th", "person__last_name_th")
    )


def is_department_wide(role: str) -> bool:
    return role in DEPARTMENT_WIDE_ROLES


# Menu rules (core.navigation): what a page lists; its link is shown when there is anything.
def menu_departments(user: User, fiscal_year: int) -> QuerySet[Department]:
    """The KPI, framework and organisation pages list `departments_visible_to`."""
    return departments_visible_to(user)


def menu_managed_departments(user: User, fiscal_year: int) -> QuerySet[Department]:
    """The roles page lists `departments_managed_by` the year (404 when there are none)."""
    return departments_managed_by(user, fiscal_year)


# Two-factor sign-in (issue 19 item 2) -------------------------------------------------------

# The roles whose holders decide or see a whole department's evaluation: they sign in with a
# second factor when REQUIRE_2FA is on. Owners, collectors, overseers, committee members and
# staff do not (domain §8).
TWO_FACTOR_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.EXECUTIVE, Role.EVALUATOR)


def requires_two_factor(user: User) -> bool:
    """The one answer to "must this user pass a second factor": with REQUIRE_2FA on, Django's
    administrators (superusers and staff, who reach the admin) and whoever holds one of
    TWO_FACTOR_ROLES in any fiscal year (an earlier year's role still reads that year's
    department-wide documents). Used by the pages' middleware and the API's session auth."""
    if not settings.PRAMOEN_REQUIRE_2FA or not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    cache: dict[str, bool] = user.__dict__.setdefault("_pramoen_two_factor", {})
    if "required" not in cache:
        cache["required"] = roles_of(user).filter(role__in=TWO_FACTOR_ROLES).exists()
    return cache["required"]


def departments_resetting_two_factor(user: User, fiscal_year: int) -> QuerySet[Department]:
    """Departments whose people's two-factor devices the user may remove: all for a superuser,
    else those where the user is the administrator (role, department-wide) of the working year
    or the year before (as can_manage_department)."""
    if not user.is_authenticated:
        return Department.objects.none()
    if is_superuser(user):
        return Department.objects.all()
    ids = (
        roles_of(user)
        .filter(role=Role.ADMIN, unit__isnull=True, fiscal_year__in=[fiscal_year, fiscal_year - 1])
        .values("department_id")
    )
    return Department.objects.filter(pk__in=ids)


def two_factor_people_for(user: User, fiscal_year: int) -> QuerySet[Person]:
    """The people whose two-factor sign-in the user may reset (accounts.two_factor.reset). A
    department administrator never resets a superuser's or a Django staff account's (only a
    superuser does)."""
    people = Person.objects.filter(
        department__in=departments_resetting_two_factor(user, fiscal_year), user__isnull=False
    )
    if not is_superuser(user):
        people = people.filter(user__is_superuser=False, user__is_staff=False)
    return people.select_related("user", "department", "unit").order_by(
        "department__name_th", "first_name_th", "last_name_th"
    )


def with_authenticator(people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of `people` who have a confirmed authenticator."""
    return people.filter(
        Exists(TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True))
    )
