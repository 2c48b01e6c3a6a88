"""The round's SAR (issue 6 item 7; domain §10): content read back from DOCX and PDF, the total
equal to the scoring engine's, Thai digits, the text layer with SARA AM, the Word fonts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from core.decimals import display_decimal
from core.thai import thai_digits
from documents.builders.sar import PENDING, sar_document
from documents.registry import render_document
from documents.tests.helpers import (
    docx_run_sizes,
    docx_text,
    pdf_raw_text,
    pdf_text,
    requires_chromium,
    squash,
)
from documents.tests.sar_setup import (
    ACTIVITY,
    ACTIVITY_DETAIL,
    EVIDENCE_TITLE,
    FACTORS,
    FIRST_NAME,
    OBSTACLES,
    PENDING_NAME,
    SECOND_NAME,
    SUGGESTIONS,
    accepted_round,
)
from reporting.results import agency_round_total, round_results


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator)


def test_builder_total_is_the_scoring_engines_total(sar_round):
    doc = sar_document(sar_round.round, thai_digits=False)
    engine = agency_round_total(sar_round.round, round_results(sar_round.round))

    assert doc.total == engine.shown_total == Decimal("61.0000")
    assert doc.total_text == "61.000" and doc.level_label == "ระดับมาตรฐานขั้นต้น"
    assert [c.points for c in doc.components] == [c.points for c in engine.totals.components]
    assert doc.pending == 1 and doc.accepted_count == 2
    assert [kpi.number for kpi in doc.kpis] == ["1", "3", "2"]  # component, then number


def test_builder_keeps_the_reports_content_and_the_overseers_approval(sar_round):
    doc = sar_document(sar_round.round, thai_digits=False)
    first, pending, second = doc.kpis

    assert first.accepted and first.score == Decimal(100) and first.points_text == "40.000"
    assert second.score_text == "70.00" and second.result_text == "90.00"
    assert [(v.code, v.value_text) for v in first.values] == [("a", "50"), ("b", "50")]
    assert first.activities[0].title == ACTIVITY and first.activities[0].detail == ACTIVITY_DETAIL
    assert (first.supporting_factors, first.obstacles, first.suggestions) == (
        FACTORS,
        OBSTACLES,
        SUGGESTIONS,
    )
    assert [(e.number, e.title, e.file_type) for e in first.evidence] == [
        ("1", EVIDENCE_TITLE, "PDF")
    ]
    assert first.approved_by.startswith("นายสุพัฒน์ กำกับดี") and first.approved_on is not None
    # Not accepted: listed, but without content or score (it counts as pending).
    assert not pending.accepted and pending.score is None and pending.activities == ()
    assert pending.light == PENDING


def test_sar_docx_lists_every_kpi_its_score_and_the_total(sar_round):
    content = render_document("sar", sar_round.round, "docx", thai_digits=False).content
    text = docx_text(content)
    flat = squash(text)

    for name in (FIRST_NAME, SECOND_NAME, PENDING_NAME):
        assert squash(name) in flat
    assert "รายงานผลการประเมินตนเอง" in text and "2569" in text
    assert "100.00" in text and "70.00" in text  # self scores
    assert "40.000" in text and "21.000" in text  # weighted points
    assert "61.000" in text and "ระดับมาตรฐานขั้นต้น" in text  # total and level
    assert "รอผล" in text  # the KPI not yet accepted
    for part in (ACTIVITY_DETAIL, FACTORS, OBSTACLES, SUGGESTIONS, EVIDENCE_TITLE):
        assert squash(part) in flat
    assert "นายสุพัฒน์ กำกับดี" in text


def test_sar_docx_names_th_sarabun_new_on_the_complex_script_slot(sar_round):
    content = render_document("sar", sar_round.round, "docx", thai_digits=True).content

    sizes = docx_run_sizes(content, "TH Sarabun New")  # checks w:cs and w:szCs on every run

    # 16 pt body; the summary table 14 pt, or 13 pt when its figures need it (docx_layout)
    assert 32 in sizes and min(sizes) in (28, 26)
    assert "๖๑.๐๐๐" in docx_text(content)


@requires_chromium
def test_sar_pdf_text_has_every_kpi_score_and_total_in_thai_digits(sar_round):
    content = render_document("sar", sar_round.round, "pdf", thai_digits=True).content
    text = pdf_text(content)
    flat = squash(pdf_raw_text(content))

    assert "สำนักงาน" in text  # SARA AM survives in the text layer
    for name in (FIRST_NAME, SECOND_NAME, PENDING_NAME):
        assert squash(name) in flat
    assert "๑๐๐.๐๐" in text and "๗๐.๐๐" in text and "๖๑.๐๐๐" in text
    assert "ระดับมาตรฐานขั้นต้น" in text and "2569" not in text
    assert squash(EVIDENCE_TITLE) in flat
    assert squash(thai_digits(ACTIVITY_DETAIL)) in flat  # free text follows the digits option
    assert re.search("หน้า ๑ / [๑-๙]", text)


@requires_chromium
def test_sar_pdf_total_matches_the_engine_with_arabic_digits(sar_round):
    engine = agency_round_total(sar_round.round)
    content = render_document("sar", sar_round.round, "pdf", thai_digits=False).content

    text = pdf_text(content)

    assert f"คะแนนรวม {display_decimal(engine.shown_total, 3)}" in text
    # Cover, summary, then one page or more per KPI.
    assert text.count("\f") >= 5


def test_builder_reads_a_constant_number_of_queries(sar_round, org, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from frameworks.models import ReportingRound
    from reporting.services import round_close, round_open
    from reporting.tests.factories import make_kpi

    def count() -> int:
        round_ = ReportingRound.objects.select_related("framework__department__ministry").get(
            pk=sar_round.round.pk
        )  # as the download view loads it
        with CaptureQueriesContext(connection) as queries:
            sar_document(round_, thai_digits=True)
        return len(queries)

    before = count()
    # Three more KPIs in force, reported in the reopened round.
    round_close(coordinator, sar_round.round, confirmed=True)
    for number in ("4", "5", "6"):
        make_kpi(sar_round.round.framework, number, unit=org.eia, weight="0")
    round_open(coordinator, sar_round.round)

    assert len(sar_document(sar_round.round, thai_digits=True).kpis) == 6
    # 12, one prefetch of the assessment points and one of the lineage with its parents (issue 17)
    assert count() == before <= 14


def test_a_round_without_kpis_has_no_total_not_zero(org):
    """Issue 15 item 5: with no KPI in force there is nothing to total — "ยังไม่มีผล", never a
    0 that reads as a score (the dashboard shows the same)."""
    from reporting.tests.factories import make_framework, make_round

    round_ = make_round(make_framework(org.department))
    doc = sar_document(round_, thai_digits=False)
    assert doc.total is None and doc.level_label == ""
    assert doc.total_text == "ยังไม่มีผล"
    text = squash(docx_text(render_document("sar", round_, "docx", thai_digits=False).content))
    assert squash("คะแนนรวม ยังไม่มีผล จากคะแนนเต็ม 100") in text
    assert squash("คะแนนรวม 0 ") not in text
