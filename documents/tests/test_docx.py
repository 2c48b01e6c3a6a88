import io

from docx import Document
from docx.oxml.ns import qn

from documents.docx_render import FONT
from documents.registry import render_document
from documents.tests.factories import KPI_NAME, full_kpi
from documents.tests.helpers import docx_text, visible


def _docx(kpi, *, thai_digits=True) -> bytes:
    return render_document("kpi-sheet", kpi, "docx", thai_digits=thai_digits).content


def test_docx_shows_name_weight_targets_and_buddhist_year(org):
    kpi = full_kpi(org.department)

    text = docx_text(_docx(kpi))

    assert KPI_NAME in text
    assert "ร้อยละ ๑๒.๕" in text
    assert "๗๕" in text and "๘๕" in text and "๑๐๐" in text
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    assert "สำนักงานสิ่งแวดล้อมภาคที่ ๑" in text
    assert "นายสมชาย กำกับดี" in text


def test_docx_arabic_digits_option(org):
    kpi = full_kpi(org.department)

    text = docx_text(_docx(kpi, thai_digits=False))

    assert "พ.ศ. 2569" in text and "ร้อยละ 12.5" in text
    assert "๒๕๖๙" not in text


def test_every_run_names_th_sarabun_new_16pt_on_the_complex_script_slots(org):
    """16 pt, or 14 pt in a table whose unbreakable text does not fit at 16 pt."""
    kpi = full_kpi(org.department)
    document = Document(io.BytesIO(_docx(kpi)))
    parts = [document.element.body, *(section.footer._element for section in document.sections)]

    runs = [run for part in parts for run in part.iter(qn("w:r"))]

    assert len(runs) > 50
    for run in runs:
        rpr = run.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == FONT
        in_table = any(ancestor.tag == qn("w:tbl") for ancestor in run.iterancestors())
        allowed = {"32", "28"} if in_table else {"32"}
        assert rpr.find(qn("w:sz")).get(qn("w:val")) in allowed
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == rpr.find(qn("w:sz")).get(qn("w:val"))


def test_bold_runs_are_bold_for_thai_too(org):
    document = Document(io.BytesIO(_docx(full_kpi(org.department))))

    heading = next(
        p for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    )
    rpr = heading.runs[0]._r.find(qn("w:rPr"))

    assert rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is not None
    assert heading.text.startswith("ตัวชี้วัดที่ ๑")


def test_heading_styles_use_the_thai_font_not_theme_fonts(org):
    document = Document(io.BytesIO(_docx(full_kpi(org.department))))

    for name in ("Normal", "Heading 1", "Heading 2"):
        rpr = document.styles[name].element.rPr
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == FONT
        assert fonts.get(qn("w:cstheme")) is None and fonts.get(qn("w:asciiTheme")) is None
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
        assert rpr.find(qn("w:color")) is None


def test_page_is_a4_with_official_margins_and_thai_page_numbers(org):
    document = Document(io.BytesIO(_docx(full_kpi(org.department))))
    section = document.sections[0]

    width, height = section.page_width, section.page_height
    left, right = section.left_margin, section.right_margin
    assert width is not None and height is not None and left is not None and right is not None
    assert (round(width.mm), round(height.mm)) == (210, 297)
    assert round(left.cm, 2) == 2.5 and round(right.cm, 2) == 2
    # Plain fields formatted by the section (LibreOffice reads "\\* ThaiArabic" as letters)
    instructions = [t.text for t in section.footer._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE ", " NUMPAGES "]
    number_type = section._sectPr.find(qn("w:pgNumType"))
    assert number_type is not None and number_type.get(qn("w:fmt")) == "thaiNumbers"


def test_arabic_digits_option_numbers_pages_in_arabic(org):
    document = Document(io.BytesIO(_docx(full_kpi(org.department), thai_digits=False)))
    section = document.sections[0]

    assert section._sectPr.find(qn("w:pgNumType")) is None
    instructions = [t.text for t in section.footer._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE ", " NUMPAGES "]


def test_tables_hold_levels_data_items_and_baselines(org):
    document = Document(io.BytesIO(_docx(full_kpi(org.department))))

    headers = [[visible(cell.text) for cell in table.rows[0].cells] for table in document.tables]

    assert ["ระดับ", "ค่าเป้าหมาย", "คะแนน"] in headers
    assert ["รหัส", "รายการข้อมูล", "หน่วย"] in headers
    assert any(row[:2] == ["ข้อมูลพื้นฐาน", "หน่วยวัด"] and "ปีงบประมาณ ๒๕๖๘" in row for row in headers)


def test_each_kpi_of_a_framework_starts_on_a_new_page(org):
    kpi = full_kpi(org.department)
    full_kpi(org.department, number="2", name="ตัวชี้วัดที่สอง")
    content = render_document("kpi-sheets", kpi.framework, "docx", thai_digits=True).content
    document = Document(io.BytesIO(content))

    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]

    assert breaks == ["รายละเอียดตัวชี้วัด"]
    assert "ตัวชี้วัดที่ ๒ ตัวชี้วัดที่สอง" in docx_text(content)
