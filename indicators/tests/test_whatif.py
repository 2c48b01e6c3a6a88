"""What-if for a KPI and for the agency (domain §6 worked examples)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from frameworks.models import Framework
from indicators.criteria import agency_whatif, kpi_whatif
from indicators.models import Kpi
from indicators.tests.factories import ComponentFactory, FrameworkFactory, KpiFactory, add_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(performance):
    """Domain §6: level scores 50/75/100, targets 80/90/100 %, higher is better."""
    return add_levels(KpiFactory(component=performance, unit="ร้อยละ"))


def test_result_95_scores_87_50(example):
    assert kpi_whatif(example, Decimal(95)).score == Decimal("87.5000")


@pytest.mark.parametrize(
    ("result", "score"), [("85", "62.5"), ("79.99", "0"), ("100", "100"), ("120", "100")]
)
def test_domain_examples(example, result, score):
    assert kpi_whatif(example, Decimal(result)).score == Decimal(score)


def test_score_75_needs_a_result_of_90(example):
    whatif = kpi_whatif(example, want=Decimal(75))
    assert whatif.needed == Decimal("90.0000")
    assert whatif.needed_text == "ผลการดำเนินงานต้องได้อย่างน้อย 90.00 ร้อยละ"


def test_lower_is_better_example(performance):
    kpi = add_levels(
        KpiFactory(component=performance, direction="lower", unit="วัน"), ("75", "60", "45")
    )
    assert kpi_whatif(kpi, Decimal(52)).score == Decimal("88.3333")
    whatif = kpi_whatif(kpi, want=Decimal(75))
    assert whatif.needed == Decimal(60)
    assert "ไม่เกิน 60.00 วัน" in whatif.needed_text


def test_unreachable_score_is_explained(example):
    whatif = kpi_whatif(example, want=Decimal(120))
    assert whatif.needed is None
    assert "คะแนนสูงสุดของตัวชี้วัดนี้คือ 100.00" in whatif.needed_text


def test_score_at_the_floor_needs_nothing(example):
    whatif = kpi_whatif(example, want=Decimal(0))
    assert whatif.needed is None
    assert "ต่ำกว่าเกณฑ์ระดับแรก" in whatif.needed_text


def test_kpi_without_levels_says_so(performance):
    whatif = kpi_whatif(KpiFactory(component=performance), Decimal(10))
    assert whatif.score is None
    assert "ยังกำหนดเกณฑ์การให้คะแนนไม่ครบถ้วน" in whatif.problem


def test_milestone_needs_a_step(performance):
    kpi = add_levels(
        KpiFactory(component=performance, method="milestone"),
        ("1", "2", "3", "4", "5"),
        ("20", "40", "60", "80", "100"),
    )
    whatif = kpi_whatif(kpi, Decimal(3), Decimal(70))
    assert whatif.score == Decimal(60)
    assert whatif.needed == Decimal(4)
    assert "ขั้นที่ 4" in whatif.needed_text


def test_agency_total_counts_pending_as_pending(framework, performance, potential):
    a = add_levels(KpiFactory(component=performance, weight=Decimal(70)))
    b = add_levels(KpiFactory(component=potential, weight=Decimal(30)))
    whatif = agency_whatif(framework, [a, b], {a.pk: Decimal("80.357")})
    assert whatif.totals.total == Decimal("56.2499")
    assert whatif.totals.pending == 1
    assert whatif.level is not None and whatif.level.label == "ระดับต้องปรับปรุง"
    needs = {need.level.code: need for need in whatif.needs}
    # 90 − 56.2499 = 33.7501 from a weight of 30 → more than 100 %: unreachable
    assert needs["quality"].needed is None
    # 60 − 56.2499 = 3.7501 = 12.5002 × 30 / 100, rounded half-up per KPI (domain §6)
    assert needs["basic"].needed == Decimal("12.5002")
    assert needs["basic"].reached is False


def test_agency_level_already_reached(framework, performance, potential):
    a = add_levels(KpiFactory(component=performance, weight=Decimal(70)))
    b = add_levels(KpiFactory(component=potential, weight=Decimal(30)))
    whatif = agency_whatif(framework, [a, b], {a.pk: Decimal(100)})
    needs = {need.level.code: need for need in whatif.needs}
    assert needs["basic"].reached and needs["basic"].needed == 0
    # 66.6665 × 30 / 100 = 19.99995 → 20.0000 half-up: 70 + 20 = 90
    assert needs["quality"].needed == Decimal("66.6665")


def test_five_level_framework_uses_the_weighted_average(org):
    framework = FrameworkFactory(
        department=org.department,
        fiscal_year=2562,
        template=Framework.Template.FIVE_BASES,
        precision=4,
    )
    framework.result_levels.create(code="quality", label_th="ระดับคุณภาพ", min_total=Decimal("4.5"))
    framework.result_levels.create(code="improve", label_th="ต้องปรับปรุง", min_total=Decimal(0))
    component = ComponentFactory(framework=framework, weight=Decimal(100))
    five = ("1", "2", "3", "4", "5")
    a = add_levels(KpiFactory(component=component, weight=Decimal(50), method="scale5"), five, five)
    b = add_levels(KpiFactory(component=component, weight=Decimal(50), method="scale5"), five, five)
    whatif = agency_whatif(framework, [a, b], {a.pk: Decimal(4)})
    assert whatif.shown_total == Decimal(4)
    assert whatif.scale_max == 5
    # (50 × 4 + 50 × s) / 100 ≥ 4.5 → s = 5
    assert whatif.needs[0].needed == Decimal(5)


class KpiWhatIfInverse(TestCase):
    """The calculator's two directions agree: the needed result earns the wanted score."""

    kpi: Kpi

    @classmethod
    def setUpTestData(cls):
        from conftest import DepartmentFactory

        department = DepartmentFactory(code="inv")
        component = ComponentFactory(framework=FrameworkFactory(department=department))
        cls.kpi = add_levels(KpiFactory(component=component))

    @settings(max_examples=60, deadline=None)
    @given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2))
    def test_needed_result_earns_the_wanted_score(self, want):
        whatif = kpi_whatif(self.kpi, want=want)
        assert whatif.needed is not None
        assert kpi_whatif(self.kpi, whatif.needed).score >= want


def test_needed_values_are_shown_rounded_towards_enough(framework, performance, potential):
    a = add_levels(KpiFactory(component=performance, weight=Decimal(70)))
    b = add_levels(KpiFactory(component=potential, weight=Decimal(30)))
    needs = {n.level.code: n for n in agency_whatif(framework, [a, b], {a.pk: Decimal(100)}).needs}
    assert needs["quality"].needed == Decimal("66.6665")
    assert needs["quality"].needed_display == "66.67"
    kpi = add_levels(
        KpiFactory(component=performance, direction="lower", unit="วัน"), ("75", "60", "45")
    )
    # 88.325 needs at most 60 − 13.325 × 15 / 25 = 52.005 days: half-up would say 52.01, which
    # falls short; lower-is-better rounds down
    whatif = kpi_whatif(kpi, want=Decimal("88.325"))
    assert whatif.needed == Decimal("52.005")
    assert "ไม่เกิน 52.00 วัน" in whatif.needed_text
