"""DOCX renderer: a layout (documents.blocks) → a Word document for officials to edit.

Thai text in Word uses the complex-script properties, which python-docx's `font.name`, `size`
and `bold` do not set (stack-notes "DOCX"): the font goes on all four `w:rFonts` slots, the size
on `w:sz` and `w:szCs`, bold on `w:b` and `w:bCs`. Government PCs have "TH Sarabun New", and the
official body size is 16 pt (domain §10). `apply_font` does this for runs and styles alike;
every run this module writes goes through `_run`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from documents import docx_layout
from documents.blocks import (
    Block,
    Cell,
    Cover,
    Facts,
    Figure,
    Heading,
    Layout,
    MemoHead,
    Signatures,
    Table,
    Text,
    Title,
)
from documents.blocks import (
    Paragraph as ParagraphBlock,
)

FONT = "TH Sarabun New"
BODY_HALF_POINTS = 32  # 16 pt
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_OTHER = Cm(2)
TEXT_INDENT = Cm(1.25)
# The memo's sizes in TH Sarabun New (the official template): heading 29 pt, labels 20 pt.
MEMO_HEADING_HALF_POINTS = 58
MEMO_LABEL_HALF_POINTS = 40
MEMO_EMBLEM_HEIGHT = Cm(1.5)  # the emblem of a memo (ครุฑ 1.5 cm)
SPACE_BEFORE = Pt(8)
PLAIN_GAP = Cm(0.3)
SIGNATURE_SPACE_LINES = 2  # blank lines above the name where a memo is signed
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
HEADER_FILL = "E6E6E6"
LABEL_FILL = "F2F2F2"
# Traffic-light cells (blocks.Row.tones): the same light fills as the PDF.
COMPACT_HALF_POINTS = 28  # 14 pt: Table.compact / Facts.compact
TONE_FILLS = {"green": "D1FADF", "amber": "FEF0C7", "red": "FEE4E2", "grey": "EEEEEE"}
# A report's cover: title 22 pt, subject 18 pt, and where they sit on the page.
COVER_TITLE_HALF_POINTS = 44
COVER_MIDDLE_HALF_POINTS = 36
COVER_TITLE_SPACE = Cm(4)
COVER_GAP = Cm(3)
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
    width = text_width(layout)
    for index, section in enumerate(layout.sections):
        start = len(document.paragraphs)
        for block in section.blocks:
            _block(document, block, width)
        if index > 0:
            _break_before(document, start)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fitted_percents(block: Table, layout: Layout) -> tuple[str, ...]:
    """The column widths `_table` gives `block`, as percentages of the text width ("33.52"):
    the PDF's columns, so both files make room for the same unbreakable words."""
    width = text_width(layout)
    start = COMPACT_HALF_POINTS if block.compact else BODY_HALF_POINTS
    widths, _size, _margin = _fit(
        lambda at: _column_needs(block, at), width, start, compact=block.compact, plain=block.plain
    )
    total = sum(widths) or 1
    return tuple(f"{100 * w / total:.2f}" for w in widths)


def text_width(layout: Layout) -> int:
    """The width between the margins, in EMU."""
    return int(PAGE_WIDTH - Cm(layout.margin_left) - MARGIN_OTHER)


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
    section.left_margin = Cm(layout.margin_left)
    section.right_margin = section.bottom_margin = MARGIN_OTHER
    section.top_margin = Cm(layout.margin_top)
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
    # A plain PAGE field: both Word and LibreOffice format it by the section's pgNumType
    # (๑ ๒ ๓ with thaiNumbers, 1 2 3 without). The "\\* ThaiArabic" switch is not used:
    # LibreOffice reads it as Thai letters (ก ข ค).
    one = "๑" if layout.thai_digits else "1"
    if layout.page_numbers == "letter":
        # "- ๒ -" at the top of the second and later pages; the first page has none.
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(header, "- ")
        _field(header, "PAGE", one)
        _run(header, " -")
        return
    if layout.draft_note:
        # A document drawn from a round that is not closed: in the header of every page.
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(header, layout.draft_note, bold=True, half_points=COMPACT_HALF_POINTS)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, f"{layout.page_label} ")
    _field(footer, "PAGE", one)
    _run(footer, " / ")
    _field(footer, "NUMPAGES", one)


