"""The printed layout every renderer shares: a document is sections of simple blocks.

A layout function (documents/layouts/) turns a builder's dataclass into these blocks once, with
the Thai labels and the order of the parts; the PDF and DOCX renderers only draw blocks. So the
two formats show the same words in the same order.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Shown in an empty cell or an empty section, as on printed government forms.
EMPTY = "–"


@dataclass(frozen=True)
class Title:
    """Centred bold lines at the top of a section (document name, department, year)."""

    lines: tuple[str, ...]
    kind: ClassVar[str] = "title"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class Facts:
    """A two-column table of label → value; a value may hold several lines."""

    rows: tuple[tuple[str, str], ...]
    compact: bool = False  # smaller type (Table.compact)
    kind: ClassVar[str] = "facts"

    @property
    def split_rows(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((label, lines_of(value)) for label, value in self.rows)


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 1  # relative width
    numeric: bool = False  # right-aligned
    centered: bool = False
    # Consecutive columns of one group share a header cell above their own labels
    # (ค่าเป้าหมาย over ขั้นต้น / มาตรฐาน / ขั้นสูง).
    group: str = ""
    # The cells hold person names, which never break across lines (span.person-name in the
    # PDF; issue 16 item 7).
    person: bool = False

    @property
    def align(self) -> str:
        return "center" if self.centered else "right" if self.numeric else "left"


@dataclass(frozen=True)
class Row:
    """A table row whose cells may cover several columns, or an emphasised row (bold on a
    light fill: a group heading, a total). Empty cells of a `Row` stay empty (plain tuples
    show EMPTY in them)."""

    cells: tuple[str, ...]
    spans: tuple[int, ...] = ()  # columns each cell covers; one each when empty
    emphasis: bool = False
    aligns: tuple[str, ...] = ()  # per cell; else a spanning cell is left-aligned and a
    # single one follows its column
    # Per cell: "" or a traffic-light tone ("green", "amber", "red", "grey") shown as a light
    # fill behind the cell's text (the text itself carries the meaning too).
    tones: tuple[str, ...] = ()

    @property
    def cell_spans(self) -> tuple[int, ...]:
        return self.spans or (1,) * len(self.cells)


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...]
    span: int
    align: str  # "left", "right" or "center": of the first column it covers
    columns: tuple[int, ...]  # indexes of the columns it covers
    tone: str = ""  # Row.tones
    person: bool = False  # Column.person of the one column it covers

    @property
    def html_lines(self) -> tuple[SafeString, ...]:
        """The lines for the PDF: a person's name whole; a number with thousands separators
        breaks only after a separator, never inside a group ("๒,๒๕๐,๐๐|๐,๐๐๐" in a narrow
        target column, issue 17 item 1); other text as it is, escaped."""
        return tuple(_html_line(line, person=self.person) for line in self.lines)


_NUMBER = re.compile(r"^[-+−–(]?[\d๐-๙][\d๐-๙.,]*\)?$")


def _html_line(line: str, *, person: bool) -> SafeString:
    if person:
        return format_html('<span class="person-name">{}</span>', line)
    if "," in line and _NUMBER.match(line.strip()):
        groups = re.findall(r"[^,]+,?", line.strip())
        return format_html_join(
            mark_safe("<wbr>"), '<span class="num-part">{}</span>', ((g,) for g in groups)
        )
    if _THAI.search(line):
        return _words_html(line)
    return format_html("{}", line)


_THAI = re.compile("[\u0e01-\u0e5b]")


def _words_html(line: str) -> SafeString:
    """Thai text that breaks only between words, as the Word file's cells do
    (docx_layout.word_text): each word kept whole, a <wbr> between words (Chromium's own
    dictionary would cut "ผลกระ|ทบ"); spaces stay places to break."""
    from documents import docx_layout

    pieces = docx_layout.word_text(line).replace(docx_layout.WORD_JOINER, "")
    parts: list[str] = []
    for index, piece in enumerate(pieces.split(docx_layout.ZWSP)):
        if index:
            parts.append("<wbr>")
        for token in re.split(r"(\s+)", piece):
            if token.isspace():
                parts.append(" ")
            elif token:
                parts.append(format_html('<span class="word">{}</span>', token))
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class BodyRow:
    cells: tuple[Cell, ...]
    emphasis: bool = False


@dataclass(frozen=True)
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1
    columns: tuple[int, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        return lines_of(self.label)


@dataclass(frozen=True)
class Table:
    heading: str  # "" for none
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...] | Row, ...]
    # Text set out in columns without borders or a header row (the parties of an agreement).
    plain: bool = False
    # Smaller type for wide tables and one-page summaries: 14 pt in Word, 9.5 pt in the PDF.
    compact: bool = False
    kind: ClassVar[str] = "table"

    def __post_init__(self) -> None:
        for row in self.rows:
            spans = row.cell_spans if isinstance(row, Row) else (1,) * len(row)
            cells = row.cells if isinstance(row, Row) else row
            if len(spans) != len(cells) or sum(spans) != len(self.columns):
                raise ValueError(f"row {cells!r} does not fill {len(self.columns)} columns")
            if isinstance(row, Row) and row.tones and len(row.tones) != len(cells):
                raise ValueError(f"row {cells!r} needs one tone per cell")

    @property
    def body(self) -> tuple[BodyRow, ...]:
        """Each row as cells with their lines of text; empty cells of plain rows show EMPTY."""
        rows = []
        for row in self.rows:
            tones: tuple[str, ...] = ()
            if isinstance(row, Row):
                texts, spans, emphasis = row.cells, row.cell_spans, row.emphasis
                aligns, tones = row.aligns, row.tones
            else:
                texts, spans, emphasis, aligns = row, (1,) * len(row), False, ()
            cells, first = [], 0
            for index, (text, span) in enumerate(zip(texts, spans, strict=True)):
                lines = lines_of(text) if not isinstance(row, Row) or text.strip() else ()
                if aligns:
                    align = aligns[index]
                else:
                    align = "left" if span > 1 else self.columns[first].align
                covered = tuple(range(first, first + span))
                tone = tones[index] if tones else ""
                person = span == 1 and self.columns[first].person
                cells.append(Cell(lines, span, align, covered, tone, person))
                first += span
            rows.append(BodyRow(tuple(cells), emphasis))
        return tuple(rows)

    @property
    def header(self) -> tuple[tuple[HeaderCell, ...], ...]:
        """One header row, or two when columns are grouped: ungrouped columns span both rows,
        a group's label spans its columns in the first row."""
        if not any(column.group for column in self.columns):
            return (
                tuple(
                    HeaderCell(column.label, columns=(index,))
                    for index, column in enumerate(self.columns)
                ),
            )
        top: list[HeaderCell] = []
        bottom: list[HeaderCell] = []
        index = 0
        while index < len(self.columns):
            column = self.columns[index]
            if not column.group:
                top.append(HeaderCell(column.label, rowspan=2, columns=(index,)))
                index += 1
                continue
            end = index
            while end < len(self.columns) and self.columns[end].group == column.group:
                bottom.append(HeaderCell(self.columns[end].label, columns=(end,)))
                end += 1
            top.append(
                HeaderCell(column.group, colspan=end - index, columns=tuple(range(index, end)))
            )
            index = end
        return (tuple(top), tuple(bottom))

    @property
    def width_percents(self) -> tuple[int, ...]:
        total = sum(column.width for column in self.columns)
        return tuple(round(100 * column.width / total) for column in self.columns)


