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


def pdf_fonts(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
