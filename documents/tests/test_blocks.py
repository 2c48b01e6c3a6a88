"""The shared blocks: rows that span columns, grouped headers."""

import pytest

from documents.blocks import EMPTY, Column, Row, Table

COLUMNS = (
    Column("ที่", centered=True),
    Column("ตัวชี้วัด"),
    Column("ขั้นต้น", numeric=True, group="ค่าเป้าหมาย"),
    Column("ขั้นสูง", numeric=True, group="ค่าเป้าหมาย"),
)


def test_a_row_must_fill_the_columns():
    with pytest.raises(ValueError, match="does not fill 4 columns"):
        Table("", COLUMNS, (Row(("รวม", "100"), spans=(2, 1)),))
    with pytest.raises(ValueError):
        Table("", COLUMNS, (("1", "ก", "80"),))


def test_grouped_columns_get_a_two_row_header():
    top, bottom = Table("", COLUMNS, ()).header

    assert [(c.label, c.colspan, c.rowspan) for c in top] == [
        ("ที่", 1, 2),
        ("ตัวชี้วัด", 1, 2),
        ("ค่าเป้าหมาย", 2, 1),
    ]
    assert [(c.label, c.columns) for c in bottom] == [("ขั้นต้น", (2,)), ("ขั้นสูง", (3,))]


def test_body_cells_carry_span_alignment_and_placeholders():
    table = Table(
        "",
        COLUMNS,
        (
            ("1", "ตัวชี้วัดหนึ่ง", "", "100"),
            Row(("องค์ประกอบที่ 1", ""), spans=(2, 2), emphasis=True),
            Row(("รวม", "100"), spans=(3, 1), aligns=("center", "right")),
        ),
    )

    plain, group, total = table.body

    assert [(c.lines, c.align) for c in plain.cells] == [
        (("1",), "center"),
        (("ตัวชี้วัดหนึ่ง",), "left"),
        ((EMPTY,), "right"),  # an empty plain cell shows the dash
        (("100",), "right"),
    ]
    assert group.emphasis and [(c.lines, c.span, c.align) for c in group.cells] == [
        (("องค์ประกอบที่ 1",), 2, "left"),  # spanning cells align left
        ((), 2, "left"),  # a Row's empty cell stays empty
    ]
    assert [(c.align, c.columns) for c in total.cells] == [("center", (0, 1, 2)), ("right", (3,))]


def test_a_number_in_a_pdf_cell_breaks_only_after_a_thousands_separator():
    from documents.blocks import Cell

    cell = Cell(lines=("๒,๒๕๐,๐๐๐,๐๐๐", "ร้อยละ"), span=1, align="center", columns=(0,))

    number, text = cell.html_lines

    assert number == (
        '<span class="num-part">๒,</span><wbr><span class="num-part">๒๕๐,</span><wbr>'
        '<span class="num-part">๐๐๐,</span><wbr><span class="num-part">๐๐๐</span>'
    )
    # Thai text keeps each word whole and may break between words (as the Word file).
    assert text == '<span class="word">ร้อยละ</span>'
    (two_words,) = Cell(lines=("ผลกระทบสิ่งแวดล้อม",), span=1, align="left", columns=(0,)).html_lines
    assert two_words == '<span class="word">ผลกระทบ</span><wbr><span class="word">สิ่งแวดล้อม</span>'
