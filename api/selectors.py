"""Reads of the API app that depend on who asks: a user's tokens, the agreements a caller may
read, and who may read an object's audit trail.

Each one is built from the selectors the pages use (accounts, agreements), so the API and the
UI answer the same question the same way.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Department, Role
from accounts.selectors import can_manage_department, user_has_role
from agreements.models import Agreement
from agreements.selectors import agreements_visible_to, published_agreements_visible_to
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


def agreements_readable_by(user: User) -> QuerySet[Agreement]:
    """What the agreement pages show a user: the cycle they take part in (internal roles and
    the assigned OPDC evaluator) plus the published agreements of their departments."""
    participant = agreements_visible_to(user).values("pk")
    published = published_agreements_visible_to(user).values("pk")
    return Agreement.objects.filter(Q(pk__in=participant) | Q(pk__in=published)).select_related(
        "framework", "framework__department", "signer"
    )


AUDIT_ROLES = (Role.EXECUTIVE,)


def can_read_audit(user: User, department: Department, fiscal_year: int) -> bool:
    """The audit trail of a department's objects: its coordinator (or administrator) and its
    executives (domain §8: executives view everything) — for that fiscal year."""
    return can_manage_department(user, department, fiscal_year) or user_has_role(
        user, AUDIT_ROLES, fiscal_year, department=department
    )
