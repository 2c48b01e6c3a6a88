"""State the browser walk starts from, built through the services (not the UI).

The demo (``load_demo``, anchored to today: accounts.demo.DemoYears) has last year signed and
the current year in negotiation (FY 2569 and 2570 when today is in FY 2570). The walk needs a
year whose cycle has not started, so this prepares next year the way a coordinator would begin
one: the current year's roles carried forward, the framework copied from the current year and
last year's signed KPI sheets carried over as drafts. Everything the walk then does goes through
the pages.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.demo import DemoYears
from accounts.models import Department, RoleAssignment
from agreements.demo import _copy_kpis
from frameworks.models import Framework
from frameworks.services import framework_copy

DEMO_YEARS = DemoYears.of()
WALK_YEAR = DEMO_YEARS.current + 1
ROLES_FROM = DEMO_YEARS.current  # the demo assigns every role in the current year


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
        coordinator,
        Framework.objects.get(department=department, fiscal_year=DEMO_YEARS.last),
        framework,
    )
    return framework
