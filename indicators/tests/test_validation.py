"""Each validation rule of the sheet gives a Thai message on its field and saves nothing."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators import services
from indicators.models import Kpi
from indicators.services import BaselineInput, DataItemInput, LevelInput, RoundExpectationInput
from indicators.tests.factories import (
    ComponentFactory,
    FrameworkFactory,
    KpiFactory,
    ReportingRoundFactory,
)

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F]")


def _levels(*pairs):
    return [LevelInput(Decimal(t), Decimal(s)) for t, s in pairs]


GOOD_LEVELS = _levels((80, 50), (90, 75), (100, 100))


def _errors(coordinator, framework, performance, **changes):
    fields = {
        "component": performance,
        "number": "9",
        "name_th": "ตัวชี้วัดทดสอบ",
        "weight": Decimal(10),
        "levels": GOOD_LEVELS,
    }
    fields.update(changes)
    before = Kpi.objects.count()
    with pytest.raises(ValidationError) as error:
        services.kpi_create(coordinator, framework, **fields)
    assert Kpi.objects.count() == before, "nothing is saved"
    messages = error.value.message_dict
    assert all(THAI.search(m) for ms in messages.values() for m in ms)
    return messages


@pytest.mark.parametrize("weight", [Decimal(0), Decimal(-5), None, Decimal(101)])
def test_weight_must_be_above_zero(coordinator, framework, performance, weight):
    errors = _errors(coordinator, framework, performance, weight=weight)
    assert list(errors) == ["weight"]


def test_weight_keeps_four_decimals_at_most(coordinator, framework, performance):
    errors = _errors(coordinator, framework, performance, weight=Decimal("10.00001"))
    assert errors["weight"] == ["ทศนิยมได้ไม่เกิน 4 ตำแหน่ง"]


def test_levels_must_rise_for_higher_is_better(coordinator, framework, performance):
    levels = _levels((80, 50), (70, 75), (100, 100))
    errors = _errors(coordinator, framework, performance, levels=levels)
    assert errors["levels[1].target"] == ["ค่าเป้าหมายต้องเรียงจากน้อยไปมาก"]


def test_levels_must_fall_for_lower_is_better(coordinator, framework, performance):
    errors = _errors(coordinator, framework, performance, direction="lower")
    assert "levels[1].target" in errors
    assert "มากไปน้อย" in errors["levels[1].target"][0]


def test_scores_must_rise(coordinator, framework, performance):
    levels = _levels((80, 50), (90, 40), (100, 100))
    errors = _errors(coordinator, framework, performance, levels=levels)
    assert errors["levels[1].score"] == ["คะแนนต้องเรียงจากน้อยไปมาก"]


def test_five_level_scale_needs_five_levels(coordinator, framework, performance):
    errors = _errors(coordinator, framework, performance, method="scale5")
    assert errors["levels"] == ["ต้องมี 5 ระดับพอดี"]


def test_floor_below_first_level(coordinator, framework, performance):
    errors = _errors(coordinator, framework, performance, floor=Decimal(60))
    assert "floor" in errors


def test_formula_must_use_the_sheets_codes(coordinator, framework, performance):
    errors = _errors(
        coordinator,
        framework,
        performance,
        data_items=[DataItemInput("a", "จำนวน")],
        formula="(a / b) * 100",
    )
    assert list(errors) == ["formula"]
    assert "“b”" in errors["formula"][0]


def test_formula_constructs_are_checked(coordinator, framework, performance):
    errors = _errors(
        coordinator,
        framework,
        performance,
        data_items=[DataItemInput("a", "จำนวน")],
        formula="__import__('os')",
    )
    assert "formula" in errors


def test_data_item_codes_are_unique_identifiers(coordinator, framework, performance):
    errors = _errors(
        coordinator,
        framework,
        performance,
        data_items=[
            DataItemInput("a", "หนึ่ง"),
            DataItemInput("a", "สอง"),
            DataItemInput("ข", "สาม"),
            DataItemInput("c", ""),
        ],
    )
    assert errors["data_items[1].code"] == ["รหัส a ซ้ำกัน"]
    assert "data_items[2].code" in errors
    assert errors["data_items[3].name_th"] == ["กรุณาระบุชื่อรายการข้อมูล"]


def test_baselines_only_for_the_three_previous_years(coordinator, framework, performance):
    errors = _errors(
        coordinator,
        framework,
        performance,
        baselines=[
            BaselineInput(2566, Decimal(1)),
            BaselineInput(2569, Decimal(2)),
            BaselineInput(2565, Decimal(3)),
            BaselineInput(2566, Decimal(4)),
        ],
    )
    assert set(errors) == {
        "baselines[1].fiscal_year",
        "baselines[2].fiscal_year",
        "baselines[3].fiscal_year",
    }
    assert "2566–2568" in errors["baselines[1].fiscal_year"][0]
    assert "ซ้ำ" in errors["baselines[3].fiscal_year"][0]


def test_sub_weight_is_required_with_a_parent(coordinator, framework, performance, eia_draft):
    errors = _errors(coordinator, framework, performance, parent=eia_draft)
    assert list(errors) == ["sub_weight"]


def test_sub_weight_without_parent_is_refused(coordinator, framework, performance):
    errors = _errors(coordinator, framework, performance, sub_weight=Decimal(50))
    assert list(errors) == ["sub_weight"]


def test_parent_must_not_be_itself(coordinator, eia_draft):
    with pytest.raises(ValidationError) as error:
        services.kpi_update(
            coordinator, eia_draft, {"parent": eia_draft, "sub_weight": Decimal(50)}
        )
    assert "parent" in error.value.message_dict


def test_cascade_from_must_be_the_same_department(coordinator, org, framework, performance):
    other = ComponentFactory(framework=FrameworkFactory(department=org.other_department))
    foreign = KpiFactory(component=other)
    errors = _errors(coordinator, framework, performance, cascade_from=foreign)
    assert list(errors) == ["cascade_from"]


def test_cascade_from_any_year_of_the_department(coordinator, org, framework, performance):
    last_year = ComponentFactory(
        framework=FrameworkFactory(department=org.department, fiscal_year=2568)
    )
    source = KpiFactory(component=last_year)
    kpi = services.kpi_create(
        coordinator,
        framework,
        component=performance,
        number="9",
        name_th="ถ่ายทอด",
        weight=Decimal(5),
        cascade_from=source,
    )
    assert kpi.cascade_from == source


def test_cascade_from_must_not_be_itself(coordinator, eia_draft):
    with pytest.raises(ValidationError) as error:
        services.kpi_update(coordinator, eia_draft, {"cascade_from": eia_draft})
    assert list(error.value.message_dict) == ["cascade_from"]


def test_number_is_unique_in_the_framework(coordinator, framework, performance, eia_draft):
    errors = _errors(coordinator, framework, performance, number=eia_draft.number)
    assert eia_draft.name_th in errors["number"][0]


def test_number_looks_like_a_number(coordinator, framework, performance):
    assert "number" in _errors(coordinator, framework, performance, number="หนึ่ง")


def test_component_of_another_framework_is_refused(coordinator, org, framework):
    other = ComponentFactory(
        framework=FrameworkFactory(department=org.department, fiscal_year=2568)
    )
    errors = _errors(coordinator, framework, other)
    assert list(errors) == ["component"]


def test_round_of_another_framework_is_refused(coordinator, org, framework, performance):
    foreign = ReportingRoundFactory(
        framework=FrameworkFactory(department=org.department, fiscal_year=2568)
    )
    errors = _errors(
        coordinator,
        framework,
        performance,
        round_expectations=[RoundExpectationInput(foreign, "รายงาน")],
    )
    assert list(errors) == ["round_expectations[0].round"]


def test_name_is_required(coordinator, framework, performance):
    assert _errors(coordinator, framework, performance, name_th="  ")["name_th"]


def test_every_problem_is_reported_at_once(coordinator, framework, performance):
    errors = _errors(coordinator, framework, performance, weight=Decimal(0), name_th="", number="")
    assert {"weight", "name_th", "number"} <= set(errors)


@pytest.mark.parametrize("formula", ["min(a)", "max(a)", "max(min(a), 1)"])
def test_formula_functions_check_their_arity(coordinator, framework, performance, formula):
    # min(a) used to pass validation, then every save of the KPI's report failed with a 500.
    errors = _errors(
        coordinator,
        framework,
        performance,
        data_items=[DataItemInput("a", "จำนวน")],
        formula=formula,
    )
    assert list(errors) == ["formula"]
    assert "อย่างน้อย 2 ค่า" in errors["formula"][0]


def test_formula_that_never_computes_is_refused(coordinator, framework, performance):
    errors = _errors(
        coordinator,
        framework,
        performance,
        data_items=[DataItemInput("a", "จำนวน")],
        formula="a / (a - a)",
    )
    assert list(errors) == ["formula"]
    assert "หารด้วยศูนย์" in errors["formula"][0]
