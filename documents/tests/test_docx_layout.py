"""Word files lay out alike in Word and LibreOffice (issue 21): fixed grids sized for A4,
numbers and names that never break, header words, repeated header rows, whole KPI rows."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from documents import docs_check, docx_layout
from documents.registry import render_document
from documents.tests.helpers import visible
from documents.tests.sar_setup import accepted_round

A4_TEXT_TWIPS = 11906 - 1417 - 1134  # A4 width less the 2.5 cm and 2 cm margins


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_docx(org, owner, overseer, coordinator) -> bytes:
    round_ = accepted_round(org, owner, overseer, coordinator).round
    return render_document("sar", round_, "docx", thai_digits=True).content


def _tables(content: bytes):
    return Document(io.BytesIO(content)).tables


def _summary(content: bytes):
    return next(t for t in _tables(content) if "ตัวชี้วัด" in visible(t.rows[0].cells[1].text))


def test_every_table_has_a_fixed_grid_and_cell_widths_within_the_a4_text_width(sar_docx):
    tables = _tables(sar_docx)

    assert len(tables) > 3
    for table in tables:
        tbl = table._tbl
        layout = tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(width > 0 for width in grid)
        assert abs(sum(grid) - A4_TEXT_TWIPS) <= len(grid)
        assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
        for tr in tbl.tr_lst:
            column = 0
            for tc in tr.tc_lst:
                tc_w = tc.tcPr.find(qn("w:tcW"))
                assert tc_w.get(qn("w:type")) == "dxa"
                span = tc.grid_span
                assert abs(int(tc_w.get(qn("w:w"))) - sum(grid[column : column + span])) <= span
                column += span


def test_number_cells_are_one_run_that_does_not_wrap(sar_docx):
    table = _summary(sar_docx)
    numbers = [
        cell
        for row in table.rows[2:]
        for cell in row.cells
        if cell.text and docx_layout.is_number(cell.text)
    ]

    assert len(numbers) > 10
    for cell in numbers:
        assert cell._tc.tcPr.find(qn("w:noWrap")) is not None
        assert len(cell.paragraphs) == 1 and len(cell.paragraphs[0].runs) == 1
        assert " " not in cell.text


def test_header_rows_repeat_and_body_rows_do_not_split(sar_docx):
    table = _summary(sar_docx)

    def flags(row, tag):
        tr_pr = row._tr.trPr
        return tr_pr is not None and tr_pr.find(qn(tag)) is not None

    assert [flags(row, "w:tblHeader") for row in table.rows[:3]] == [True, True, False]
    assert all(flags(row, "w:cantSplit") for row in table.rows[2:])


def test_header_words_are_separated_by_zero_width_spaces_only_between_words(sar_docx):
    rows = _summary(sar_docx).rows[:2]
    header = [cell.text.replace("\u2060", "") for row in rows for cell in row.cells]

    assert "ค่า\u200bเป้าหมาย (คะแนน)" in header
    assert "ผล\u200bที่\u200bได้" in header
    assert "น้ำหนัก\n(ร้อยละ)" in header  # no break inside a word or before ")"


def test_cell_text_breaks_only_between_words_and_addresses_after_their_dots():
    joined = docx_layout.word_text("ตัวชี้วัดร่วม ผู้รับผิดชอบ").split("\u200b")

    assert [piece.replace("\u2060", "") for piece in joined] == ["ตัวชี้วัด", "ร่วม ผู้รับผิดชอบ"]
    # Inside a word every letter is joined to the one before (marks ride on their letter).
    assert joined[0] == "ตั\u2060ว\u2060ชี้\u2060วั\u2060ด"
    address = docx_layout.word_text("nattaya@onep.go.th").replace("\u2060", "")
    assert address.split("\u200b") == ["nattaya@", "onep.", "go.", "th"]


def test_header_text_breaks_between_words():
    assert docx_layout.header_text("สิ่งที่ต้องรายงาน") == "สิ่ง\u200bที่\u200bต้อง\u200bรายงาน"
    assert docx_layout.header_text("น้ำหนัก (ร้อยละ)") == "น้ำหนัก (ร้อยละ)"


def test_person_names_are_glued_with_no_break_space_and_word_joiners(signed):
    content = render_document("agreement", signed, "docx", thai_digits=True).content
    parties = _tables(content)[0]
    name = parties.rows[0].cells[1].text

    assert "\u00a0" in name and "\u2060" in name and " " not in name
    assert visible(name) == "นายจตุพร บุรุษพัฒน์" or visible(name).count(" ") == 1


def test_person_text_keeps_marks_on_their_letters():
    glued = docx_layout.person_text("นายจตุพร บุรุษพัฒน์")

    assert visible(glued) == "นายจตุพร บุรุษพัฒน์"
    assert "\u2060ุ" not in glued and "\u2060์" not in glued  # never before a mark


def test_widths_rise_to_what_cannot_break_and_the_rest_give_way():
    widths = docx_layout.fit_widths([1, 1, 1], [0, 600, 0], 1200)

    assert widths == [300, 600, 300]
    assert docx_layout.fit_widths([1, 1], [700, 700], 1200) is None


def test_docs_check_reports_a_split_number_and_page_numbers_in_letters(sar_docx, tmp_path):
    numbers = docs_check.table_numbers(sar_docx)
    split = sorted(numbers)[0]
    lines = tuple(
        [f"x {number} y" for number in numbers if number != split]
        + [split[:1], split[1:], "หน้า ข / ธ"]
    )

    found = docs_check.problems(sar_docx, docs_check.Converted(tmp_path / "x.pdf", lines))

    assert found == [
        f"number split across lines: {split}",
        "page number is not a digit: 'หน้า ข / ธ'",
    ]


def test_docs_check_finds_a_word_broken_inside_but_not_between_words():
    # bare: ตัวชี้วัด, คาร์บอนไดออกไซด์, ผู้รับผิดชอบ, เปิดเผย, กฎหมาย
    words = {"ตวชวด", "คารบอนไดออกไซด", "ผรบผดชอบ", "เปดเผย", "กฎหมาย"}
    lines = ["ตัวชี้", "วัดที่ ๑ ผู้รับผิดชอบ", "ข้อมูลที่เปิด", "เผย คาร์บอนไ", "ดออกไซด์"]
    # pdftotext sets the tone mark of "ที่" and the letter after it on a line of their own.
    lines += ["ระยะเวลาทีก", "   ่ ฎหมาย"]

    # "ตัวชี้|วัด" and "คาร์บอนไ|ดออกไซด์" break inside a word; "เปิด|เผย" between two words.
    assert docs_check.broken_words(words, lines) == ["คารบอนไดออกไซด", "ตวชวด"]
    # Running text may break where the client's dictionary says: only missing words count.
    assert docs_check.broken_words(words, lines, within_lines=False) == []


def test_docs_check_takes_the_words_of_the_docx_with_the_breaks_it_allows(sar_docx):
    words = docs_check.docx_words(sar_docx)

    assert "ตวชวด" in words  # ตัวชี้วัด, one word (docx_layout.DOMAIN_WORDS)
    assert not any("\u2060" in word or "\u200b" in word for word in words)


def test_the_figures_of_a_chart_are_marked_and_their_headers_not_compared(
    org, owner, overseer, coordinator
):
    round_ = accepted_round(org, owner, overseer, coordinator).round
    content = render_document("executive-summary", round_, "docx", thai_digits=True).content
    document = Document(io.BytesIO(content))
    charts = [table for table in document.tables if docx_layout.is_chart(table)]

    assert charts
    headers = {cell.text.replace("\u2060", "") for cell in charts[0].rows[0].cells}
    texts = {text.replace("\u2060", "") for text in docs_check.docx_texts(content)}
    assert "ค่า (คะแนน)" in headers
    assert not headers & texts


@pytest.mark.skipif(
    docs_check.soffice() is None,
    reason="needs LibreOffice (scripts/setup.sh installs libreoffice-writer-nogui)",
)
def test_libreoffice_keeps_every_number_of_the_sar_on_one_line(sar_docx, tmp_path):
    source = tmp_path / "sar.docx"
    source.write_bytes(sar_docx)

    converted = docs_check.convert(source, tmp_path)

    assert len(docs_check.table_numbers(sar_docx)) > 10
    assert any(line.strip().startswith("หน้า") for line in converted.lines)
    assert docs_check.problems(sar_docx, converted) == []
    assert docs_check.text_problems(sar_docx, converted.lines, "LibreOffice") == []


def test_a_budget_in_baht_breaks_only_after_its_thousands_separators():
    text = docx_layout.number_text("๒,๕๐๐,๐๐๐,๐๐๐")

    assert text.split("\u200b") == ["๒,", "๕๐๐,", "๐๐๐,", "๐๐๐"]
    assert docx_layout.number_text("๑๕.๔๒๐") == "๑๕.๔๒๐"
    whole = docx_layout.text_width("๒,๕๐๐,๐๐๐,๐๐๐", 32)
    assert docx_layout.number_width("๒,๕๐๐,๐๐๐,๐๐๐", 32) < whole / 3
