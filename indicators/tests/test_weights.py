"""Weight sums: component totals and sub-KPI shares (domain §3, §6)."""

from decimal import Decimal

import pytest

from indicators import services
from indicators.services import framework_weight_problems
from indicators.tests.factories import KpiFactory, add_levels

pytestmark = pytest.mark.django_db


def test_weights_that_add_up_give_no_warning(framework, performance, potential):
    KpiFactory(component=performance, weight=Decimal(40))
    KpiFactory(component=performance, weight=Decimal(30))
    KpiFactory(component=potential, weight=Decimal(30))
    assert framework_weight_problems(framework) == []


def test_component_total_that_does_not_match_is_named(framework, performance, potential):
    KpiFactory(component=performance, weight=Decimal(40))
    KpiFactory(component=performance, weight=Decimal(25))
    KpiFactory(component=potential, weight=Decimal(30))
    assert framework_weight_problems(framework) == [
        "องค์ประกอบ Performance Base: น้ำหนักตัวชี้วัดรวม 65.00 ไม่เท่ากับน้ำหนักองค์ประกอบ 70.00"
    ]


def test_empty_component_is_reported(framework, performance):
    KpiFactory(component=performance, weight=Decimal(70))
    problems = framework_weight_problems(framework)
    assert problems == ["องค์ประกอบ Potential Base: น้ำหนักตัวชี้วัดรวม 0.00 ไม่เท่ากับน้ำหนักองค์ประกอบ 30.00"]


def test_sub_kpis_do_not_count_in_the_component(framework, performance, potential):
    parent = KpiFactory(component=performance, weight=Decimal(70), number="1", method="composite")
    KpiFactory(component=performance, weight=Decimal(35), parent=parent, sub_weight=Decimal(60))
    KpiFactory(component=performance, weight=Decimal(35), parent=parent, sub_weight=Decimal(40))
    KpiFactory(component=potential, weight=Decimal(30))
    assert framework_weight_problems(framework) == []


def test_sub_kpi_shares_must_add_up_to_100(framework, performance, potential):
    parent = KpiFactory(component=performance, weight=Decimal(70), number="1")
    KpiFactory(component=performance, weight=Decimal(1), parent=parent, sub_weight=Decimal(60))
    KpiFactory(component=performance, weight=Decimal(1), parent=parent, sub_weight=Decimal(30))
    KpiFactory(component=potential, weight=Decimal(30))
    assert framework_weight_problems(framework) == [
        "ตัวชี้วัด 1: น้ำหนักตัวชี้วัดย่อยรวม 90.00 ไม่เท่ากับ 100.00"
    ]


def test_composite_without_sub_kpis_is_reported(framework, performance, potential):
    KpiFactory(component=performance, weight=Decimal(70), number="1", method="composite")
    KpiFactory(component=potential, weight=Decimal(30))
    assert "ยังไม่มีตัวชี้วัดย่อย" in framework_weight_problems(framework)[0]


def test_only_the_latest_version_counts(coordinator, org, framework, performance, potential):
    kpi = add_levels(
        KpiFactory(component=performance, weight=Decimal(70), responsible_unit=org.eia)
    )
    KpiFactory(component=potential, weight=Decimal(30))
    services.kpi_approve(coordinator, kpi)
    draft = services.kpi_new_version(coordinator, kpi)
    assert framework_weight_problems(framework) == []
    services.kpi_update(coordinator, draft, {"weight": Decimal(60)})
    assert framework_weight_problems(framework) == [
        "องค์ประกอบ Performance Base: น้ำหนักตัวชี้วัดรวม 60.00 ไม่เท่ากับน้ำหนักองค์ประกอบ 70.00"
    ]
