"""Who may do what with an agreement (domain §8), answered once per request.

The coordinator drives the cycle; committee members review; the OPDC evaluator negotiates only
the departments assigned to them (a role held in that department and year); the executive
signs. Services, views and templates all ask these functions, so they never disagree.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from accounts.selectors import (
    can_manage_department,
    counted_assignments,
    is_evaluator_for,
    is_superuser,
)
from agreements.models import Agreement

User = AbstractBaseUser | AnonymousUser

# Roles that take part in the department's own work on the agreement (not OPDC, not staff).
INTERNAL_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.COMMITTEE, Role.EXECUTIVE, Role.OVERSEER, Role.OWNER}
)


def roles_in(user: User, agreement: Agreement) -> frozenset[str]:
    """Roles the user holds in the agreement's department and year (cached on the user)."""
    if not user.is_authenticated:
        return frozenset()
    department_id, year = agreement.framework.department_id, agreement.framework.fiscal_year
    cache: dict[tuple[int, int], frozenset[str]] = user.__dict__.setdefault(
        "_pramoen_agreement_roles", {}
    )
    if (department_id, year) not in cache:
        cache[(department_id, year)] = frozenset(
            counted_assignments()
            .filter(person__user_id=user.pk, department_id=department_id, fiscal_year=year)
            .values_list("role", flat=True)
        )
    return cache[(department_id, year)]


def is_coordinator(user: User, agreement: Agreement) -> bool:
    cache: dict[int, bool] = user.__dict__.setdefault("_pramoen_agreement_manage", {})
    if agreement.pk not in cache:
        cache[agreement.pk] = can_manage_department(
            user, agreement.framework.department, agreement.framework.fiscal_year
        )
    return cache[agreement.pk]


def is_committee(user: User, agreement: Agreement) -> bool:
    return Role.COMMITTEE in roles_in(user, agreement)


def is_executive(user: User, agreement: Agreement) -> bool:
    return Role.EXECUTIVE in roles_in(user, agreement)


def is_evaluator(user: User, agreement: Agreement) -> bool:
    """An OPDC evaluator assigned to this department for this year (accounts.selectors)."""
    framework = agreement.framework
    return is_evaluator_for(user, framework.department_id, framework.fiscal_year)


def is_internal(user: User, agreement: Agreement) -> bool:
    """Takes part in the department's own drafting (sees data requests, committee comments)."""
    return (
        is_superuser(user)
        or bool(roles_in(user, agreement) & INTERNAL_ROLES)
        or is_coordinator(user, agreement)
    )


def can_negotiate(user: User, agreement: Agreement) -> bool:
    """May record proposals and agreed values: the coordinator or the assigned evaluator."""
    return is_coordinator(user, agreement) or is_evaluator(user, agreement)
