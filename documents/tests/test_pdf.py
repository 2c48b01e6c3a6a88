import re
import stat

import pytest

from documents import chromium
from documents.chromium import PdfRenderError, html_to_pdf
from documents.registry import render_document
from documents.tests.factories import full_kpi
from documents.tests.helpers import pdf_fonts, pdf_text, requires_chromium


def _squash(text: str) -> str:
    """pdftotext breaks lines where the page does: compare without whitespace."""
    return re.sub(r"\s+", "", text)


@requires_chromium
def test_pdf_text_layer_is_searchable_thai_with_sara_am(org, tmp_path):
    kpi = full_kpi(org.department)

    content = render_document("kpi-sheet", kpi, "pdf", thai_digits=True).content

    text = pdf_text(content)
    assert content.startswith(b"%PDF")
    # WeasyPrint would give "สานักงาน" here (stack-notes "PDF"): the reason for Chromium.
    assert "สำนักงาน" in text
    assert _squash(kpi.name_th) in _squash(text)
    assert "ร้อยละ ๑๒.๕" in text
    assert "๒๕๖๙" in text and "2569" not in text
    assert re.search("หน้า ๑ / [๑-๙]", text)  # page numbers in Thai digits
    fonts = pdf_fonts(content, tmp_path)
    assert "Sarabun-Regular" in fonts and "Sarabun-Bold" in fonts


@requires_chromium
def test_pdf_arabic_digits_option(org):
    kpi = full_kpi(org.department)

    text = pdf_text(render_document("kpi-sheet", kpi, "pdf", thai_digits=False).content)

    assert "พ.ศ. 2569" in text and "ร้อยละ 12.5" in text
    assert "๒๕๖๙" not in text
    assert re.search("หน้า 1 / [1-9]", text)


@requires_chromium
def test_framework_pdf_puts_each_kpi_on_its_own_page(org):
    kpi = full_kpi(org.department)
    full_kpi(org.department, number="2", name="ตัวชี้วัดการพัฒนาบุคลากรของสำนักงาน")

    content = render_document("kpi-sheets", kpi.framework, "pdf", thai_digits=True).content

    pages = pdf_text(content).split("\f")
    starts = [n for n, page in enumerate(pages) if "รายละเอียดตัวชี้วัด" in page]
    assert len(starts) == 2 and starts[0] == 0
    assert "ตัวชี้วัดที่ ๒" in pages[starts[1]]


def test_missing_chromium_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(chromium.CHROMIUM_ENV, str(tmp_path / "no-chromium"))

    with pytest.raises(PdfRenderError, match="ไม่พบโปรแกรม Chromium"):
        html_to_pdf("<p>สำนักงาน</p>")


def test_a_hanging_chromium_is_stopped_after_the_timeout(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(chromium.CHROMIUM_ENV, str(fake))

    with pytest.raises(PdfRenderError, match="นานเกิน"):
        html_to_pdf("<p>สำนักงาน</p>", timeout=0.5)


def test_a_failing_chromium_reports_its_exit_code(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(chromium.CHROMIUM_ENV, str(fake))

    with pytest.raises(PdfRenderError, match=r"รหัส 3.*cannot open display"):
        html_to_pdf("<p>สำนักงาน</p>")
