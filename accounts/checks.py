"""`manage.py check`: role assignments that break the evaluating body's rule (domain §8).

An evaluator role held by someone who is not a person of the evaluating body grants nothing
(accounts.selectors.counting_roles), but it should not be there: it was made before the rule or
by hand. Each such row is reported so an administrator can remove it.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning
from django.db import DatabaseError


def check_evaluator_assignments(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from accounts.selectors import bad_evaluator_assignments

    try:
        rows = list(bad_evaluator_assignments()[:50])
    except DatabaseError:  # no tables yet (before migrate)
        return []
    return [
        Warning(
            f"RoleAssignment {row.pk}: {row.person} ({row.person.department.code}) holds the "
            f"evaluator role in {row.department.code} for FY {row.fiscal_year}, but is not a "
            "person of an evaluating body; the row grants nothing.",
            hint="Remove it as a superuser (Django admin, or accounts.services.role_revoke); "
            "evaluators are assigned by the evaluating body's coordinator on /evaluators/.",
            obj=row,
            id="accounts.W001",
        )
        for row in rows
    ]
