"""The performance agreement (คำรับรองการปฏิบัติราชการ): DOCX and PDF read back."""

import io
import re
from decimal import Decimal

from docx import Document

from accounts.models import Role
from conftest import make_persona
from documents.blocks import Row
from documents.builders.agreement import BLANK, agreement_document
from documents.docx_render import FONT
from documents.layouts.agreement import targets_table
from documents.registry import render_document
from documents.tests.factories import GIVER, RECEIVER, name_executive
from documents.tests.helpers import (
    docx_run_sizes,
    docx_text,
    pdf_raw_text,
    pdf_text,
    requires_chromium,
    squash,
    visible,
)
from indicators.models import Kpi, TargetLevel

KPI_NAMES = (
    "ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จ",
    "ระดับความสำเร็จของแผนจัดการคุณภาพสิ่งแวดล้อม",
    "การพัฒนาองค์การสู่ดิจิทัล",
    "การเปิดเผยข้อมูลภาครัฐ",
)
THAI_DIGIT = re.compile("[๐-๙]")


def _render(agreement, fmt, *, thai_digits=True) -> bytes:
    return render_document("agreement", agreement, fmt, thai_digits=thai_digits).content


def _kpi_rows(content: bytes) -> dict[str, list[str]]:
    """The annex table's rows by KPI number, as cell texts (merged cells repeat)."""
    table = Document(io.BytesIO(content)).tables[-1]
    rows = {}
    for row in table.rows:
        cells = [visible(cell.text) for cell in row.cells]
        if cells[0] and cells[0] != cells[1]:
            rows[cells[0]] = cells
    return rows


def test_docx_names_parties_period_and_signing_date_in_thai_digits(signed):
    text = docx_text(_render(signed, "docx"))

    assert "คำรับรองการปฏิบัติราชการ" in text
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    assert "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม" in text
    assert "ตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๘ ถึงวันที่ ๓๐ กันยายน ๒๕๖๙" in text
    assert RECEIVER[0] in text and RECEIVER[1] in text
    # The giver's position names the department.
    assert "เลขาธิการสำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม" in text
    assert GIVER in text
    assert "ผู้รับคำรับรอง" in text and "ผู้ทำคำรับรอง" in text
    assert text.count("วันที่ ๒๐ พฤศจิกายน ๒๕๖๘") == 2  # under both signatures
    assert "จำนวน ๔ ตัวชี้วัด น้ำหนักรวมร้อยละ ๑๐๐" in text
    assert "คำรับรองนี้เป็นคำรับรองฝ่ายเดียว มิใช่สัญญา" in text


def test_docx_annex_lists_components_kpis_weights_and_targets(signed):
    content = _render(signed, "docx")

    rows = _kpi_rows(content)
    text = docx_text(content)

    assert rows["๑"][1:] == [KPI_NAMES[0], "ร้อยละ", "๔๐", "๘๐", "๙๐", "๑๐๐"]
    assert rows["๔"][1:4] == [KPI_NAMES[3], "ร้อยละ", "๑๐"]
    assert "องค์ประกอบที่ ๑ Performance Base" in text and "องค์ประกอบที่ ๒ Potential Base" in text
    table = Document(io.BytesIO(content)).tables[-1]
    component = [visible(cell.text) for cell in table.rows[2].cells]
    assert component[:4] == ["องค์ประกอบที่ ๑ Performance Base"] * 3 + ["๗๐"]
    total = [visible(cell.text) for cell in table.rows[-1].cells]
    assert total[0] == "รวม" and total[3] == "๑๐๐"


def test_docx_header_groups_the_three_target_levels_with_their_scores(signed):
    table = Document(io.BytesIO(_render(signed, "docx"))).tables[-1]

    top = [visible(cell.text) for cell in table.rows[0].cells]
    bottom = [visible(cell.text) for cell in table.rows[1].cells]

    assert top[:4] == ["ที่", "ตัวชี้วัด", "หน่วยวัด", "น้ำหนัก\n(ร้อยละ)"]
    assert top[4:] == ["ค่าเป้าหมาย (คะแนน)"] * 3
    assert bottom[:4] == top[:4]  # merged down over both header rows
    assert bottom[4:] == ["ขั้นต้น\n(๕๐)", "มาตรฐาน\n(๗๐)", "ขั้นสูง\n(๑๐๐)"]
    header_flags = [row._tr.xpath("./w:trPr/w:tblHeader") for row in table.rows[:2]]
    assert all(header_flags)  # repeated on every page


def test_arabic_digits_option_leaves_no_thai_digit(signed):
    text = docx_text(_render(signed, "docx", thai_digits=False))

    assert "ประจำปีงบประมาณ พ.ศ. 2569" in text
    assert "1. คำรับรองระหว่าง" in text and "ตามข้อ 3 แล้ว" in text
    assert "วันที่ 20 พฤศจิกายน 2568" in text
    assert THAI_DIGIT.search(text) is None