@dataclass(frozen=True)
class Text:
    """A labelled block of free text, one paragraph per line of the source."""

    heading: str
    text: str
    kind: ClassVar[str] = "text"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return lines_of(self.text)


@dataclass(frozen=True)
class Paragraph:
    """Running text of a letter or an agreement. Indents are in centimetres: `left` for the
    whole paragraph, `first` for its first line relative to `left` (negative: hanging, for
    numbered items whose wrapped lines align after the number)."""

    text: str
    first: float = 2.5  # the official 2.5 cm paragraph indent
    left: float = 0.0
    bold: bool = False
    align: str = "left"  # "left", "center" or "right"; Thai is never justified
    space_before: bool = False  # a blank half line above (between parts of a letter)
    # Person names inside the text, which never break across lines (the parties named in the
    # agreement's clauses): span.person-name in the PDF, glued in the DOCX.
    people: tuple[str, ...] = ()
    kind: ClassVar[str] = "paragraph"

    @property
    def html(self) -> SafeString:
        """The text escaped, with each of `people` in a no-break span."""
        text = str(escape(self.text))
        for name in sorted({n for n in self.people if n}, key=len, reverse=True):
            escaped = str(escape(name))
            text = text.replace(escaped, f'<span class="person-name">{escaped}</span>')
        return mark_safe(text)  # built from escaped parts only


