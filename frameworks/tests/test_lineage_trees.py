"""The lineage page groups the plan nodes by tree, a tab per tree with counts, and a file of one
tree imports with its rows checked against that tree's levels (issue 17 item 5): every bad row
reported with its number, nothing imported from a bad file."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from frameworks import selectors
from frameworks.lineage_import import LineageImportError, lineage_template_xlsx, plan_items_import
from frameworks.models import PlanItem
from frameworks.tests.test_lineage import FY, GOOD_ROWS, upload, xlsx

pytestmark = pytest.mark.django_db
SDG_ROWS = [
    ("เป้าหมาย SDGs (Goal)", "13", "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", ""),
    ("เป้าประสงค์ SDGs (Target)", "13.2", "บูรณาการมาตรการด้านภูมิอากาศ", "13"),
    ("sdg_target", "13.3", "การศึกษาและความตระหนักด้านภูมิอากาศ", "13"),
]


def test_a_file_of_one_tree_imports_its_levels(org, coordinator):
    result = plan_items_import(coordinator, org.department, FY, xlsx(SDG_ROWS), tree="sdg")

    assert result.created == 3
    assert PlanItem.objects.get(code="13.3").parent == PlanItem.objects.get(code="13")
    assert AuditEvent.objects.get(action="frameworks.lineage.imported").data["tree"] == "sdg"


def test_a_tree_of_one_level_may_leave_the_level_empty(org, coordinator):
    plan_items_import(coordinator, org.department, FY, xlsx(GOOD_ROWS[:3]))
    rows = [("", "MNRE-1", "ยุทธศาสตร์ ทส. ที่ 1", "180101"), (None, "MNRE-2", "ที่ 2", "")]

    plan_items_import(coordinator, org.department, FY, xlsx(rows), tree="ministry")

    ministry = PlanItem.objects.get(code="MNRE-1")
    assert ministry.level == "ministry" and ministry.department == org.department
    assert ministry.parent == PlanItem.objects.get(code="180101")  # a parent of another tree


def test_rows_of_another_tree_are_reported_by_row_and_nothing_is_imported(org, coordinator):
    rows = [
        ("เป้าหมาย SDGs (Goal)", "13", "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", ""),  # fine
        ("ยุทธศาสตร์ชาติ", "5", "ยุทธศาสตร์ชาติ", ""),  # not a level of the SDGs
        ("", "13.2", "บูรณาการมาตรการ", "13"),  # two levels: the level is needed
        ("ระดับโลก", "13.9", "ไม่รู้จัก", "13"),
        ("sdg_target", "13.4", "", "13"),  # no name
    ]

    with pytest.raises(LineageImportError) as caught:
        plan_items_import(coordinator, org.department, FY, xlsx(rows), tree="sdg")

    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "ระดับ"),
        (4, "ระดับ"),
        (5, "ระดับ"),
        (6, "ชื่อ"),
    ]
    messages = caught.value.messages
    assert messages[0].startswith(
        "แถวที่ 3 คอลัมน์ “ระดับ”: “ยุทธศาสตร์ชาติ” ไม่ใช่ระดับของเป้าหมายการพัฒนาที่ยั่งยืน"
    )
    assert "ใช้ได้: เป้าหมาย SDGs (Goal), เป้าประสงค์ SDGs (Target)" in messages[0]
    assert not PlanItem.objects.exists()
    assert not AuditEvent.objects.exists()


def test_each_tree_has_its_own_template_that_imports_cleanly(org, coordinator):
    workbook = load_workbook(io.BytesIO(lineage_template_xlsx("master")))
    levels = [cell.value for cell in workbook["ระดับ"]["B"]][1:]
    assert levels == ["แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", "แผนย่อย"]
    examples = [row[0].value for row in workbook.worksheets[0].iter_rows(min_row=2) if row[0].value]
    assert set(examples) <= set(levels)

    content = io.BytesIO(lineage_template_xlsx("sdg"))
    result = plan_items_import(coordinator, org.department, FY, content, tree="sdg")
    assert result.created == 2


def test_template_download_of_one_tree(client, staff):
    client.force_login(staff)
    response = client.get(reverse("lineage_template"), {"tree": "sdg"})
    assert response.status_code == 200
    assert 'filename="lineage-template-sdg.xlsx"' in response["Content-Disposition"]
    assert client.get(reverse("lineage_template"), {"tree": "nope"}).status_code == 404


def test_the_page_groups_the_nodes_by_tree_with_counts(client, org, coordinator):
    plan_items_import(coordinator, org.department, FY, xlsx(GOOD_ROWS))
    plan_items_import(coordinator, org.department, FY, xlsx(SDG_ROWS), tree="sdg")

    groups = {group.tree: group for group in selectors.plan_tree_groups(org.department)}
    assert list(groups) == [
        "national", "master", "nesdp", "policy", "ministry", "department", "sdg",
    ]  # fmt: skip
    assert {tree: group.count for tree, group in groups.items()} == {
        "national": 1, "master": 2, "nesdp": 0, "policy": 0, "ministry": 1, "department": 2,
        "sdg": 3,
    }  # fmt: skip
    master = groups["master"].roots
    assert [n.item.code for n in master] == ["18"] and master[0].children[0].item.code == "180101"
    assert master[0].above is not None and master[0].above.code == "5"  # the national strategy
    assert [n.item.code for n in groups["sdg"].roots[0].children] == ["13.2", "13.3"]

    client.force_login(coordinator)
    html = client.get(reverse("lineage", args=["onep"])).content.decode()
    assert html.count('class="card plan-group"') == 7
    assert "เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)" in html and "ยังไม่มีรายการในแผนนี้" in html
    one = client.get(reverse("lineage", args=["onep"]), {"tree": "sdg"}).content.decode()
    assert one.count('class="card plan-group"') == 1 and "13.3" in one and "ONEP-1" not in one
    assert 'aria-current="page">เป้าหมายการพัฒนาที่ยั่งยืน (SDGs) <span class="tab-count">3' in one
    assert '<option value="sdg" selected>' in one  # the import is preset to the tab's tree


def test_the_page_imports_a_file_of_the_chosen_tree(client, org, coordinator):
    client.force_login(coordinator)
    url = reverse("lineage", args=["onep"])

    bad = client.post(url, {"tree": "sdg", "file": upload(GOOD_ROWS[:1])})
    assert bad.status_code == 422
    assert "ไม่ใช่ระดับของเป้าหมายการพัฒนาที่ยั่งยืน" in bad.content.decode()
    assert not PlanItem.objects.exists()

    good = client.post(url, {"tree": "sdg", "file": upload(SDG_ROWS)})
    assert good.status_code == 302 and good["Location"] == f"{url}?tree=sdg"
    assert PlanItem.objects.filter(level__startswith="sdg").count() == 3
