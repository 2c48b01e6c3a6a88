"""Reads of the API app that depend on who asks: a user's tokens and who may read an object's
audit trail. What a caller may read is the pages' selectors (agreements.selectors.
agreements_readable_by, indicators.selectors.kpis_visible_to, ...), so the API and the UI answer
the same question the same way.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Department, Role
from accounts.selectors import can_manage_department, user_has_role
from api.models import ApiToken

User = AbstractBaseUser | AnonymousUser


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (nobody sees another person's tokens)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def active_tokens_of(user: User) -> QuerySet[ApiToken]:
    today = timezone.localdate()
    return tokens_of(user).filter(
        Q(revoked_at__isnull=True), Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


AUDIT_ROLES = (Role.EXECUTIVE,)


def can_read_audit(user: User, department: Department, fiscal_year: int) -> bool:
    """The audit trail of a department's objects: its coordinator (or administrator) and its
    executives (domain §8: executives view everything) — for that fiscal year."""
    return can_manage_department(user, department, fiscal_year) or user_has_role(
        user, AUDIT_ROLES, fiscal_year, department=department
    )
