"""What a user may print: the KPIs, frameworks and agreements of the departments they can see.

The agreement and its confirmation memo are circulated to the department, so any member of it
(and anyone holding a role there, the assigned OPDC evaluator included) may download them;
everyone else gets a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.selectors import User, departments_visible_to
from agreements.models import Agreement
from frameworks.models import Framework
from indicators.models import Kpi


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