def _block(document: DocxDocument, block: Block, width: int) -> None:
    if isinstance(block, Title):
        for line in block.lines:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, line, bold=True)
        paragraph.paragraph_format.space_after = SPACE_BEFORE
    elif isinstance(block, Heading):
        _heading(document, block.text, level=block.level)
    elif isinstance(block, Facts):
        _facts(document, block, width)
    elif isinstance(block, Table):
        if block.heading:
            _heading(document, block.heading, level=2)
        _table(document, block, width)
    elif isinstance(block, Text):
        _heading(document, block.heading, level=2)
        for line in block.paragraphs:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = TEXT_INDENT
            _run(paragraph, line)
    elif isinstance(block, ParagraphBlock):
        _paragraph(document, block)
    elif isinstance(block, Signatures):
        _signatures(document, block, width)
    elif isinstance(block, Cover):
        _cover(document, block)
    elif isinstance(block, Figure):
        # python-docx cannot place SVG: Word gets the chart's figures as a table.
        _heading(document, block.title, level=2)
        _table(document, block.table, width)
        docx_layout.chart_caption(document.tables[-1], block.title)
    else:
        _memo_head(document, block, width)


def _heading(document: DocxDocument, text: str, *, level: int) -> None:
    paragraph = document.add_paragraph(style=f"Heading {level}")
    _run(paragraph, text, bold=True)


def _facts(document: DocxDocument, block: Facts, width: int) -> None:
    def needs(half_points: int) -> list[docx_layout.ColumnNeed]:
        label = docx_layout.ColumnNeed(FACTS_LABEL_SHARE)
        value = docx_layout.ColumnNeed(1 - FACTS_LABEL_SHARE)
        for text, lines in block.split_rows:
            label.need(docx_layout.longest_word(text, half_points), hard=True)
            widest = max(docx_layout.longest_word(line, half_points) for line in lines)
            value.need(widest, hard=True)
        return [label, value]

    start = COMPACT_HALF_POINTS if block.compact else BODY_HALF_POINTS
    widths, size, margin = _fit(needs, width, start, compact=block.compact)
    table = _new_table(document, rows=len(block.rows), widths=widths, margin=margin)
    for row, (text, lines) in zip(table.rows, block.split_rows, strict=True):
        label_lines = (docx_layout.word_text(text),)
        _cell(row.cells[0], label_lines, bold=True, fill=LABEL_FILL, half_points=size)
        _cell(row.cells[1], tuple(map(docx_layout.word_text, lines)), half_points=size)
        docx_layout.cant_split(row)


def _column_needs(block: Table, half_points: int) -> list[docx_layout.ColumnNeed]:
    """Per column, the width its unbreakable text needs at `half_points`: each header word
    (bold), each number and person's name whole, the longest word of other text."""
    needs = [docx_layout.ColumnNeed(share) for share in block.width_percents]
    header = () if block.plain else block.header
    for header_row in header:
        for head in header_row:
            if len(head.columns) == 1:
                for line in head.lines:
                    width = docx_layout.longest_word(line, half_points)
                    needs[head.columns[0]].need(width, hard=True)
    for body_row in block.body:
        for cell in body_row.cells:
            if len(cell.columns) != 1:
                continue
            for line in cell.lines:
                if cell.person:
                    width = docx_layout.text_width(line, half_points)
                    needs[cell.columns[0]].need(width, hard=True)
                elif docx_layout.is_number(line):
                    width = docx_layout.number_width(line, half_points)
                    needs[cell.columns[0]].need(width, hard=True)
                else:  # words never break (docx_layout.word_text)
                    width = docx_layout.longest_word(line, half_points)
                    needs[cell.columns[0]].need(width, hard=True)
    return needs


def _fit(
    needs: Callable[[int], list[docx_layout.ColumnNeed]],
    width: int,
    half_points: int,
    *,
    compact: bool,
    plain: bool = False,
) -> tuple[list[int], int, int]:
    """Column widths, type size and cell margin of a table. In order: the layout's size and
    margins with room for every column's longest word; tighter margins; then room only for
    what must never break (numbers, names, header words: a long word of running text may
    break); then the same at 14 pt and 13 pt. The first fit that squeezes no column far below
    its share wins, else the least squeezed fit, else every column shares the shortfall."""
    if plain:  # columns of text flush with the margin, a gap between them
        default = tight = 0
    else:
        default = int(docx_layout.TIGHT_CELL_MARGIN if compact else docx_layout.DEFAULT_CELL_MARGIN)
        tight = int(docx_layout.TIGHT_CELL_MARGIN)

    def gap_of(margin: int) -> int:
        return int(PLAIN_GAP) if plain else 2 * margin

    sizes = [half_points, *(s for s in docx_layout.STEP_DOWN_HALF_POINTS if s < half_points)]
    fits: list[tuple[float, list[int], int, int]] = []
    for size in sizes:
        columns = needs(size)
        shares = [column.share for column in columns]
        for margin, hard_only in ((default, False), (tight, False), (tight, True)):
            minimums = [
                (column.hard if hard_only else column.minimum) + gap_of(margin)
                for column in columns
            ]
            widths = docx_layout.fit_widths(shares, minimums, width)
            if widths is not None:
                squeeze = docx_layout.squeeze(shares, widths)
                if squeeze >= docx_layout.BALANCED:
                    return widths, size, margin
                fits.append((squeeze, widths, size, margin))
    if fits:  # the least squeezed, the larger type first
        _squeeze, widths, size, margin = max(fits, key=lambda fit: fit[0])
        return widths, size, margin
    # Too wide even so: every column gets the same fraction of what must not break.
    size = sizes[-1]
    columns = needs(size)
    wanted = [column.hard + gap_of(tight) for column in columns]
    scale = width / max(sum(wanted), 1)
    shares = [column.share for column in columns]
    minimums = [int(want * scale) for want in wanted]
    return docx_layout.fit_widths(shares, minimums, width) or [], size, tight


