"""Open Word files in a real client (LibreOffice, headless) and check what officials would see
(issue 21): no number of a table split across lines, page numbers that are digits, no table
wider than the page's text. `manage.py docs_check` runs it on every DOCX kind of the demo;
`documents/tests/test_docx_layout.py` runs it on the SAR.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from documents import docx_layout

INVISIBLE = {0x200B: None, 0x2060: None, 0xA0: " "}


@dataclass(frozen=True)
class Converted:
    pdf: Path
    lines: tuple[str, ...]  # pdftotext -layout, zero-width marks removed


def soffice() -> str | None:
    return shutil.which("soffice")


def convert(docx: Path, out_dir: Path) -> Converted:
    """DOCX → PDF with LibreOffice (its own throwaway profile), then its text by lines."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    subprocess.run(
        [
            command,
            f"-env:UserInstallation={(out_dir / 'lo-profile').resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out_dir / f"{docx.stem}.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return Converted(pdf, tuple(line.translate(INVISIBLE) for line in text.splitlines()))


def table_numbers(content: bytes) -> set[str]:
    """The numbers in the DOCX's table cells (two characters or more: a one-digit cell cannot
    split), as a reader sees them."""
    numbers = set()
    for table in Document(io.BytesIO(content)).tables:
        for row in table.rows:
            for cell in row.cells:
                text = cell.text.translate(INVISIBLE).strip()
                if len(text) > 1 and docx_layout.is_number(text):
                    numbers.add(text)
    return numbers


def too_wide_tables(content: bytes) -> list[int]:
    """Indexes of tables whose grid is wider than the section's text width."""
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    limit = int(width / 635) + 5  # EMU → twips, with rounding
    wide = []
    for index, table in enumerate(document.tables):
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        if sum(int(col.get(qn("w:w"))) for col in grid) > limit:
            wide.append(index)
    return wide


def problems(content: bytes, converted: Converted) -> list[str]:
    """What is wrong with one converted document, in words; empty when all is right."""
    found = []
    for number in sorted(table_numbers(content)):
        # Whole, not as a piece of a longer number ("๑๐๐" inside "๑๐๐.๐๐").
        whole = re.compile(rf"(?<![\d๐-๙.,]){re.escape(number)}(?![\d๐-๙]|[.,][\d๐-๙])")
        if not any(whole.search(line) for line in converted.lines):
            found.append(f"number split across lines: {number}")
    page_lines = [
        line.strip()
        for line in converted.lines
        if line.strip().startswith(("หน้า ", "- ")) and len(line.strip()) < 20
    ]
    for line in page_lines:
        if not any(char.isdigit() for char in line):
            found.append(f"page number is not a digit: {line!r}")
    for index in too_wide_tables(content):
        found.append(f"table {index + 1} is wider than the page")
    return found


def render_first_page(pdf: Path) -> Path:
    """Page 1 at 80 dpi as PNG, to look at."""
    prefix = pdf.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        capture_output=True,
    )
    return prefix.with_suffix(".png")
