"""Rules from other apps that lock a framework's KPI set (style.md: signed KPIs are never
edited; domain §7: after signing, KPIs change only through an amendment OPDC approves).

The agreements app registers a check in its AppConfig.ready; indicators does not import it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError

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


# What the sheet editor, the KPI workbook and the round rules read of the year's agreement (issue
# 17 item 3): its approved amendments (a KPI taken out of a round cites one) and its signed copy.
# Given by agreements at start-up, like the lock check.
ApprovedAmendments = Callable[[Framework, uuid.UUID | None], dict[int, Any]]
SignedAgreement = Callable[[Framework], Any]
_agreement_reads: dict[str, Any] = {}


def register_agreement_reads(
    *, approved_amendments: ApprovedAmendments, signed_agreement: SignedAgreement
) -> None:
    _agreement_reads["approved_amendments"] = approved_amendments
    _agreement_reads["signed_agreement"] = signed_agreement


def _read(name: str) -> Any:
    try:
        return _agreement_reads[name]
    except KeyError:
        raise ImproperlyConfigured("agreements has not registered its reads") from None


def approved_amendments(framework: Framework, kpi_key: uuid.UUID | None = None) -> dict[int, Any]:
    """The framework's approved amendments by id (only this KPI's when a key is given)."""
    result: dict[int, Any] = _read("approved_amendments")(framework, kpi_key)
    return result


def signed_agreement(framework: Framework) -> Any:
    """The framework's agreement once it has a signed copy, else None."""
    return _read("signed_agreement")(framework)