@dataclass(frozen=True)
class Signature:
    name: str  # shown in brackets under the signature line
    lines: tuple[str, ...] = ()  # position, role, date
    sign_line: str = ""  # "(ลงชื่อ) ………" or "" for blank space to sign in


@dataclass(frozen=True)
class Signatures:
    """Signature blocks side by side, centred each in its column; a single one sits in the
    right half of the page, as under a letter."""

    signatures: tuple[Signature, ...]
    kind: ClassVar[str] = "signatures"


@dataclass(frozen=True)
class MemoField:
    label: str  # bold and larger: "ส่วนราชการ", "ที่", "วันที่", "เรื่อง"
    value: str


@dataclass(frozen=True)
class MemoHead:
    """The head of an internal memo (บันทึกข้อความ): the large heading, then lines of one or
    two labelled fields, each followed by a dotted leader to the end of its column."""

    heading: str
    lines: tuple[tuple[MemoField, ...], ...]
    # The department's emblem (ครุฑ) at the top left, PNG or JPEG bytes; None leaves its space.
    emblem: bytes | None = None
    kind: ClassVar[str] = "memo_head"

    @property
    def emblem_uri(self) -> str:
        """The emblem as a data: URI for the PDF's <img>, "" without one."""
        if not self.emblem:
            return ""
        kind = "png" if self.emblem.startswith(b"\x89PNG") else "jpeg"
        return f"data:image/{kind};base64,{base64.b64encode(self.emblem).decode('ascii')}"


@dataclass(frozen=True)
class Cover:
    """A report's cover page: the title lines large in the upper third, the subject lines
    (department, ministry) in the middle, the date lines at the foot."""

    title: tuple[str, ...]
    middle: tuple[str, ...] = ()
    foot: tuple[str, ...] = ()
    kind: ClassVar[str] = "cover"


@dataclass(frozen=True)
class Figure:
    """A chart: the SVG picture for the PDF (core.charts, text escaped there) and the
    same figures as a table, which DOCX shows instead of the picture."""

    title: str
    svg: SafeString
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: ClassVar[str] = "figure"

    @property
    def table(self) -> Table:
        columns = tuple(
            Column(label, 4 if index == 0 else 2, numeric=index > 0)
            for index, label in enumerate(self.headers)
        )
        return Table("", columns, self.rows, compact=True)


Block = Title | Heading | Facts | Table | Text | Paragraph | Signatures | MemoHead | Cover | Figure


@dataclass(frozen=True)
class Section:
    """Starts on a new page."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Layout:
    title: str
    thai_digits: bool
    sections: tuple[Section, ...] = field(default=())
    page_label: str = "หน้า"
    # "footer": "หน้า ๑ / ๓" at the foot of every page (forms and reports); "letter": the
    # official "- ๒ -" at the top of the second and later pages, none on the first.
    page_numbers: str = "footer"
    # The binding margin in centimetres (letters use 3 cm); the others are 2 cm.
    margin_left: float = 2.5
    # The top margin in centimetres: 2 cm, or 1.5 cm for a memo, whose emblem sits at the top.
    margin_top: float = 2.0
    # "ฉบับร่าง — ข้อมูล ณ วันที่ …" at the top of every page of a document drawn from a round
    # that is not closed (reporting.results.round_is_draft); "" for none.
    draft_note: str = ""


def lines_of(text: str) -> tuple[str, ...]:
    """Non-empty lines of a text, or the placeholder for an empty one."""
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    return lines or (EMPTY,)
