"""The executive summary (domain §10): one page with the total, the level, the components, a
chart and a traffic light per KPI; the light rule; the presentation record on it."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from documents.builders.sar import AMBER, GREEN, PENDING, RED, light_of, sar_document
from documents.registry import render_document
from documents.tests.helpers import docx_text, pdf_raw_text, pdf_text, requires_chromium, squash
from documents.tests.sar_setup import FIRST_NAME, PENDING_NAME, SECOND_NAME, accepted_round
from reporting.models import ExecutivePresentation

LEVELS = {"basic": Decimal(50), "standard": Decimal(70), "top": Decimal(100)}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator)


@pytest.mark.parametrize(
    ("score", "out_of", "light"),
    [
        ("100", "100", GREEN),
        ("70", "100", GREEN),
        ("69.9999", "100", AMBER),
        ("50", "100", AMBER),
        ("49.99", "100", RED),
        ("0", "100", RED),
        ("4", "5", GREEN),  # 80 on the framework's 100
        ("3", "5", AMBER),  # 60
        ("21", "30", GREEN),  # a component: 21 of 30 points = 70 %
    ],
)
def test_traffic_light_against_the_frameworks_level_scores(score, out_of, light):
    assert light_of(Decimal(score), Decimal(out_of), **LEVELS) == light


def test_a_pending_kpi_is_grey():
    assert light_of(None, Decimal(100), **LEVELS) == PENDING


ORDER = {RED: 0, AMBER: 1, GREEN: 2}


@given(
    st.decimals(min_value=0, max_value=100, places=4),
    st.decimals(min_value=0, max_value=100, places=4),
)
def test_a_higher_score_never_gets_a_worse_light(a, b):
    low, high = sorted((a, b))
    assert (
        ORDER[light_of(low, Decimal(100), **LEVELS)]
        <= ORDER[light_of(high, Decimal(100), **LEVELS)]
    )


def test_lights_of_the_round(sar_round):
    doc = sar_document(sar_round.round, thai_digits=False)

    assert [kpi.light for kpi in doc.kpis] == [GREEN, PENDING, GREEN]  # 100, pending, 70


def test_executive_summary_docx_has_total_components_chart_figures_and_lights(sar_round):
    content = render_document("executive-summary", sar_round.round, "docx", thai_digits=False)
    text = docx_text(content.content)

    assert "สรุปผลการดำเนินงาน" in text and "61.000" in text and "ระดับมาตรฐานขั้นต้น" in text
    assert "40.000 จาก 70 คะแนน" in text and "21.000 จาก 30 คะแนน" in text
    assert "คะแนนรายองค์ประกอบและคะแนนรวม" in text  # the chart, as its figures in Word
    assert text.count("ถึงมาตรฐาน") == 2 and "รอผล" in text
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
    assert "ถึงมาตรฐาน" in text and "รอผล" in text
    assert "/ ๗๐.๐๐๐" in text  # the chart's value label: SVG text stays text in the PDF
