"""The executive summary (domain §10): one page with the total, the level, the components, a
chart and a traffic light per KPI; the light rule; the presentation record on it."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn

from dashboards.models import TrafficLightRule
from documents.blocks import Table
from documents.builders.sar import AMBER, GREEN, PENDING, RED, sar_document
from documents.layouts.executive_summary import executive_summary_layout
from documents.pdf import render_pdf
from documents.registry import render_document
from documents.tests.helpers import docx_text, pdf_raw_text, pdf_text, requires_chromium, squash
from documents.tests.sar_setup import FIRST_NAME, PENDING_NAME, SECOND_NAME, accepted_round
from frameworks.lights import Rule, share_light
from reporting.models import ExecutivePresentation


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator)


@pytest.mark.parametrize(
    ("points", "weight", "light"),
    [
        ("21", "30", GREEN),  # 70 % of the weight: the มาตรฐาน score
        ("20.9999", "30", AMBER),
        ("15", "30", AMBER),  # 50 %
        ("14.99", "30", RED),
        (None, "30", PENDING),
    ],
)
def test_component_light_is_its_share_of_the_weight_on_the_kpi_rule(points, weight, light):
    rule = Rule(green_min=Decimal(70), amber_min=Decimal(50), custom=False)

    assert share_light(Decimal(points) if points else None, Decimal(weight), rule) == light


def test_lights_follow_the_frameworks_level_scores_by_default(sar_round):
    doc = sar_document(sar_round.round, thai_digits=False)

    assert [kpi.light for kpi in doc.kpis] == [GREEN, PENDING, GREEN]  # 100, pending, 70
    assert [c.light for c in doc.components] == [AMBER, GREEN]  # 40 of 70; 21 of 30


def test_lights_use_the_thresholds_the_coordinator_set_for_the_dashboard(sar_round):
    TrafficLightRule.objects.create(
        framework=sar_round.round.framework, green_min_score=Decimal(80)
    )

    doc = sar_document(sar_round.round, thai_digits=False)

    assert [kpi.light for kpi in doc.kpis] == [GREEN, PENDING, AMBER]  # 70 < 80 now
    assert doc.green_min_text == "80" and doc.amber_min_text == "50"


def test_executive_summary_docx_has_total_components_chart_figures_and_lights(sar_round):
    content = render_document("executive-summary", sar_round.round, "docx", thai_digits=False)
    text = docx_text(content.content)

    assert "สรุปผลการดำเนินงาน" in text and "61.000" in text and "ระดับมาตรฐานขั้นต้น" in text
    assert "40.000 จาก 70 คะแนน" in text and "21.000 จาก 30 คะแนน" in text
    assert "คะแนนรายองค์ประกอบและคะแนนรวม" in text  # the chart, as its figures in Word
    assert text.count("● เป็นไปตามเป้าหมาย") == 3  # two KPIs, then the legend
    assert text.count("○ ยังไม่มีผล") == 2  # the pending KPI, then the legend
    for name in (FIRST_NAME, SECOND_NAME, PENDING_NAME):
        assert squash(name) in squash(text)
    fills = {
        shading.get(qn("w:fill"))
        for shading in Document(io.BytesIO(content.content)).element.body.iter(qn("w:shd"))
    }
    assert {"D1FADF", "EEEEEE"} <= fills  # green and grey light cells


def test_executive_summary_shows_the_presentation_to_the_executives(sar_round, coordinator):
    ExecutivePresentation.objects.create(
        round=sar_round.round,
        presented_on=datetime.date(2026, 5, 12),
        meeting="การประชุมผู้บริหาร ครั้งที่ 5/2569",
        recorded_by=coordinator,
    )
    content = render_document("executive-summary", sar_round.round, "docx", thai_digits=False)

    text = docx_text(content.content)

    assert "นำเสนอผู้บริหาร" in text
    assert "12 พฤษภาคม 2569 การประชุมผู้บริหาร ครั้งที่ 5/2569" in text


@requires_chromium
def test_executive_summary_pdf_is_one_page_with_a_chart_and_lights(sar_round):
    content = render_document("executive-summary", sar_round.round, "pdf", thai_digits=True).content
    text = pdf_text(content)

    assert text.count("\f") == 1  # one page
    assert "หน้า ๑ / ๑" in text
    assert "๖๑.๐๐๐" in text and "ระดับมาตรฐานขั้นต้น" in text and "สำนักงาน" in text
    flat = squash(pdf_raw_text(content))
    assert squash("คะแนนรายองค์ประกอบและคะแนนรวม") in flat
    assert "เป็นไปตามเป้าหมาย" in text and "ยังไม่มีผล" in text
    assert "/ ๗๐.๐๐๐" in text  # the chart's value label: SVG text stays text in the PDF


@requires_chromium
def test_executive_summary_of_thirty_kpis_still_fits_one_page(sar_round):
    doc = sar_document(sar_round.round, thai_digits=True)
    many = replace(
        doc, components=tuple(replace(c, kpis=c.kpis * 10) for c in doc.components)
    )  # 30 KPIs (3 × 10)
    layout = executive_summary_layout(many)

    content = render_pdf(layout, template="documents/executive_summary.html")

    lights = layout.sections[0].blocks[3]
    assert isinstance(lights, Table)
    assert len(many.kpis) == 30 and "ผล" not in [c.label for c in lights.columns]
    assert pdf_text(content).count("\f") == 1
