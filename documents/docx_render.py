"""DOCX renderer: a layout (documents.blocks) → a Word document for officials to edit.

Thai text in Word uses the complex-script properties, which python-docx's `font.name`, `size`
and `bold` do not set (stack-notes "DOCX"): the font goes on all four `w:rFonts` slots, the size
on `w:sz` and `w:szCs`, bold on `w:b` and `w:bCs`. Government PCs have "TH Sarabun New", and the
official body size is 16 pt (domain §10). `apply_font` does this for runs and styles alike;
every run this module writes goes through `_run`.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from documents.blocks import Column, Facts, Heading, Layout, Table, Text, Title

FONT = "TH Sarabun New"
BODY_HALF_POINTS = 32  # 16 pt
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_LEFT = Cm(2.5)
MARGIN_OTHER = Cm(2)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_OTHER
TEXT_INDENT = Cm(1.25)
HEADER_FILL = "E6E6E6"
LABEL_FILL = "F2F2F2"
FACTS_LABEL_SHARE = 0.25
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Styles this renderer uses: they get the Thai font, the body size and black text.
_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 1 Char", "Heading 2 Char")


def apply_font(
    rpr: Any, *, bold: bool | None = None, half_points: int = BODY_HALF_POINTS, font: str = FONT
) -> None:
    """Set font, size and (optionally) bold on a `w:rPr` element, complex script included.

    `bold=None` leaves boldness to the style (headings are bold by style).
    """
    fonts = rpr.get_or_add_rFonts()
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        fonts.set(qn(slot), font)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            _set_child(rpr, tag, None if bold else "0")
    size = rpr.get_or_add_sz()
    size.set(qn("w:val"), str(half_points))
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        size.addnext(size_cs)
    size_cs.set(qn("w:val"), str(half_points))
    # Thai is the complex-script language, so Word picks the cs font and line breaking for it.
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:bidi"), "th-TH")


def _set_child(rpr: Any, tag: str, value: str | None) -> None:
    """`<w:b/>` (on) or `<w:b w:val="0"/>` (off), keeping the schema order of rPr children."""
    element = getattr(rpr, f"get_or_add_{tag[2:]}")()
    if value is None:
        element.attrib.pop(qn("w:val"), None)
    else:
        element.set(qn("w:val"), value)


def render_docx(layout: Layout) -> bytes:
    document = Document()
    _setup_styles(document)
    _setup_page(document, layout)
    document.core_properties.title = layout.title
    document.core_properties.language = "th-TH"
    for index, section in enumerate(layout.sections):
        start = len(document.paragraphs)
        for block in section.blocks:
            _block(document, block)
        if index > 0:
            _break_before(document, start)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup_styles(document: DocxDocument) -> None:
    styles = document.styles
    # Theme fonts (Calibri/Cambria) would win for headings: name the Thai font everywhere.
    for fonts in styles.element.iter(qn("w:rFonts")):
        for slot in _THEME_SLOTS:
            fonts.attrib.pop(qn(slot), None)
        for slot in _FONT_SLOTS:
            fonts.set(qn(slot), FONT)
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            apply_font(rpr)
    for name in _STYLES:
        style = styles[name]
        rpr = style.element.get_or_add_rPr()
        apply_font(rpr, bold=name != "Normal")
        color = rpr.find(qn("w:color"))
        if color is not None:
            rpr.remove(color)
    normal = styles["Normal"].paragraph_format
    normal.space_after = Pt(0)
    normal.line_spacing = 1.0
    for name in ("Heading 1", "Heading 2"):
        paragraph_format = styles[name].paragraph_format
        paragraph_format.space_before = Pt(6)
        paragraph_format.space_after = Pt(0)
        paragraph_format.keep_with_next = True


def _setup_page(document: DocxDocument, layout: Layout) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.left_margin = MARGIN_LEFT
    section.right_margin = section.top_margin = section.bottom_margin = MARGIN_OTHER
    if layout.thai_digits:
        # Page numbers in Thai digits where Thai digits are on (domain §10).
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:fmt"), "thaiNumbers")
        section._sectPr.insert_element_before(
            number_type,
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        )
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    switch = " \\* ThaiArabic" if layout.thai_digits else ""
    one = "๑" if layout.thai_digits else "1"
    _run(footer, f"{layout.page_label} ")
    _field(footer, f"PAGE{switch}", one)
    _run(footer, " / ")
    _field(footer, f"NUMPAGES{switch}", one)


def _block(document: DocxDocument, block: Title | Heading | Facts | Table | Text) -> None:
    if isinstance(block, Title):
        for line in block.lines:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, line, bold=True)
    elif isinstance(block, Heading):
        _heading(document, block.text, level=block.level)
    elif isinstance(block, Facts):
        _facts(document, block)
    elif isinstance(block, Table):
        _heading(document, block.heading, level=2)
        _table(document, block)
    else:
        _heading(document, block.heading, level=2)
        for line in block.paragraphs:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = TEXT_INDENT
            _run(paragraph, line)


def _heading(document: DocxDocument, text: str, *, level: int) -> None:
    paragraph = document.add_paragraph(style=f"Heading {level}")
    _run(paragraph, text, bold=True)


def _facts(document: DocxDocument, block: Facts) -> None:
    label_width = int(TEXT_WIDTH * FACTS_LABEL_SHARE)
    table = _new_table(
        document, rows=len(block.rows), widths=[label_width, TEXT_WIDTH - label_width]
    )
    for row, (label, lines) in zip(table.rows, block.split_rows, strict=True):
        _cell(row.cells[0], (label,), bold=True, width=label_width, fill=LABEL_FILL)
        _cell(row.cells[1], lines, width=TEXT_WIDTH - label_width)
        _cant_split(row)


def _table(document: DocxDocument, block: Table) -> None:
    widths = [int(TEXT_WIDTH * percent / 100) for percent in block.width_percents]
    table = _new_table(document, rows=len(block.rows) + 1, widths=widths)
    header = table.rows[0]
    for cell, column, width in zip(header.cells, block.columns, widths, strict=True):
        _cell(cell, (column.label,), bold=True, width=width, fill=HEADER_FILL, center=True)
    _repeat_header(header)
    for row, cells in zip(table.rows[1:], block.cells, strict=True):
        for cell, (column, lines), width in zip(row.cells, cells, widths, strict=True):
            _cell(cell, lines, width=width, column=column)
        _cant_split(row)


def _new_table(document: DocxDocument, *, rows: int, widths: list[int]) -> DocxTable:
    table: DocxTable = document.add_table(rows=rows, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cell widths, LibreOffice the grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    return table


def _cell(
    cell: _Cell,
    lines: tuple[str, ...],
    *,
    width: int,
    bold: bool = False,
    fill: str | None = None,
    center: bool = False,
    column: Column | None = None,
) -> None:
    cell.width = Emu(width)
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif column is not None and column.numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(paragraph, line, bold=bold)
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    flag = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(flag)


def _cant_split(row: Any) -> None:
    flag = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(flag)


def _run(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    apply_font(run._r.get_or_add_rPr(), bold=True if bold else None)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end runs."""
    for kind, text in (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("result", placeholder),
        ("end", None),
    ):
        run = paragraph.add_run()
        apply_font(run._r.get_or_add_rPr())
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "result":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _break_before(document: DocxDocument, start: int) -> None:
    """Start a section on a new page: 'page break before' on its first paragraph (no extra
    empty run, so every run keeps the Thai font)."""
    paragraphs = document.paragraphs[start:]
    if paragraphs:
        paragraphs[0].paragraph_format.page_break_before = True