def test_every_docx_run_is_th_sarabun_new_16pt_on_the_complex_script_slots(signed):
    sizes = docx_run_sizes(_render(signed, "docx"), FONT)

    assert len(sizes) > 80
    assert set(sizes) == {32}


def test_before_signing_the_only_executive_prints_as_giver_and_blanks_wait_for_the_rest(
    agreement, executive
):
    name_executive(executive)

    text = docx_text(_render(agreement, "docx"))

    assert f"{GIVER} เลขาธิการสำนักงานนโยบาย" in text.replace("\n", " ")
    assert f"วันที่ {BLANK}" in text  # not signed yet
    assert f"{BLANK} {BLANK} ผู้รับคำรับรอง" not in text  # parties are set out in columns
    assert text.count(BLANK) >= 4  # receiver's name and position, two dates
    for name in KPI_NAMES:
        assert name in text


def test_with_several_executives_the_giver_is_left_to_fill_in(agreement, executive, org):
    make_persona("deputy", org.department, Role.EXECUTIVE)

    doc = agreement_document(agreement, thai_digits=True)

    assert doc.giver is None and doc.receiver is None


def test_kpi_without_the_three_levels_lists_all_its_levels_across_the_target_columns(
    agreement,
):
    kpi = Kpi.objects.get(framework=agreement.framework, number="2")
    kpi.levels.all().delete()
    for order, (target, score) in enumerate([(1, 20), (2, 40), (3, 60), (4, 80), (5, 100)], 1):
        TargetLevel.objects.create(
            kpi=kpi, order=order, label=f"ขั้นที่ {order}", target=target, score=Decimal(score)
        )

    table = targets_table(agreement_document(agreement, thai_digits=True))

    spanned = [row for row in table.rows if isinstance(row, Row) and row.cells[0] == "๒"]
    assert spanned[0].spans == (1, 1, 1, 1, 3)
    assert spanned[0].cells[4].splitlines() == [f"ขั้นที่ {n} = {n}" for n in "๑๒๓๔๕"]
    rows = _kpi_rows(_render(agreement, "docx"))
    assert rows["๒"][4] == rows["๒"][6] == spanned[0].cells[4]  # one cell over three columns


def test_lower_is_better_kpis_are_noted_under_the_table(agreement):
    Kpi.objects.filter(framework=agreement.framework, number="2").update(direction="lower")

    text = docx_text(_render(agreement, "docx"))

    assert "หมายเหตุ ตัวชี้วัดที่ ๒ เป็นตัวชี้วัดที่ค่ายิ่งน้อยยิ่งดี" in text


def test_annex_starts_on_a_new_page(signed):
    document = Document(io.BytesIO(_render(signed, "docx")))

    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]

    assert breaks == ["เอกสารประกอบท้ายคำรับรองการปฏิบัติราชการ"]


def test_signed_document_shows_the_signed_set_not_later_edits(signed):
    Kpi.objects.filter(framework=signed.framework, number="1").update(name_th="ชื่อที่แก้ภายหลัง")

    text = docx_text(_render(signed, "docx"))

    assert KPI_NAMES[0] in text and "ชื่อที่แก้ภายหลัง" not in text


@requires_chromium
def test_pdf_text_layer_keeps_sara_am_names_kpis_targets_and_dates(signed):
    content = _render(signed, "pdf")

    text = pdf_text(content)
    flat = squash(pdf_raw_text(content))
    pages = text.split("\f")

    assert content.startswith(b"%PDF")
    assert "สำนักงาน" in text  # WeasyPrint would give "สานักงาน"
    assert "คำรับรองการปฏิบัติราชการ" in text
    assert squash("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙") in flat
    assert squash(RECEIVER[0]) in flat and squash(GIVER) in flat
    assert squash("วันที่ ๒๐ พฤศจิกายน ๒๕๖๘") in flat
    for name in KPI_NAMES:
        assert squash(name) in flat
    annex = squash(pages[1])
    assert "เอกสารประกอบท้ายคำรับรองการปฏิบัติราชการ" in annex
    assert "ร้อยละ๔๐๘๐๙๐๑๐๐" in annex  # KPI 1: unit, weight and the three targets in a row
    assert "2569" not in text
    assert re.search("หน้า ๑ / ๒", text)


@requires_chromium
def test_pdf_with_arabic_digits(signed):
    text = pdf_text(_render(signed, "pdf", thai_digits=False))

    assert "พ.ศ. 2569" in text and "20 พฤศจิกายน 2568" in text
    assert THAI_DIGIT.search(text) is None
