"""Strategy lineage (domain §4): the tree, the Excel import (all or nothing), the template."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import AuditEvent
from frameworks import selectors
from frameworks.lineage_import import (
    COLUMNS,
    LineageImportError,
    lineage_template_xlsx,
    plan_items_import,
)
from frameworks.models import PlanItem
from frameworks.tests.factories import PlanItemFactory

pytestmark = pytest.mark.django_db
FY = 2569

GOOD_ROWS = [
    ("ยุทธศาสตร์ชาติ", 5, "ยุทธศาสตร์ชาติด้านการเติบโตที่เป็นมิตรต่อสิ่งแวดล้อม", None),
    ("master", 18, "ประเด็น (18) การเติบโตอย่างยั่งยืน", 5),
    ("แผนย่อย", 180101.0, "การเติบโตอย่างยั่งยืนบนสังคมเศรษฐกิจสีเขียว", "18"),
    ("ยุทธศาสตร์กระทรวง", "MNRE-1", "ยุทธศาสตร์ ทส. ที่ 1", "180101"),
    ("ยุทธศาสตร์/พันธกิจส่วนราชการ", "ONEP-1", "ยุทธศาสตร์ สผ. ที่ 1", "MNRE-1"),
    ("department", "ONEP-2", "ยุทธศาสตร์ สผ. ที่ 2", "MNRE-1"),
]


def xlsx(rows, header=COLUMNS):
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def upload(rows, header=COLUMNS, name="lineage.xlsx"):
    return SimpleUploadedFile(name, xlsx(rows, header).getvalue())


# --- Import service -------------------------------------------------------------------------


def test_good_file_builds_the_tree_shared_and_own_levels(org, coordinator):
    result = plan_items_import(coordinator, org.department, FY, xlsx(GOOD_ROWS), "a.xlsx")
    assert (result.created, result.updated, result.reused) == (6, 0, 0)
    national = PlanItem.objects.get(code="5")
    assert national.level == PlanItem.Level.NATIONAL and national.department is None
    sub = PlanItem.objects.get(code="180101")  # a float cell read back as text
    assert sub.department is None
    ministry = PlanItem.objects.get(code="MNRE-1")
    assert ministry.department == org.department
    onep = PlanItem.objects.get(code="ONEP-1")
    assert [item.code for item in onep.path()] == ["5", "18", "180101", "MNRE-1", "ONEP-1"]
    event = AuditEvent.objects.get(action="frameworks.lineage.imported")
    assert event.data["created"] == 6 and event.data["file"] == "a.xlsx"


def test_importing_the_same_file_again_changes_nothing(org, coordinator):
    plan_items_import(coordinator, org.department, FY, xlsx(GOOD_ROWS))
    result = plan_items_import(coordinator, org.department, FY, xlsx(GOOD_ROWS))
    assert (result.created, result.updated, result.reused) == (0, 0, 6)
    assert PlanItem.objects.count() == 6


def test_reimport_updates_the_departments_own_nodes(org, coordinator):
    plan_items_import(coordinator, org.department, FY, xlsx(GOOD_ROWS))
    rows = [*GOOD_ROWS[:4], ("department", "ONEP-1", "ชื่อใหม่", "MNRE-1")]
    result = plan_items_import(coordinator, org.department, FY, xlsx(rows))
    assert result.updated == 1
    assert PlanItem.objects.get(code="ONEP-1").name_th == "ชื่อใหม่"


def test_shared_nodes_are_reused_not_renamed(org, coordinator):
    PlanItemFactory(level=PlanItem.Level.NATIONAL, code="5", name_th="ชื่อทางการ")
    rows = [("national", "5", "ชื่อที่พิมพ์ต่างไป", None), ("master", "18", "แผนแม่บท", "5")]
    result = plan_items_import(coordinator, org.department, FY, xlsx(rows))
    assert result.kept_names == ["5"]
    assert PlanItem.objects.get(code="5").name_th == "ชื่อทางการ"
    assert PlanItem.objects.get(code="18").parent == PlanItem.objects.get(code="5")


def test_parent_may_be_an_existing_node(org, coordinator):
    PlanItemFactory(level=PlanItem.Level.SUB, code="180301", name_th="แผนย่อยสภาพภูมิอากาศ")
    rows = [("ministry", "MNRE-2", "ยุทธศาสตร์ ทส. ที่ 2", "180301")]
    plan_items_import(coordinator, org.department, FY, xlsx(rows))
    assert PlanItem.objects.get(code="MNRE-2").parent == PlanItem.objects.get(code="180301")


def test_every_bad_row_is_reported_and_nothing_is_imported(org, coordinator):
    rows = [
        GOOD_ROWS[0],  # row 2, good
        ("ระดับโลก", "X1", "ไม่มีระดับนี้", None),  # row 3
        ("master", None, "ไม่มีรหัส", "5"),  # row 4
        ("master", "19", None, "5"),  # row 5
        ("sub", "190101", "แม่ไม่มีจริง", "99"),  # row 6
        ("national", "5", "ซ้ำ", None),  # row 7
        ("national", "6", "ชาติมีแม่", "5"),  # row 8
        ("master", "20", "แม่ระดับต่ำกว่า", "ONEP-9"),  # row 9
        ("department", "ONEP-9", "ยุทธศาสตร์", None),  # row 10, good
    ]
    with pytest.raises(LineageImportError) as error:
        plan_items_import(coordinator, org.department, FY, xlsx(rows))
    found = {(p.row, p.column) for p in error.value.problems}
    assert found == {
        (3, "ระดับ"),
        (4, "รหัส"),
        (5, "ชื่อ"),
        (6, "รหัสแม่"),
        (7, "รหัส"),
        (8, "รหัสแม่"),
        (9, "รหัสแม่"),
    }
    assert not PlanItem.objects.exists()
    assert not AuditEvent.objects.exists()
    assert "แถวที่ 3 คอลัมน์ “ระดับ”: ไม่รู้จักระดับ “ระดับโลก”" in error.value.messages[0]


def test_parent_and_duplicate_problems_are_reported_per_row(org, coordinator):
    rows = [
        GOOD_ROWS[0],  # row 2
        ("sub", "190101", "แม่ไม่มีจริง", "99"),  # row 3
        ("national", "5", "ซ้ำ", None),  # row 4
        ("master", "20", "แม่ระดับต่ำกว่า", "ONEP-9"),  # row 5
        ("department", "ONEP-9", "ยุทธศาสตร์", None),  # row 6
    ]
    with pytest.raises(LineageImportError) as error:
        plan_items_import(coordinator, org.department, FY, xlsx(rows))
    messages = {(p.row, p.column): p.message for p in error.value.problems}
    assert messages == {
        (3, "รหัสแม่"): "ไม่พบรหัสแม่ “99” ในไฟล์หรือในระบบ",
        (4, "รหัส"): "รหัส “5” ในระดับนี้ซ้ำกับแถวที่ 2",
        (5, "รหัสแม่"): "รหัสแม่ “ONEP-9” ต้องอยู่ในระดับที่สูงกว่าแถวนี้",
    }
    assert not PlanItem.objects.exists()


def test_missing_header_is_reported(org, coordinator):
    with pytest.raises(LineageImportError) as error:
        plan_items_import(
            coordinator, org.department, FY, xlsx(GOOD_ROWS, header=("ระดับ", "รหัส", "ชื่อ"))
        )
    assert [(p.row, p.column) for p in error.value.problems] == [(1, "รหัสแม่")]


def test_a_file_that_is_not_excel_is_reported(org, coordinator):
    with pytest.raises(LineageImportError) as error:
        plan_items_import(coordinator, org.department, FY, io.BytesIO(b"level,code\n"))
    assert error.value.messages == ["อ่านไฟล์ไม่ได้ ไฟล์ต้องเป็น Excel (.xlsx)"]


def test_an_empty_sheet_is_reported(org, coordinator):
    with pytest.raises(LineageImportError) as error:
        plan_items_import(coordinator, org.department, FY, xlsx([]))
    assert "ไม่มีข้อมูลในไฟล์" in error.value.messages[0]


@pytest.mark.parametrize("persona", ["staff", "executive", "owner", "outsider"])
def test_only_coordinators_import(request, org, persona):
    with pytest.raises(PermissionDenied):
        plan_items_import(request.getfixturevalue(persona), org.department, FY, xlsx(GOOD_ROWS))
    assert not PlanItem.objects.exists()


# --- Template -------------------------------------------------------------------------------


def test_template_opens_in_openpyxl_with_the_columns_and_imports_cleanly(org, coordinator):
    workbook = load_workbook(io.BytesIO(lineage_template_xlsx()))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert sheet.max_row >= 3
    assert "ยุทธศาสตร์ชาติ" in [cell.value for cell in workbook["ระดับ"]["B"]]
    result = plan_items_import(coordinator, org.department, FY, io.BytesIO(lineage_template_xlsx()))
    assert result.created == sheet.max_row - 1 or result.created >= 5


def test_template_download(client, staff):
    client.force_login(staff)
    response = client.get(reverse("lineage_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.worksheets[0]["D1"].value == "รหัสแม่"


# --- Pages ----------------------------------------------------------------------------------


def test_tree_shows_shared_and_own_nodes_only(org, coordinator, outsider):
    plan_items_import(coordinator, org.department, FY, xlsx(GOOD_ROWS))
    tree = selectors.plan_tree(org.department)
    assert [node.item.code for node in tree] == ["5"]
    assert tree[0].children[0].children[0].item.code == "180101"
    other = selectors.plan_tree(org.other_department)
    codes = []
    stack = list(other)
    while stack:
        node = stack.pop()
        codes.append(node.item.code)
        stack.extend(node.children)
    assert "5" in codes and "ONEP-1" not in codes and "MNRE-1" not in codes


def test_children_are_in_natural_code_order(org):
    parent = PlanItemFactory(level=PlanItem.Level.MINISTRY, code="M-1", department=org.department)
    for code in ["D-10", "D-2", "D-1"]:
        PlanItemFactory(
            level=PlanItem.Level.DEPARTMENT, code=code, parent=parent, department=org.department
        )
    tree = selectors.plan_tree(org.department)
    assert [node.item.code for node in tree[0].children] == ["D-1", "D-2", "D-10"]


@pytest.mark.parametrize("persona", ["coordinator", "staff", "executive", "evaluator", "owner"])
def test_members_see_the_lineage_page(client, request, org, persona):
    PlanItemFactory(level=PlanItem.Level.NATIONAL, code="5", name_th="ยุทธศาสตร์ชาติด้านที่ห้า")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("lineage", args=["onep"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ยุทธศาสตร์ชาติด้านที่ห้า" in html
    assert ("นำเข้าจากไฟล์ Excel" in html) == (persona == "coordinator")


def test_staff_cannot_post_an_import(client, staff, org):
    client.force_login(staff)
    response = client.post(reverse("lineage", args=["onep"]), {"file": upload(GOOD_ROWS)})
    assert response.status_code == 403
    assert not PlanItem.objects.exists()


def test_import_page_lists_every_bad_row(client, coordinator, org):
    client.force_login(coordinator)
    rows = [GOOD_ROWS[0], ("xx", "1", "ก", None), ("master", "", "ข", "5")]
    response = client.post(reverse("lineage", args=["onep"]), {"file": upload(rows)})
    assert response.status_code == 422
    html = response.content.decode()
    assert "ไม่ได้นำเข้า: พบปัญหา 2 รายการ" in html
    assert '<td class="num">3</td><td>ระดับ</td>' in html
    assert '<td class="num">4</td><td>รหัส</td>' in html
    assert not PlanItem.objects.exists()


def test_import_page_imports_a_good_file(client, coordinator, org):
    client.force_login(coordinator)
    response = client.post(
        reverse("lineage", args=["onep"]), {"file": upload(GOOD_ROWS)}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "นำเข้าแล้ว: เพิ่ม 6" in html
    assert "ONEP-2" in html


def test_upload_must_be_xlsx(client, coordinator, org):
    client.force_login(coordinator)
    response = client.post(
        reverse("lineage", args=["onep"]),
        {"file": SimpleUploadedFile("lineage.csv", b"a,b")},
    )
    assert response.status_code == 422
    assert "ไฟล์ต้องเป็น Excel (.xlsx)" in response.content.decode()


def test_lineage_index_redirects_a_one_department_user(client, staff):
    client.force_login(staff)
    response = client.get(reverse("lineage_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("lineage", args=["onep"])