def _table(document: DocxDocument, block: Table, width: int) -> None:
    header = () if block.plain else block.header
    body = block.body
    start = COMPACT_HALF_POINTS if block.compact else BODY_HALF_POINTS
    widths, size, margin = _fit(
        lambda at: _column_needs(block, at), width, start, compact=block.compact, plain=block.plain
    )
    table = _new_table(
        document,
        rows=len(header) + len(body),
        widths=widths,
        borders=not block.plain,
        margin=margin,
    )
    # Shade every header cell before merging: a vertically merged cell keeps one w:tc per
    # row, and Word paints each with its own shading.
    for row in table.rows[: len(header)]:
        for tc in row._tr.tc_lst:
            _shade(tc, HEADER_FILL)
    for row_index, header_cells in enumerate(header):
        for head in header_cells:
            target = table.cell(row_index, head.columns[0])
            if head.colspan > 1 or head.rowspan > 1:
                last = table.cell(row_index + head.rowspan - 1, head.columns[-1])
                target = target.merge(last)
            _cell(
                target,
                tuple(docx_layout.word_text(line) for line in head.lines),
                bold=True,
                align="center",
                half_points=size,
            )
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in table.rows[: len(header)]:
        docx_layout.repeat_header(row)
    for offset, body_row in enumerate(body, start=len(header)):
        row = table.rows[offset]
        for cell in body_row.cells:
            _body_cell(row, cell, emphasis=body_row.emphasis, half_points=size)
        docx_layout.cant_split(row)
    # Merging rewrites the cells' widths: set the grid and every width once, at the end.
    docx_layout.fix_table(table, widths)


def _body_cell(
    row: _Row,
    cell: Cell,
    *,
    emphasis: bool,
    half_points: int = BODY_HALF_POINTS,
) -> None:
    # The row's own cells: Table.cell() rebuilds the whole grid on every call, which made
    # long tables (a 30-KPI SAR) quadratic.
    target = row.cells[cell.columns[0]]
    if cell.span > 1:
        target = target.merge(row.cells[cell.columns[-1]])
    lines = cell.lines
    unbreakable = cell.person or (bool(lines) and all(map(docx_layout.is_number, lines)))
    if cell.person:
        lines = tuple(docx_layout.person_text(line) for line in lines)
    elif unbreakable:
        lines = tuple(docx_layout.number_text(line) for line in lines)
    else:
        lines = tuple(docx_layout.word_text(line) for line in lines)
    _cell(
        target,
        lines,
        bold=emphasis,
        fill=TONE_FILLS.get(cell.tone) or (LABEL_FILL if emphasis else None),
        align=cell.align,
        half_points=half_points,
    )
    # w:noWrap would keep Word from breaking a long number after its separators too.
    if unbreakable and cell.span == 1 and not any("," in line for line in cell.lines):
        docx_layout.no_wrap(target._tc)


def _new_table(
    document: DocxDocument,
    *,
    rows: int,
    widths: list[int],
    borders: bool = True,
    margin: int = int(docx_layout.DEFAULT_CELL_MARGIN),
) -> DocxTable:
    table: DocxTable = document.add_table(rows=rows, cols=len(widths))
    if borders:
        table.style = document.styles["Table Grid"]
        docx_layout.cell_margins(table, left=margin, right=margin)
    else:
        # Text set out in columns: flush with the margin, a small gap between columns.
        docx_layout.cell_margins(table, left=0, right=int(PLAIN_GAP))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    docx_layout.fix_table(table, widths)
    return table


def _cell(
    cell: _Cell,
    lines: tuple[str, ...],
    *,
    bold: bool = False,
    fill: str | None = None,
    align: str = "left",
    half_points: int = BODY_HALF_POINTS,
) -> None:
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if align != "left":
            paragraph.alignment = _ALIGN[align]
        _run(paragraph, line, bold=bold, half_points=half_points)
    if fill:
        _shade(cell._tc, fill)


