"""The printed layout every renderer shares: a document is sections of simple blocks.

A layout function (documents/layouts/) turns a builder's dataclass into these blocks once, with
the Thai labels and the order of the parts; the PDF and DOCX renderers only draw blocks. So the
two formats show the same words in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

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
    kind: ClassVar[str] = "facts"

    @property
    def split_rows(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((label, lines_of(value)) for label, value in self.rows)


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 1  # relative width
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    heading: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: ClassVar[str] = "table"

    @property
    def cells(self) -> tuple[tuple[tuple[Column, tuple[str, ...]], ...], ...]:
        """Each row as (column, lines of text) pairs, empty cells shown as EMPTY."""
        return tuple(
            tuple((column, lines_of(text)) for column, text in zip(self.columns, row, strict=True))
            for row in self.rows
        )

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
class Section:
    """Starts on a new page."""

    blocks: tuple[Title | Heading | Facts | Table | Text, ...]


@dataclass(frozen=True)
class Layout:
    title: str
    thai_digits: bool
    sections: tuple[Section, ...] = field(default=())
    page_label: str = "หน้า"


def lines_of(text: str) -> tuple[str, ...]:
    """Non-empty lines of a text, or the placeholder for an empty one."""
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    return lines or (EMPTY,)
