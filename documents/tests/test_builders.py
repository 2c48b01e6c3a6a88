from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.builders import kpi_sheet_document, kpi_sheets_document
from documents.builders.common import Digits, natural_key
from documents.tests.factories import (
    KPI_NAME,
    UNIT_NAME,
    ComponentFactory,
    KpiFactory,
    full_kpi,
)
from indicators.models import Kpi


def test_sheet_carries_every_field_of_the_kpi(org):
    kpi = full_kpi(org.department)

    doc = kpi_sheet_document(kpi, thai_digits=False)

    assert doc.department == org.department.name_th
    assert doc.fiscal_year == 2569 and doc.fiscal_year_text == "2569"
    (sheet,) = doc.sheets
    assert sheet.name_th == KPI_NAME
    assert sheet.weight == Decimal("12.5") and sheet.weight_text == "12.5"
    assert [(level.label, level.target_text, level.score_text) for level in sheet.levels] == [
        ("ขั้นต้น", "75", "50"),
        ("มาตรฐาน", "80", "70"),
        ("ขั้นสูง", "85", "100"),
    ]
    assert [(item.code, item.unit) for item in sheet.data_items] == [("a", "ฉบับ"), ("b", "ฉบับ")]
    assert sheet.formula == "(a / b) * 100"
    assert sheet.responsible_unit == UNIT_NAME
    assert sheet.overseer is not None and sheet.overseer.phone == "0 2265 6501"
    assert sheet.overseer.name == "นายสมชาย กำกับดี"
    (collector,) = sheet.collectors
    assert collector.email == "nattaya1@example.go.th"
    assert [round_.expectation for round_ in sheet.rounds] == ["รายงานความก้าวหน้า", ""]
    assert sheet.rounds[0].due_date_text == "15 เมษายน 2569"
    assert sheet.state_code == "draft" and sheet.version == 1


def test_baselines_always_show_the_three_previous_years(org):
    kpi = full_kpi(org.department)

    sheet = kpi_sheet_document(kpi, thai_digits=False).sheets[0]

    assert [(b.fiscal_year, b.value_text) for b in sheet.baselines] == [
        (2566, ""),
        (2567, "78.25"),
        (2568, "81"),
    ]
    assert sheet.baselines[1].note == "ข้อมูลจากระบบ"


def test_lineage_lists_the_path_from_the_national_strategy_with_codes(org):
    kpi = full_kpi(org.department)

    sheet = kpi_sheet_document(kpi, thai_digits=True).sheets[0]

    assert [(node.code, node.depth) for node in sheet.lineage] == [("N2", 0), ("M18", 1)]
    assert sheet.lineage[0].level == "ยุทธศาสตร์ชาติ"


def test_thai_digit_option_converts_numbers_dates_and_text_but_not_email(org):
    kpi = full_kpi(org.department)

    doc = kpi_sheet_document(kpi, thai_digits=True)

    sheet = doc.sheets[0]
    assert doc.fiscal_year_text == "๒๕๖๙"
    assert sheet.weight_text == "๑๒.๕"
    assert sheet.levels[2].score_text == "๑๐๐"
    assert sheet.rounds[0].due_date_text == "๑๕ เมษายน ๒๕๖๙"
    assert sheet.responsible_unit == "สำนักงานสิ่งแวดล้อมภาคที่ ๑"
    assert "๓๐ วัน" in sheet.description
    assert sheet.collectors[0].email == "nattaya1@example.go.th"


def test_sub_kpis_show_their_latest_version_with_their_weight(org):
    parent = full_kpi(org.department)
    old = KpiFactory(
        framework=parent.framework,
        component=parent.component,
        parent=parent,
        number="1.1",
        name_th="ตัวชี้วัดย่อยฉบับเก่า",
        sub_weight=Decimal(40),
        is_latest=False,
        state=Kpi.State.SUPERSEDED,
    )
    KpiFactory(
        framework=parent.framework,
        component=parent.component,
        parent=parent,
        key=old.key,
        version=2,
        number="1.1",
        name_th="ตัวชี้วัดย่อยฉบับใหม่",
        sub_weight=Decimal(60),
    )

    sheet = kpi_sheet_document(parent, thai_digits=False).sheets[0]

    assert [(sub.number, sub.name, sub.weight_text) for sub in sheet.sub_kpis] == [
        ("1.1", "ตัวชี้วัดย่อยฉบับใหม่", "60")
    ]


def test_framework_document_has_latest_kpis_by_component_then_number(org):
    first = full_kpi(org.department, number="10")
    framework = first.framework
    full_kpi(org.department, number="2")
    potential = ComponentFactory(framework=framework, order=2, code="potential", name_th="ศักยภาพ")
    KpiFactory(framework=framework, component=potential, number="1", name_th="ตัวชี้วัดศักยภาพ")
    KpiFactory(framework=framework, component=first.component, number="3", is_latest=False)

    doc = kpi_sheets_document(framework, thai_digits=False)

    assert [sheet.number for sheet in doc.sheets] == ["2", "10", "1"]


def test_framework_document_uses_a_constant_number_of_queries(org):
    first = full_kpi(org.department)
    framework = first.framework

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            kpi_sheets_document(framework, thai_digits=True)
        return len(queries)

    one = count()
    for number in ("2", "3", "4"):
        full_kpi(org.department, number=number)
    assert count() == one


def test_natural_key_orders_kpi_numbers_like_people_do():
    assert sorted(["1.10", "1.2", "2", "1"], key=natural_key) == ["1", "1.2", "1.10", "2"]


def test_numbers_round_half_up_and_drop_useless_zeros():
    digits = Digits(thai=False)
    assert digits.number(Decimal("80.0000")) == "80"
    assert digits.number(Decimal("82.3350")) == "82.34"
    assert digits.number(Decimal("1234.5")) == "1,234.5"
    assert Digits(thai=True).code("1.2") == "๑.๒"
    assert Digits(thai=True).code("N2") == "N2"


def test_sheet_states_each_rounds_rule(org):
    # Issue 17 item 3: the round table says where the KPI is not evaluated or weighs otherwise.
    from indicators.models import RoundExpectation

    kpi = full_kpi(org.department)
    six, twelve = sorted(kpi.framework.rounds.all(), key=lambda r: r.order)
    RoundExpectation.objects.filter(kpi=kpi, round=six).update(
        in_force=False, reason="เริ่มประเมินรอบ 12 เดือน"
    )
    RoundExpectation.objects.create(kpi=kpi, round=twelve, weight=Decimal(25), reason="ตามมติ")
    sheet = kpi_sheet_document(Kpi.objects.get(pk=kpi.pk), thai_digits=True).sheets[0]
    assert [r.expectation for r in sheet.rounds] == [
        "รายงานความก้าวหน้า · ไม่ประเมินในรอบนี้ · เหตุผล: เริ่มประเมินรอบ ๑๒ เดือน",
        "น้ำหนักในรอบนี้ ๒๕ · เหตุผล: ตามมติ",
    ]
