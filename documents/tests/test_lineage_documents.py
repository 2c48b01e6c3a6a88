"""A KPI's lineage, one path per plan tree (issue 17 item 5), and its assessment points on the
agreement annex (item 2), read back from the SAR and the agreement (DOCX and PDF: one builder
and one layout give both)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from documents.registry import render_document
from documents.tests.helpers import docx_text, pdf_raw_text, requires_chromium, squash
from documents.tests.sar_setup import accepted_round
from frameworks.models import PlanItem
from indicators.models import AssessmentPoint, Kpi

NATIONAL = "5 ยุทธศาสตร์ชาติด้านการเติบโตที่เป็นมิตรต่อสิ่งแวดล้อม"
MASTER = "18 การเติบโตอย่างยั่งยืน › 180101 สังคมเศรษฐกิจสีเขียว"
SDG = "13 การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ › 13.2 บูรณาการมาตรการด้านภูมิอากาศ"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _link(kpi: Kpi, department) -> None:
    """KPI → department strategy ONEP-1 (through the ministry, the sub-plan 180101, master plan
    18 and national strategy 5) and → SDG target 13.2."""
    national = PlanItem.objects.create(
        level="national", code="5", name_th="ยุทธศาสตร์ชาติด้านการเติบโตที่เป็นมิตรต่อสิ่งแวดล้อม"
    )
    master = PlanItem.objects.create(
        level="master", code="18", name_th="การเติบโตอย่างยั่งยืน", parent=national
    )
    sub = PlanItem.objects.create(
        level="sub", code="180101", name_th="สังคมเศรษฐกิจสีเขียว", parent=master
    )
    ministry = PlanItem.objects.create(
        level="ministry", code="MNRE-1", name_th="ยุทธศาสตร์กระทรวงที่ 1", parent=sub,
        department=department,
    )  # fmt: skip
    own = PlanItem.objects.create(
        level="department", code="ONEP-1", name_th="ยุทธศาสตร์ส่วนราชการที่ 1", parent=ministry,
        department=department,
    )  # fmt: skip
    goal = PlanItem.objects.create(
        level="sdg_goal", code="13", name_th="การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ"
    )
    target = PlanItem.objects.create(
        level="sdg_target", code="13.2", name_th="บูรณาการมาตรการด้านภูมิอากาศ", parent=goal
    )
    kpi.lineage.set([own, target])


def _assert_trees(text: str, *, labels: bool = True) -> None:
    """`labels`: the trees' names too (pdftotext puts a wrapped name's lines around the path
    beside it, so a PDF is checked by its paths)."""
    flat = squash(text)
    for tree, path in (
        ("ยุทธศาสตร์ชาติ", NATIONAL),
        ("แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", MASTER),
        ("ยุทธศาสตร์กระทรวง", "MNRE-1 ยุทธศาสตร์กระทรวงที่ 1"),
        ("ยุทธศาสตร์/พันธกิจส่วนราชการ", "ONEP-1 ยุทธศาสตร์ส่วนราชการที่ 1"),
        ("เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)", SDG),
    ):
        assert squash(path) in flat and (not labels or squash(tree) in flat), (tree, path)
    # In PlanTree order: the national strategy first, the SDGs last.
    assert flat.index(squash(NATIONAL)) < flat.index(squash(MASTER)) < flat.index(squash(SDG))


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    sar = accepted_round(org, owner, overseer, coordinator)
    _link(sar.first, org.department)
    return sar


def test_sar_shows_one_path_per_tree(sar_round):
    text = docx_text(render_document("sar", sar_round.round, "docx", thai_digits=False).content)
    assert "ความเชื่อมโยงกับยุทธศาสตร์" in text
    _assert_trees(text)


@requires_chromium
def test_sar_pdf_shows_the_same_paths(sar_round):
    content = render_document("sar", sar_round.round, "pdf", thai_digits=False).content
    _assert_trees(pdf_raw_text(content), labels=False)


@pytest.fixture
def annexed(agreement, org):
    kpi = Kpi.objects.filter(framework=agreement.framework, number="1").get()
    _link(kpi, org.department)
    AssessmentPoint.objects.create(kpi=kpi, order=2, name_th="จำนวนเครือข่าย", unit="เครือข่าย")
    AssessmentPoint.objects.create(
        kpi=kpi, order=1, name_th="ร้อยละของรายงานที่เสร็จ", unit="ร้อยละ", weight=D("60.5")
    )
    return agreement


def test_agreement_annex_shows_the_trees_and_the_points(annexed):
    text = docx_text(render_document("agreement", annexed, "docx", thai_digits=False).content)
    _assert_trees(text)
    flat = squash(text)
    first, second = squash("1 ร้อยละของรายงานที่เสร็จ ร้อยละ 60.5"), squash("2 จำนวนเครือข่าย เครือข่าย")
    assert first in flat and second in flat
    assert flat.index(first) < flat.index(second)


@requires_chromium
def test_agreement_annex_pdf_shows_the_same(annexed):
    text = pdf_raw_text(render_document("agreement", annexed, "pdf", thai_digits=False).content)
    _assert_trees(text, labels=False)
    assert squash("ร้อยละของรายงานที่เสร็จ") in squash(text)


def test_the_signed_annex_keeps_the_lineage_it_was_signed_with(signed):
    kpi = Kpi.objects.filter(framework=signed.framework, number="1").get()
    text = docx_text(render_document("agreement", signed, "docx", thai_digits=False).content)
    assert "13.2" not in text  # signed before the link: the frozen terms have no lineage
    _link(kpi, signed.framework.department)
    again = docx_text(render_document("agreement", signed, "docx", thai_digits=False).content)
    assert "13.2" not in again
