"""State the browser walk starts from, built through the services (not the UI).

The demo (``load_demo``) has FY 2569 signed and FY 2570 in negotiation. The walk needs a year
whose cycle has not started, so this prepares FY 2571 the way a coordinator would begin one:
last year's roles carried forward, the framework copied from FY 2570 and the KPI sheets carried
over as drafts. Everything the walk then does goes through the pages.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.models import Department, RoleAssignment
from agreements.demo import _copy_kpis
from frameworks.models import Framework
from frameworks.services import framework_copy

WALK_YEAR = 2571
ROLES_FROM = 2569  # the demo's complete set of roles


def prepare_walk_year(agency: str = "onep", year: int = WALK_YEAR) -> Framework:
    department = Department.objects.get(code=agency)
    coordinator = get_user_model().objects.get(username="somchai")
    existing = Framework.objects.filter(department=department, fiscal_year=year).first()
    if existing is not None:
        return existing
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                person_id=a.person_id,
                role=a.role,
                fiscal_year=year,
                department_id=a.department_id,
                unit_id=a.unit_id,
            )
            for a in RoleAssignment.objects.filter(department=department, fiscal_year=ROLES_FROM)
        ]
    )
    previous = Framework.objects.get(department=department, fiscal_year=year - 1)
    framework = framework_copy(coordinator, previous, fiscal_year=year)
    _copy_kpis(
        coordinator, Framework.objects.get(department=department, fiscal_year=2569), framework
    )
    return framework
