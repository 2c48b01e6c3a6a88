"""Excel import/export of KPI sheets (domain §5, §10): round trip, error reports, permissions."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Person, Role
from conftest import RoleAssignmentFactory, make_persona
from core.models import AuditEvent
from indicators.excel import export_framework_kpis, import_framework_kpis, template_workbook
from indicators.excel_layout import DATA_ITEMS, KPIS, LEVELS, ROUND_EXPECTATIONS
from indicators.models import Kpi
from indicators.tests.test_excel_factories import (
    fill,
    make_framework,
    make_world,
    plain_workbook,
    sheet_values,
    upload,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(org):
    return make_world(org)


@pytest.fixture
def framework(org):
    return make_framework(org.department)


def problems_of(result):
    return {(p.sheet, p.row, p.column, p.message) for p in result.errors}


# Round trip ----------------------------------------------------------------------------------


def test_export_import_export_round_trip_gives_identical_cells(world, coordinator):
    first = export_framework_kpis(world.framework)
    Kpi.objects.filter(framework=world.framework).delete()

    result = import_framework_kpis(coordinator, world.framework, upload(first))

    assert result.ok, result.errors
    assert result.created == 6
    second = export_framework_kpis(world.framework)
    before, after = sheet_values(first), sheet_values(second)
    assert list(before) == list(after)
    for title in before:
        assert before[title] == after[title], title
    assert len(before[KPIS.title]) == 2 + 6  # headers, keys, six KPIs


def test_round_trip_keeps_sub_kpis_people_lineage_and_children(world, coordinator):
    content = export_framework_kpis(world.framework)
    Kpi.objects.filter(framework=world.framework).delete()

    import_framework_kpis(coordinator, world.framework, upload(content))

    kpis = {k.number: k for k in Kpi.objects.filter(framework=world.framework)}
    assert {k.state for k in kpis.values()} == {Kpi.State.DRAFT}
    assert kpis["2.1"].parent == kpis["2"] and kpis["2.10"].sub_weight == D(40)
    eia = kpis["1"]
    assert eia.overseer == world.people[0]
    assert set(eia.collectors.all()) == set(world.people[1:])
    assert sorted(item.code for item in eia.lineage.all()) == ["1", "M2"]
    assert [d.code for d in eia.data_items.all()] == ["a", "b"]
    assert [b.value for b in eia.baselines.all()] == [D("82.1234"), None, D(91)]
    assert eia.round_expectations.count() == 2
    assert eia.conditions.startswith("=SUM")
    assert kpis["3"].floor == D("0.5") and kpis["2.1"].interpolate is False
    assert eia.strategic_kpi is not None and eia.strategic_kpi.code == "NS-5-1"
    assert eia.origin_relation == "proxy"
    assert kpis["3"].origin_relation == "" and kpis["3"].strategic_kpi is None


def test_export_writes_numbers_as_numbers_and_formula_like_text_as_text(world):
    workbook = load_workbook(io.BytesIO(export_framework_kpis(world.framework)))
    sheet = workbook[KPIS.title]
    headers = [cell.value for cell in sheet[1]]
    row = [cell for cell in sheet[3]]

    weight = row[headers.index("น้ำหนัก (ร้อยละ)")]
    assert weight.value == 25.5 and weight.data_type == "n"
    assert weight.number_format == "#,##0.00##"
    conditions = row[headers.index("เงื่อนไข/หมายเหตุ")]
    assert conditions.data_type == "s" and str(conditions.value).startswith("=SUM")
    assert row[headers.index("วิธีให้คะแนน")].value == "สามระดับ (ขั้นต้น/มาตรฐาน/ขั้นสูง)"
    assert sheet.row_dimensions[2].hidden
    numbers = [r[1] for r in sheet_values(workbook_bytes(workbook))[KPIS.title][2:]]
    assert numbers == ["1", "2", "2.1", "2.10", "3", "4"]


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_export_uses_a_constant_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        export_framework_kpis(world.framework)


def test_template_is_empty_with_instructions_and_drop_downs(world):
    workbook = load_workbook(io.BytesIO(template_workbook(world.framework)))

    assert workbook.sheetnames[0] == "คำแนะนำ"
    assert workbook["ตัวเลือก"].sheet_state == "hidden"
    for title in (KPIS.title, LEVELS.title, DATA_ITEMS.title):
        assert workbook[title].max_row == 2  # headers and keys only
    instructions = [c for row in workbook["คำแนะนำ"].iter_rows(values_only=True) for c in row if c]
    assert "performance" in instructions and "สิ่งที่ต้องรายงานรายรอบ" in instructions
    validations = workbook[KPIS.title].data_validations.dataValidation
    lists = {str(dv.sqref): dv.formula1 for dv in validations}
    assert lists["A3:A2002"] == "'ตัวเลือก'!$A$2:$A$3"  # the framework's two component codes
    assert len(lists) == 6  # … and the relation to a Strategic KPI (issue 17 item 4)


# Import: errors --------------------------------------------------------------------------------


def bad_workbook(framework):
    good = {"component": "performance", "number": "1", "name_th": "ตัวชี้วัดดี", "weight": 20}
    return fill(
        template_workbook(framework),
        {
            KPIS.title: [
                {**good, "method": "สามระดับ (ขั้นต้น/มาตรฐาน/ขั้นสูง)", "formula": "(a / c) * 100"},
                {**good, "number": "2", "component": "nope", "method": "levels"},
                {"component": "potential", "number": "3", "weight": "abc", "method": "levels"},
                {**good, "number": "4", "weight": -5, "method": "ตามใจ"},
                {**good, "method": "levels"},
                {
                    **good,
                    "number": "5",
                    "method": "levels",
                    "responsible_unit": "zzz",
                    "overseer": "nobody",
                    "lineage": "X9",
                    "origin_relation": "ตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs",
                    "strategic_kpi": "ZZ-9",
                },
            ],
            LEVELS.title: [
                {"kpi": "1", "order": 1, "target": 80, "score": 50},
                {"kpi": "1", "order": 2, "target": 70, "score": 75},
                {"kpi": "1", "order": 3, "target": 100, "score": 100},
            ],
            DATA_ITEMS.title: [
                {"kpi": "1", "order": 1, "code": "a", "name_th": "ตัวตั้ง"},
                {"kpi": "9", "order": 1, "code": "b", "name_th": "ไม่มีเจ้าของ"},
            ],
            ROUND_EXPECTATIONS.title: [{"kpi": "1", "round": 7, "expectation": "x"}],
        },
    )


def test_import_reports_every_bad_row_with_row_column_and_thai_message(framework, coordinator):
    result = import_framework_kpis(coordinator, framework, upload(bad_workbook(framework)))

    found = problems_of(result)
    kpis = KPIS.title
    expected = {
        (kpis, 3, "สูตรการคำนวณ", "ไม่พบรหัสรายการข้อมูล “c” (รหัสที่มี: a)"),
        (kpis, 4, "องค์ประกอบ (รหัส)", "ไม่พบองค์ประกอบรหัส “nope” ในกรอบการประเมินนี้"),
        (kpis, 5, "ชื่อตัวชี้วัด", "กรุณาระบุชื่อตัวชี้วัด"),
        (kpis, 5, "น้ำหนัก (ร้อยละ)", "ต้องเป็นตัวเลข"),
        (kpis, 6, "น้ำหนัก (ร้อยละ)", "น้ำหนักต้องมากกว่า 0"),
        (kpis, 7, "ลำดับตัวชี้วัด", "ลำดับตัวชี้วัด 1 ซ้ำกับแถวที่ 3"),
        (kpis, 8, "หน่วยงานที่รับผิดชอบ (รหัส)", "ไม่พบหน่วยงานรหัส “zzz” ในส่วนราชการนี้"),
        (kpis, 8, "ความเชื่อมโยงกับยุทธศาสตร์ (รหัสแผน)", "ไม่พบแผน/ยุทธศาสตร์รหัส “X9”"),
        (kpis, 8, "Strategic KPI (รหัส)", "ไม่พบ Strategic KPI รหัส “ZZ-9”"),
        (LEVELS.title, 4, "ค่าเป้าหมาย", "ค่าเป้าหมายต้องเรียงจากน้อยไปมาก"),
        (DATA_ITEMS.title, 4, "ลำดับตัวชี้วัด", "ไม่พบตัวชี้วัดลำดับ “9” ในแผ่นงาน “ตัวชี้วัด”"),
        (
            ROUND_EXPECTATIONS.title,
            3,
            "รอบการรายงาน (ลำดับ)",
            "ไม่พบรอบการรายงานลำดับที่ 7 ในกรอบการประเมินนี้",
        ),
    }
    assert expected <= found, found - expected
    assert any(p[1] == 6 and p[2] == "วิธีให้คะแนน" and "ตามใจ" in p[3] for p in found)
    assert any(p[1] == 8 and p[2].startswith("ผู้กำกับดูแล") and "nobody" in p[3] for p in found)
    # A cell gets one message: "ต้องเป็นตัวเลข", not also "กรุณาระบุน้ำหนัก".
    assert len([p for p in found if p[1] == 5 and p[2] == "น้ำหนัก (ร้อยละ)"]) == 1
    assert not result.ok and result.created == 0
    assert not Kpi.objects.filter(framework=framework).exists()
    assert not AuditEvent.objects.filter(action__startswith="indicators.kpi").exists()


def test_errors_are_listed_in_sheet_then_row_order(framework, coordinator):
    result = import_framework_kpis(coordinator, framework, upload(bad_workbook(framework)))

    sheets = [p.sheet for p in result.errors]
    assert sheets.index(KPIS.title) < sheets.index(LEVELS.title)
    kpi_rows = [p.row or 0 for p in result.errors if p.sheet == KPIS.title]
    assert kpi_rows == sorted(kpi_rows)


def test_five_level_kpi_with_four_levels_is_reported_on_the_levels_sheet(framework, coordinator):
    content = fill(
        template_workbook(framework),
        {
            KPIS.title: [
                {
                    "component": "performance",
                    "number": "1",
                    "name_th": "ก",
                    "weight": 10,
                    "method": "scale5",
                }
            ],
            LEVELS.title: [{"kpi": "1", "order": n, "target": n, "score": n} for n in range(1, 5)],
        },
    )

    result = import_framework_kpis(coordinator, framework, upload(content))

    assert (LEVELS.title, 3, "ลำดับตัวชี้วัด", "ต้องมี 5 ระดับพอดี") in problems_of(result)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,weight\nx,1\n", "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx)"),
        (b"", "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx)"),
        ("zip", "เปิดไฟล์ไม่ได้ ไฟล์อาจเสียหาย"),
    ],
)
def test_a_file_that_is_not_an_xlsx_gives_one_clear_error(framework, coordinator, content, message):
    if content == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "not a workbook")
        content = buffer.getvalue()

    result = import_framework_kpis(coordinator, framework, upload(content, "kpis.csv"))

    assert len(result.errors) == 1
    assert result.errors[0].message.startswith(message)
    assert result.errors[0].row is None


def test_a_file_over_the_upload_limit_is_refused(framework, coordinator, settings):
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 1000

    result = import_framework_kpis(coordinator, framework, upload(template_workbook(framework)))

    assert [p.message for p in result.errors] == ["ไฟล์ใหญ่เกินกำหนด (ไม่เกิน 0.000953674 MB)"]


def test_an_empty_template_is_refused_with_a_message(framework, coordinator):
    result = import_framework_kpis(coordinator, framework, upload(template_workbook(framework)))

    assert [p.message for p in result.errors] == ["ไม่พบข้อมูลตัวชี้วัดในแผ่นงาน “ตัวชี้วัด”"]


def test_approved_kpi_with_the_same_number_is_not_changed(world, coordinator):
    content = export_framework_kpis(world.framework)

    result = import_framework_kpis(coordinator, world.framework, upload(content))

    assert (KPIS.title, 3, "ลำดับตัวชี้วัด", "ตัวชี้วัด 1 อนุมัติแล้ว แก้ไขผ่านการนำเข้าไม่ได้") in (
        problems_of(result)
    )
    assert Kpi.objects.get(framework=world.framework, number="1").state == Kpi.State.APPROVED


# Import: success -------------------------------------------------------------------------------


def test_import_creates_drafts_with_children_and_an_audit_event(framework, coordinator):
    content = fill(
        template_workbook(framework),
        {
            KPIS.title: [
                {
                    "component": "performance",
                    "number": "1",
                    "name_th": "ร้อยละงานเสร็จ",
                    "weight": 60,
                    "method": "สามระดับ (ขั้นต้น/มาตรฐาน/ขั้นสูง)",
                    "direction": "ค่ามากดี",
                    "interpolate": "ใช่",
                    "formula": "a / b * 100",
                },
                {
                    "component": "potential",
                    "number": "2",
                    "name_th": "ผ่าน/ไม่ผ่าน",
                    "weight": "40",
                    "method": "pass_fail",
                },
            ],
            LEVELS.title: [
                {"kpi": "1", "order": 3, "label": "ขั้นสูง", "target": 100, "score": 100},
                {"kpi": "1", "order": 1, "label": "ขั้นต้น", "target": 80, "score": 50},
                {"kpi": "1", "order": 2, "label": "มาตรฐาน", "target": 90, "score": 70},
                {"kpi": "2", "order": 1, "target": 1, "score": 100},
            ],
            DATA_ITEMS.title: [
                {"kpi": "1", "order": 1, "code": "a", "name_th": "งานที่เสร็จ", "unit": "เรื่อง"},
                {"kpi": "1", "order": 2, "code": "b", "name_th": "งานทั้งหมด", "unit": "เรื่อง"},
            ],
            "ข้อมูลพื้นฐาน": [{"kpi": "1", "fiscal_year": 2568, "value": 88.5}],
            ROUND_EXPECTATIONS.title: [{"kpi": "2", "round": 1, "expectation": "แผนงาน"}],
        },
    )

    result = import_framework_kpis(coordinator, framework, upload(content), filename="k.xlsx")

    assert result.ok, result.errors
    assert (result.created, result.updated, result.levels, result.data_items) == (2, 0, 4, 2)
    first = Kpi.objects.get(framework=framework, number="1")
    assert first.state == Kpi.State.DRAFT and first.created_by == coordinator
    assert [(lv.label, lv.target) for lv in first.levels.all()] == [
        ("ขั้นต้น", D(80)),
        ("มาตรฐาน", D(90)),
        ("ขั้นสูง", D(100)),
    ]
    assert first.baselines.get().value == D("88.5")
    event = AuditEvent.objects.get(action="indicators.kpi.imported")
    assert event.actor == coordinator and event.object_id == str(framework.pk)
    assert event.data["created"] == 2 and event.data["filename"] == "k.xlsx"


def test_import_updates_a_draft_with_the_same_number(world, coordinator):
    content = export_framework_kpis(world.framework)
    draft = world.kpis["3"]
    Kpi.objects.filter(pk=draft.pk).update(name_th="ชื่อเดิมที่จะถูกแทน")
    Kpi.objects.filter(framework=world.framework, state=Kpi.State.APPROVED).delete()

    result = import_framework_kpis(coordinator, world.framework, upload(content))

    assert result.ok, result.errors
    assert result.updated == 5 and result.created == 1  # KPI 1 was the approved one
    draft.refresh_from_db()
    assert draft.name_th == "ระดับความสำเร็จของการพัฒนาองค์การสู่ดิจิทัล"
    assert draft.levels.count() == 5  # replaced, not added to
    assert Kpi.objects.filter(framework=world.framework, number="3").count() == 1


def test_import_finds_columns_by_thai_headers_without_the_key_row(framework, coordinator):
    content = plain_workbook(
        {
            "ตัวชี้วัด": [
                ["ชื่อตัวชี้วัด", "ลำดับตัวชี้วัด", "องค์ประกอบ (รหัส)", "น้ำหนัก (ร้อยละ)", "วิธีให้คะแนน"],
                ["ตัวชี้วัดจากไฟล์อื่น", "1", "performance", 100, "levels"],
            ]
        }
    )

    result = import_framework_kpis(coordinator, framework, upload(content))

    assert result.ok, result.errors
    assert Kpi.objects.get(framework=framework).name_th == "ตัวชี้วัดจากไฟล์อื่น"


# Permissions and pages -------------------------------------------------------------------------


def test_staff_cannot_import(framework, staff):
    with pytest.raises(PermissionDenied):
        import_framework_kpis(staff, framework, upload(b""))


@pytest.mark.parametrize("name", ["kpi_excel_template", "kpi_excel_export"])
def test_the_department_can_download_but_outsider_gets_404(client, world, owner, outsider, name):
    url = reverse(name, kwargs={"framework_id": world.framework.pk})

    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]

    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_staff_download_the_export_only_once_the_agreement_is_published(client, world, staff):
    """Issue 14 item 2: the export carries the sheets; the empty template does not."""
    from django.utils import timezone

    from agreements.models import Agreement

    agreement = Agreement.objects.create(framework=world.framework, started_on=timezone.localdate())
    export = reverse("kpi_excel_export", kwargs={"framework_id": world.framework.pk})
    template = reverse("kpi_excel_template", kwargs={"framework_id": world.framework.pk})
    client.force_login(staff)

    assert client.get(export).status_code == 404
    assert client.get(template).status_code == 200
    Agreement.objects.filter(pk=agreement.pk).update(published_at=timezone.now())
    assert client.get(export).status_code == 200


def test_import_page_is_refused_to_staff_and_hidden_from_outsider(
    client, framework, staff, outsider
):
    url = reverse("kpi_excel_import", kwargs={"framework_id": framework.pk})

    client.force_login(staff)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(b"x")}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, framework):
    url = reverse("kpi_excel_export", kwargs={"framework_id": framework.pk})

    assert client.get(url).url.startswith(reverse("login"))


def test_import_page_shows_the_error_table_and_imports_nothing(client, framework, coordinator):
    client.force_login(coordinator)
    url = reverse("kpi_excel_import", kwargs={"framework_id": framework.pk})

    response = client.post(url, {"file": upload(bad_workbook(framework))})

    page = response.content.decode()
    assert response.status_code == 200
    assert "ยังไม่ได้นำเข้าข้อมูลใด" in page
    assert "ไม่พบองค์ประกอบรหัส “nope” ในกรอบการประเมินนี้" in page
    assert 'class="table-wrap"' in page
    assert not Kpi.objects.filter(framework=framework).exists()


def test_import_page_redirects_with_counts_after_success(client, world, coordinator):
    content = export_framework_kpis(world.framework)
    Kpi.objects.filter(framework=world.framework).delete()
    client.force_login(coordinator)
    url = reverse("kpi_excel_import", kwargs={"framework_id": world.framework.pk})

    response = client.post(url, {"file": upload(content)}, follow=True)

    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "สร้างใหม่ 6 ตัวชี้วัด" in page
    assert reverse("kpi_list", kwargs={"code": "onep", "year": 2569}) in page


def test_coordinator_of_another_year_only_cannot_import(org, framework):
    user = make_persona("lastyear", org.department, None)
    RoleAssignmentFactory(
        person=Person.objects.get(user_id=user.pk),
        role=Role.COORDINATOR,
        fiscal_year=2560,
        department=org.department,
    )

    with pytest.raises(PermissionDenied):
        import_framework_kpis(user, framework, upload(b""))
