"""The confirmation memo (บันทึกข้อความ ยืนยันรายละเอียดตัวชี้วัด): DOCX and PDF read back."""

import io
import re

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn

from accounts.models import Role, RoleAssignment
from core.thai import thai_date_full
from documents.docx_render import (
    BODY_HALF_POINTS,
    COMPACT_HALF_POINTS,
    FONT,
    MEMO_HEADING_HALF_POINTS,
    MEMO_LABEL_HALF_POINTS,
)
from documents.registry import render_document
from documents.tests.factories import GIVER
from documents.tests.helpers import (
    docx_run_sizes,
    docx_text,
    pdf_raw_text,
    pdf_text,
    requires_chromium,
    squash,
)

SUBJECT = "ยืนยันรายละเอียดตัวชี้วัดตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"


def _render(agreement, fmt, *, thai_digits=True, **options) -> bytes:
    return render_document(
        "confirmation-letter", agreement, fmt, thai_digits=thai_digits, **options
    ).content


def _paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def test_memo_head_has_sender_number_date_subject_and_addressee(signed):
    paragraphs = _paragraphs(_render(signed, "docx"))

    today = thai_date_full(timezone.localdate(), digits=True)
    assert paragraphs[0] == "\tบันทึกข้อความ"  # centred by a tab stop, after the emblem
    # The coordinator's unit, the department's abbreviation, the coordinator's telephone.
    assert paragraphs[1] == "ส่วนราชการ กลุ่มพัฒนาระบบบริหาร สผ. โทร. ๐ ๒๒๖๕ ๖๕๐๑ \t"
    assert paragraphs[2] == f"ที่ ทส …………/………… \t\tวันที่ {today} \t"
    assert paragraphs[3] == f"เรื่อง {SUBJECT} \t"
    assert paragraphs[4] == "เรียน เลขาธิการ ก.พ.ร."


def test_number_and_addressee_are_options(signed):
    paragraphs = _paragraphs(
        _render(signed, "docx", number="ทส 1009/245", addressee="ปลัดกระทรวงทรัพยากรธรรมชาติฯ")
    )

    assert paragraphs[2].startswith("ที่ ทส ๑๐๐๙/๒๔๕ \t")
    assert paragraphs[4] == "เรียน ปลัดกระทรวงทรัพยากรธรรมชาติฯ"


def test_body_confirms_the_count_and_lists_every_kpi_with_its_weight(signed):
    text = docx_text(_render(signed, "docx"))

    assert "ได้ข้อยุติเมื่อวันที่ ๑๒ พฤศจิกายน ๒๕๖๘" in text
    assert "จำนวน ๔ ตัวชี้วัด น้ำหนักรวมร้อยละ ๑๐๐ ดังนี้" in text
    assert "องค์ประกอบที่ ๑ Performance Base (น้ำหนักร้อยละ ๗๐)" in text
    assert "๑) ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จ (น้ำหนักร้อยละ ๔๐)" in text
    assert "๔) การเปิดเผยข้อมูลภาครัฐ (น้ำหนักร้อยละ ๑๐)" in text
    assert "ปรากฏตามเอกสารแนบ" in text and "จึงเรียนมาเพื่อโปรดทราบ" in text
    # The signature: the head of the department, under the body.
    assert f"({GIVER})" in text
    assert "เลขาธิการสำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม" in text
    # The annex: the agreement's table of targets.
    assert "เอกสารแนบ" in text and "๘๐\n๙๐\n๑๐๐" in text


def test_arabic_digits_option_leaves_no_thai_digit(signed):
    text = docx_text(_render(signed, "docx", thai_digits=False))

    assert "พ.ศ. 2569" in text and "1) ร้อยละของรายงาน EIA" in text
    assert "โทร. 0 2265 6501" in text
    assert re.search("[๐-๙]", text) is None


def test_memo_sizes_follow_the_official_form_on_the_complex_script_slots(signed):
    sizes = docx_run_sizes(_render(signed, "docx"), FONT)

    assert sizes[0] == MEMO_HEADING_HALF_POINTS  # บันทึกข้อความ, 29 pt
    assert sizes.count(MEMO_LABEL_HALF_POINTS) == 4  # ส่วนราชการ, ที่, วันที่, เรื่อง
    # 14 pt only where the annex's table needs it to fit its numbers and words
    assert set(sizes) - {COMPACT_HALF_POINTS} == {
        MEMO_HEADING_HALF_POINTS,
        MEMO_LABEL_HALF_POINTS,
        BODY_HALF_POINTS,
    }


def test_memo_head_fields_end_in_dotted_leaders(signed):
    document = Document(io.BytesIO(_render(signed, "docx")))

    date_line = document.paragraphs[2].paragraph_format.tab_stops
    stops = [(stop.alignment, stop.leader) for stop in date_line]

    assert (WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.DOTS) in stops  # after ที่
    assert (WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS) in stops  # after วันที่, to the margin


def test_letter_page_numbers_start_on_page_two_at_the_top_in_thai_digits(signed):
    document = Document(io.BytesIO(_render(signed, "docx")))
    section = document.sections[0]

    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    instructions = [t.text for t in section.header._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    number_format = section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt"))
    assert number_format == "thaiNumbers"
    margin = section.left_margin
    assert margin is not None and round(margin.cm, 2) == 3  # letters bind at 3 cm


@requires_chromium
def test_pdf_memo_is_searchable_and_numbers_the_second_page(signed):
    content = _render(signed, "pdf")

    text = pdf_text(content)
    flat = squash(pdf_raw_text(content))
    pages = text.split("\f")

    assert "บันทึกข้อความ" in pages[0] and "สำนักงาน" in text
    assert squash(SUBJECT) in flat
    assert squash("จำนวน ๔ ตัวชี้วัด น้ำหนักรวมร้อยละ ๑๐๐") in flat
    assert squash(f"({GIVER})") in flat
    assert "-๑-" not in squash(pages[0])  # no number on the first page
    assert squash(pages[1]).startswith("-๒-เอกสารแนบ")
    assert "ร้อยละ๔๐๘๐๙๐๑๐๐" in squash(pages[1])


def test_sender_falls_back_to_last_years_coordinator_and_else_to_the_department(
    org, overseer, owner, coordinator
):
    from agreements.tests.factories import complete_set, make_agreement, make_framework

    framework = make_framework(org.department, 2570)
    complete_set(framework, org, overseer_user=overseer, owner_user=owner)
    agreement = make_agreement(framework)

    assert _paragraphs(_render(agreement, "docx"))[1].startswith("ส่วนราชการ กลุ่มพัฒนาระบบบริหาร สผ.")
    RoleAssignment.objects.filter(role=Role.COORDINATOR).delete()
    sender = _paragraphs(_render(agreement, "docx"))[1]
    assert sender == "ส่วนราชการ สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม \t"
