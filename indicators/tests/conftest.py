"""Fixtures of the KPI tests: onep's FY 2569 framework and sheets of two divisions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import Kpi
from indicators.tests.factories import (
    ComponentFactory,
    FrameworkFactory,
    KpiFactory,
    ReportingRoundFactory,
    add_levels,
)


@pytest.fixture
def framework(org):
    fw = FrameworkFactory(department=org.department, fiscal_year=2569)
    ComponentFactory(framework=fw)
    ComponentFactory(
        framework=fw,
        order=2,
        code="potential",
        name_th="การประเมินศักยภาพในการดำเนินการ",
        name_en="Potential Base",
        weight=Decimal(30),
    )
    ReportingRoundFactory(framework=fw)
    ReportingRoundFactory(
        framework=fw,
        order=2,
        name_th="รอบ 12 เดือน",
        months=12,
        period_end=datetime.date(2026, 9, 30),
        due_date=datetime.date(2026, 10, 31),
    )
    return fw


@pytest.fixture
def performance(framework):
    return framework.components.get(code="performance")


@pytest.fixture
def potential(framework):
    return framework.components.get(code="potential")


@pytest.fixture
def eia_draft(org, performance):
    """A draft sheet of the EIA division (the owner persona's unit)."""
    return add_levels(
        KpiFactory(component=performance, number="1", responsible_unit=org.eia, weight=20)
    )


@pytest.fixture
def quality_draft(org, performance):
    """A draft sheet of another division."""
    return add_levels(
        KpiFactory(component=performance, number="2", responsible_unit=org.quality, weight=20)
    )


@pytest.fixture
def eia_approved(org, performance):
    kpi = add_levels(
        KpiFactory(component=performance, number="3", responsible_unit=org.eia, weight=30)
    )
    Kpi.objects.filter(pk=kpi.pk).update(state=Kpi.State.APPROVED, approved_at=timezone.now())
    kpi.refresh_from_db()
    return kpi
