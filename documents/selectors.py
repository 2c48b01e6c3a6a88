"""What a user may print: the KPIs and frameworks of the departments they can see."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.selectors import User, departments_visible_to
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
