"""Real magnitudes (issue 17 item 1): a budget of 2,500 ล้านบาท entered in baht, 3 million
visitors — targets, baselines, data-item values and results hold up to 10^15 with 4 decimals,
exactly, on SQLite and on PostgreSQL; anything larger is refused with the limit in Thai."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.decimals import QUANTITY_LIMIT, display_decimal, quantity_problem
from indicators import services
from indicators.models import Baseline, Kpi, TargetLevel
from indicators.services import BaselineInput, LevelInput
from indicators.tests.factories import KpiFactory

pytestmark = pytest.mark.django_db

BIGGEST = Decimal("1000000000000000.0000")  # 10^15
FINEST = Decimal("999999999999999.9999")  # 19 significant digits: SQLite's REAL keeps 15
BILLIONS = Decimal("2500000000")  # 2,500 ล้านบาท


@pytest.mark.parametrize("value", [BIGGEST, FINEST, -FINEST, Decimal("1234567890123.4567")])
def test_target_and_baseline_store_and_read_back_exactly(performance, value):
    kpi = KpiFactory(component=performance)
    level = TargetLevel.objects.create(kpi=kpi, order=1, target=value, score=Decimal(100))
    baseline = Baseline.objects.create(kpi=kpi, fiscal_year=2566, value=value)
    assert TargetLevel.objects.get(pk=level.pk).target == value
    assert Baseline.objects.get(pk=baseline.pk).value == value
    assert TargetLevel.objects.filter(pk=level.pk).values_list("target", flat=True)[0] == value


def test_result_stores_and_reads_back_exactly(org):
    from reporting.models import Submission
    from reporting.tests.factories import make_framework, make_kpi, make_round

    framework = make_framework(org.department)
    kpi = make_kpi(framework)
    submission = Submission.objects.create(
        round=make_round(framework), kpi=kpi, kpi_key=kpi.key, result=FINEST
    )
    assert Submission.objects.get(pk=submission.pk).result == FINEST


def test_null_stays_null(performance):
    kpi = KpiFactory(component=performance)
    baseline = Baseline.objects.create(kpi=kpi, fiscal_year=2566, value=None)
    assert Baseline.objects.get(pk=baseline.pk).value is None


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.decimals(min_value=-QUANTITY_LIMIT, max_value=QUANTITY_LIMIT, places=4))
def test_any_quantity_in_range_round_trips(performance, value):
    kpi = KpiFactory(component=performance)
    baseline, _ = Baseline.objects.update_or_create(
        kpi=kpi, fiscal_year=2566, defaults={"value": value}
    )
    assert Baseline.objects.get(pk=baseline.pk).value == value
    assert quantity_problem(value) is None


def test_above_the_limit_is_refused_with_the_limit_in_thai():
    problem = quantity_problem(QUANTITY_LIMIT + Decimal("0.0001"))
    assert problem is not None
    assert "1,000,000,000,000,000" in problem
    assert "ไม่เกิน" in problem


def test_sheet_with_a_budget_in_billions_is_saved(coordinator, framework, performance):
    kpi = services.kpi_create(
        coordinator,
        framework,
        component=performance,
        number="9",
        name_th="ผลการเบิกจ่ายงบประมาณ",
        unit="บาท",
        weight=Decimal(10),
        levels=[
            LevelInput(Decimal("2000000000"), Decimal(50)),
            LevelInput(Decimal("2250000000"), Decimal(75)),
            LevelInput(BILLIONS, Decimal(100)),
        ],
        baselines=[BaselineInput(framework.fiscal_year - 1, Decimal("2412345678.5"))],
    )
    kpi = Kpi.objects.get(pk=kpi.pk)
    assert [lv.target for lv in kpi.levels.all()][-1] == BILLIONS
    assert kpi.baselines.get().value == Decimal("2412345678.5")


def test_sheet_above_the_limit_says_the_limit(coordinator, framework, performance):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.kpi_create(
            coordinator,
            framework,
            component=performance,
            number="9",
            name_th="ตัวชี้วัดทดสอบ",
            weight=Decimal(10),
            levels=[
                LevelInput(Decimal(80), Decimal(50)),
                LevelInput(Decimal(90), Decimal(75)),
                LevelInput(Decimal(10) ** 16, Decimal(100)),
            ],
        )
    assert "1,000,000,000,000,000" in error.value.message_dict["levels[2].target"][0]


def test_scores_keep_their_own_limit(coordinator, framework, performance):
    """A score is not a quantity: a level score of a million is refused before the database."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.kpi_create(
            coordinator,
            framework,
            component=performance,
            number="9",
            name_th="ตัวชี้วัดทดสอบ",
            weight=Decimal(10),
            levels=[
                LevelInput(Decimal(80), Decimal(50)),
                LevelInput(Decimal(90), Decimal(75)),
                LevelInput(Decimal(100), Decimal(1000000)),
            ],
        )
    assert "levels[2].score" in error.value.message_dict


def test_display_has_thousands_separators():
    assert display_decimal(BILLIONS, 2) == "2,500,000,000.00"


@pytest.mark.parametrize(
    "targets",
    [
        (Decimal("2000000000"), Decimal("2250000000"), BILLIONS),
        (FINEST - 2, FINEST - 1, FINEST),  # more digits than an Excel number holds
    ],
)
def test_excel_round_trip_keeps_big_targets_exactly(coordinator, framework, performance, targets):
    import io

    from openpyxl import load_workbook

    from indicators.excel import export_framework_kpis, import_framework_kpis
    from indicators.excel_layout import LEVELS
    from indicators.tests.test_excel_factories import upload

    services.kpi_create(
        coordinator,
        framework,
        component=performance,
        number="9",
        name_th="ผลการเบิกจ่ายงบประมาณ",
        unit="บาท",
        weight=Decimal(10),
        levels=[LevelInput(t, Decimal(s)) for t, s in zip(targets, (50, 75, 100), strict=True)],
    )
    content = export_framework_kpis(framework)
    cells = [c for row in load_workbook(io.BytesIO(content))[LEVELS.title].iter_rows() for c in row]
    shown = [c for c in cells if c.value in (BILLIONS, int(BILLIONS), "999,999,999,999,999.9999")]
    assert shown and all(c.data_type == "s" or "#,##0" in c.number_format for c in shown)
    Kpi.objects.filter(framework=framework).delete()

    result = import_framework_kpis(coordinator, framework, upload(content))

    assert result.ok, result.errors
    kpi = Kpi.objects.get(framework=framework, number="9")
    assert [lv.target for lv in kpi.levels.all()] == list(targets)
