"""Reading documents back in tests: PDF text via poppler's pdftotext, DOCX text via python-docx."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from docx import Document

CHROMIUM = Path("/usr/bin/chromium")

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="PDF tests need Debian's chromium at /usr/bin/chromium (scripts/setup.sh installs it)",
)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def pdf_raw_text(content: bytes) -> str:
    """Text in reading order, a table cell's lines together (-layout interleaves the lines of
    the cells of one row)."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_fonts(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout


def docx_text(content: bytes) -> str:
    """The text as a reader sees it: without the zero-width break marks and word joiners
    (documents.docx_layout), no-break spaces as spaces."""
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return visible("\n".join(parts))


def visible(text: str) -> str:
    return text.translate({0x200B: None, 0x2060: None, 0xA0: " "})


def docx_run_sizes(content: bytes, font: str) -> list[int]:
    """Check every run of the body, headers and footers names `font` on all four w:rFonts
    slots (complex script included) with the same size on w:sz and w:szCs; return the sizes
    in half points, in document order."""
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(content))
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    sizes = []
    for part in parts:
        for run in part.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            assert rpr is not None, "a run without properties falls back to Word's defaults"
            fonts = rpr.find(qn("w:rFonts"))
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                assert fonts.get(qn(slot)) == font, (slot, run.xpath("string(.)"))
            size = rpr.find(qn("w:sz")).get(qn("w:val"))
            assert rpr.find(qn("w:szCs")).get(qn("w:val")) == size
            sizes.append(int(size))
    return sizes


def squash(text: str) -> str:
    """pdftotext and Word tables break lines where the page does: compare without spaces."""
    import re

    return re.sub(r"\s+", "", text)