def _shade(tc: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc.get_or_add_tcPr().insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _run(
    paragraph: Paragraph, text: str, *, bold: bool = False, half_points: int = BODY_HALF_POINTS
) -> None:
    run = paragraph.add_run(text)
    apply_font(run._r.get_or_add_rPr(), bold=True if bold else None, half_points=half_points)


# Letters and the agreement ------------------------------------------------------------------


def _paragraph(document: DocxDocument, block: ParagraphBlock) -> None:
    paragraph = document.add_paragraph()
    paragraph_format = paragraph.paragraph_format
    if block.left:
        paragraph_format.left_indent = Cm(block.left)
    if block.first:
        paragraph_format.first_line_indent = Cm(block.first)
    if block.space_before:
        paragraph_format.space_before = SPACE_BEFORE
    if block.align != "left":
        paragraph.alignment = _ALIGN[block.align]
    text = block.text
    for name in sorted({n for n in block.people if n}, key=len, reverse=True):
        text = text.replace(name, docx_layout.person_text(name))
    _run(paragraph, text, bold=block.bold)


def _signatures(document: DocxDocument, block: Signatures, width: int) -> None:
    """Side by side in a borderless table; a single signature takes the right half."""
    signatures: list[Any] = list(block.signatures)
    if len(signatures) == 1:
        signatures.insert(0, None)
    widths = [width // len(signatures)] * len(signatures)
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = SPACE_BEFORE
    spacer.paragraph_format.keep_with_next = True
    table = _new_table(document, rows=1, widths=widths, borders=False)
    for cell, signature in zip(table.rows[0].cells, signatures, strict=True):
        if signature is None:
            continue
        lines = [signature.sign_line] if signature.sign_line else []
        lines += [docx_layout.person_text(f"({signature.name})"), *signature.lines]
        _cell(cell, tuple(lines), align="center")
        if not signature.sign_line:
            for _ in range(SIGNATURE_SPACE_LINES):  # room to sign above the name
                cell.paragraphs[0].insert_paragraph_before()
    docx_layout.cant_split(table.rows[0])


def _cover(document: DocxDocument, block: Cover) -> None:
    """Centred lines: the title from a third down the page, the subject and the foot below
    with wide gaps (a cover page in Word is spacing, not a frame)."""
    parts = (
        (block.title, COVER_TITLE_HALF_POINTS, COVER_TITLE_SPACE, True),
        (block.middle, COVER_MIDDLE_HALF_POINTS, COVER_GAP, True),
        (block.foot, BODY_HALF_POINTS, COVER_GAP, False),
    )
    for lines, size, space, bold in parts:
        for index, line in enumerate(lines):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if index == 0:
                paragraph.paragraph_format.space_before = space
            _run(paragraph, line, bold=bold, half_points=size)


def _memo_head(document: DocxDocument, block: MemoHead, width: int) -> None:
    """The heading, then each line of fields with a dotted tab leader to the end of its
    column: one field runs to the right margin, two share the line half and half."""
    # The emblem 1.5 cm high at the left margin, the heading centred on the page on the same
    # line; the line is at least the emblem's height, so without one its space is kept.
    heading = document.add_paragraph()
    heading.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    heading.paragraph_format.line_spacing = MEMO_EMBLEM_HEIGHT
    heading.paragraph_format.tab_stops.add_tab_stop(Emu(width // 2), WD_TAB_ALIGNMENT.CENTER)
    if block.emblem:
        picture = heading.add_run()
        apply_font(picture._r.get_or_add_rPr(), half_points=MEMO_HEADING_HALF_POINTS)
        picture.add_picture(io.BytesIO(block.emblem), height=MEMO_EMBLEM_HEIGHT)
    _run(heading, "\t", half_points=MEMO_HEADING_HALF_POINTS)
    _run(heading, block.heading, bold=True, half_points=MEMO_HEADING_HALF_POINTS)
    for fields in block.lines:
        paragraph = document.add_paragraph()
        stops = paragraph.paragraph_format.tab_stops
        share = width // len(fields)
        for index, field in enumerate(fields):
            end = share * (index + 1) - (Cm(0.3) if index + 1 < len(fields) else 0)
            stops.add_tab_stop(
                Emu(end),
                WD_TAB_ALIGNMENT.RIGHT if index + 1 == len(fields) else WD_TAB_ALIGNMENT.LEFT,
                WD_TAB_LEADER.DOTS,
            )
            if index:
                stops.add_tab_stop(Emu(share * index), WD_TAB_ALIGNMENT.LEFT)
                _run(paragraph, "\t")
            _run(paragraph, field.label, bold=True, half_points=MEMO_LABEL_HALF_POINTS)
            _run(paragraph, f" {field.value} \t")


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
