"""Parallel plan trees (issue 17 item 5): the 13th plan, the government's policy and the SDGs
are trees of their own beside the strategy chain, each importable on its own, and a KPI's
lineage is reported as one path per tree (page, KPI sheet document, API)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from api.tests.conftest import token_headers
from documents.registry import render_document
from documents.tests.helpers import docx_text
from frameworks.lineage_import import COLUMNS, LineageImportError, plan_items_import
from frameworks.models import PlanItem, PlanTree
from indicators.selectors import lineage_by_tree, lineage_paths
from indicators.tests.factories import KpiFactory

YEAR = 2569
CHAIN = [
    ("ยุทธศาสตร์ชาติ", "5", "ยุทธศาสตร์ชาติด้านการเติบโตที่เป็นมิตรต่อสิ่งแวดล้อม", ""),
    ("แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", "18", "การเติบโตอย่างยั่งยืน", "5"),
    ("แผนย่อย", "180101", "สังคมเศรษฐกิจสีเขียว", "18"),
    ("ยุทธศาสตร์กระทรวง", "MNRE-1", "ยุทธศาสตร์กระทรวงที่ 1", "180101"),
    ("ยุทธศาสตร์/พันธกิจส่วนราชการ", "ONEP-1", "ยุทธศาสตร์ส่วนราชการที่ 1", "MNRE-1"),
]
SDGS = [
    ("เป้าหมาย SDGs (Goal)", "13", "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", ""),
    ("เป้าประสงค์ SDGs (Target)", "13.2", "บูรณาการมาตรการด้านภูมิอากาศในนโยบาย", "13"),
]


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_the_sdgs_import_on_their_own_as_a_shared_tree(org, coordinator):
    result = plan_items_import(coordinator, org.department, YEAR, xlsx(SDGS))

    assert result.created == 2
    target = PlanItem.objects.get(code="13.2")
    assert target.level == "sdg_target" and target.tree == PlanTree.SDG
    assert target.parent is not None and target.parent.level == "sdg_goal"
    assert target.department is None  # national, like the national strategy


def test_a_node_of_a_separate_tree_never_hangs_under_another_tree(org, coordinator):
    plan_items_import(coordinator, org.department, YEAR, xlsx(CHAIN))
    rows = [
        ("เป้าประสงค์ SDGs (Target)", "13.3", "เป้าประสงค์", "5"),  # 5 is the national strategy
        ("เป้าหมาย SDGs (Goal)", "14", "เป้าหมาย", "5"),  # a goal is the top of its tree
        ("นโยบายรัฐบาล", "P1", "นโยบายหลัก", ""),
        ("ยุทธศาสตร์กระทรวง", "MNRE-9", "ยุทธศาสตร์", "P1"),  # the chain never hangs under it
    ]

    with pytest.raises(LineageImportError) as caught:
        plan_items_import(coordinator, org.department, YEAR, xlsx(rows))

    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(2, "รหัสแม่"), (3, "รหัสแม่"), (5, "รหัสแม่")}
    assert not PlanItem.objects.filter(code__in=["13.3", "14", "P1", "MNRE-9"]).exists()


@pytest.fixture
def linked(org, coordinator, performance):
    plan_items_import(coordinator, org.department, YEAR, xlsx([*CHAIN, *SDGS]))
    kpi = KpiFactory(component=performance, number="1", responsible_unit=org.eia, weight=20)
    kpi.lineage.set(PlanItem.objects.filter(code__in=["ONEP-1", "180101", "13.2"]))
    return kpi


def test_lineage_is_one_path_per_tree(linked, org):
    trees = lineage_by_tree(lineage_paths(linked.lineage.all(), org.department))

    assert [(path.tree, [node.code for node in path.nodes]) for path in trees] == [
        ("national", ["5"]),
        ("master", ["18", "180101"]),  # linked to 180101 directly and through ONEP-1: once
        ("ministry", ["MNRE-1"]),
        ("department", ["ONEP-1"]),
        ("sdg", ["13", "13.2"]),
    ]


def test_the_sheet_page_the_document_and_the_api_show_the_trees(client, linked, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("kpi_detail", args=[linked.pk])).content.decode()
    assert "เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)" in html and "ยุทธศาสตร์กระทรวง" in html

    text = docx_text(render_document("kpi-sheet", linked, "docx", thai_digits=False).content)
    assert "13 การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ › 13.2" in text
    assert "18 การเติบโตอย่างยั่งยืน › 180101 สังคมเศรษฐกิจสีเขียว" in text

    body = client.get(f"/api/v1/kpis/{linked.pk}", **token_headers(coordinator)).json()
    trees = {
        tree["tree"]: [node["code"] for node in tree["path"]] for tree in body["lineage_by_tree"]
    }
    assert trees["sdg"] == ["13", "13.2"] and trees["department"] == ["ONEP-1"]
    assert len(body["lineage"]) == 3  # the root-to-node paths stay as they were
