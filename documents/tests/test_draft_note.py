"""Documents built from a round that is not closed are drafts (issue 16 item 4): the SAR and
the executive summary carry "ฉบับร่าง — ข้อมูล ณ วันที่ …" (today, B.E.) on every page of the
PDF and in the header of the DOCX; once the round is closed they do not."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from docx import Document

from core.thai import thai_date_full
from documents.registry import render_document
from documents.tests.helpers import pdf_raw_text, requires_chromium
from documents.tests.sar_setup import accepted_round
from frameworks.models import ReportingRound
from reporting.models import RoundState

DRAFT = "ฉบับร่าง — ข้อมูล ณ วันที่"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator)  # the round is open


def closed(round_: ReportingRound) -> ReportingRound:
    RoundState.objects.filter(round=round_).update(state=RoundState.State.CLOSED)
    return ReportingRound.objects.get(pk=round_.pk)


def docx_header(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(
        paragraph.text for section in document.sections for paragraph in section.header.paragraphs
    )


def today(*, digits: bool) -> str:
    return thai_date_full(timezone.localdate(), digits=digits)


@pytest.mark.parametrize("kind", ["sar", "executive-summary"])
def test_docx_of_an_open_round_is_marked_draft_with_todays_be_date(sar_round, kind):
    document = render_document(kind, sar_round.round, "docx", thai_digits=True)
    assert f"{DRAFT} {today(digits=True)}" in docx_header(document.content)


@pytest.mark.parametrize("kind", ["sar", "executive-summary"])
def test_docx_of_a_closed_round_is_not_a_draft(sar_round, kind):
    document = render_document(kind, closed(sar_round.round), "docx", thai_digits=True)
    assert DRAFT not in docx_header(document.content)


@requires_chromium
@pytest.mark.parametrize("kind", ["sar", "executive-summary"])
def test_pdf_of_an_open_round_is_marked_draft_on_every_page(sar_round, kind):
    document = render_document(kind, sar_round.round, "pdf", thai_digits=False)
    pages = pdf_raw_text(document.content).split("\f")
    pages = [page for page in pages if page.strip()]
    assert pages and all(f"{DRAFT} {today(digits=False)}" in page for page in pages)


@requires_chromium
def test_pdf_of_a_closed_round_is_not_a_draft(sar_round):
    document = render_document(
        "executive-summary", closed(sar_round.round), "pdf", thai_digits=False
    )
    assert DRAFT not in pdf_raw_text(document.content)
