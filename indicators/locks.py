"""Rules from other apps that lock a framework's KPI set (style.md: signed KPIs are never
edited; domain §7: after signing, KPIs change only through an amendment OPDC approves).

The agreements app registers a check in its AppConfig.ready; indicators does not import it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from frameworks.models import Framework

LockCheck = Callable[[Framework], str | None]
_checks: list[LockCheck] = []


def register_lock_check(check: LockCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def lock_reason(framework: Framework) -> str | None:
    """Why the framework's KPI set cannot change outside an amendment, or None."""
    for check in _checks:
        reason = check(framework)
        if reason:
            return reason
    return None


def require_unlocked(framework: Framework) -> None:
    reason = lock_reason(framework)
    if reason:
        raise ValidationError(reason)
