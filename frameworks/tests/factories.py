"""Factories for frameworks tests: a framework built from a shipped template, plan items."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accounts.models import Department
from frameworks.models import Framework, PlanItem
from frameworks.services import changes_from_template, create_framework_rows
from frameworks.templates_data import TEMPLATES


def make_framework(
    department: Department,
    fiscal_year: int = 2569,
    template: str = "performance_potential",
    *,
    state: str = Framework.State.DRAFT,
) -> Framework:
    """A framework with the template's rows, written directly (no permission, no audit)."""
    spec = TEMPLATES[template]
    framework = create_framework_rows(
        department, fiscal_year, spec.key, changes_from_template(spec, fiscal_year)
    )
    if state != framework.state:
        Framework.objects.filter(pk=framework.pk).update(state=state)
        framework.refresh_from_db()
    return framework


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    level = PlanItem.Level.NATIONAL
    code = factory.Sequence(lambda n: str(n + 1))
    name_th = factory.Sequence(lambda n: f"ยุทธศาสตร์ทดสอบที่ {n}")
    department = None
    parent = None
