"""Open Word files in a real client (LibreOffice, headless) and check what officials would see
(issue 21): no number of a table split across lines, page numbers that are digits, no table
wider than the page's text, and every word of the DOCX whole in LibreOffice's PDF and in
pramoen's own (Chromium) PDF — the same text in both, broken only between words.
`manage.py docs_check` runs it on every DOCX kind of the demo; `documents/tests/test_docx_layout.py`
runs it on the SAR.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from documents import docx_layout

INVISIBLE = {0x200B: None, 0x2060: None, 0xA0: " "}
# Vowels above and below and tone marks: pdftotext gives a mark after the letter it sits over
# by position, not where the text has it ("ตัง้" for "ตั้ง"), so words are compared without them.
MARKS = dict.fromkeys([0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])
_SPACE = re.compile(r"\s+")
_WORDLIKE = re.compile(r"[ก-ฮ0-9A-Za-z๐-๙]")


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
    return Converted(pdf, pdf_lines(pdf))


def pdf_lines(pdf: Path) -> tuple[str, ...]:
    """A PDF's text by lines (pdftotext), zero-width marks removed."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return tuple(line.translate(INVISIBLE) for line in text.splitlines())


def _bare(text: str) -> str:
    """Text without spaces, zero-width marks, vowel and tone marks: what survives any layout."""
    return _SPACE.sub("", text.translate(INVISIBLE).translate(MARKS))


def docx_texts(content: bytes, *, tables: bool = True) -> list[str]:
    """The DOCX's text as written: the table cells (`tables`) — but not the column headers of
    a chart's figures (docx_layout.chart_caption), which the PDF's picture does not print — or
    else the paragraphs outside tables."""
    document = Document(io.BytesIO(content))
    if not tables:
        return [paragraph.text for paragraph in document.paragraphs]
    texts = []
    for table in document.tables:
        rows = table.rows[1:] if docx_layout.is_chart(table) else table.rows
        texts += [cell.text for row in rows for cell in row.cells]
    return texts


def docx_words(content: bytes, *, tables: bool = True) -> set[str]:
    """Every word (PyThaiNLP's segmentation, two letters or more) of the DOCX's table cells or
    of its other paragraphs, bare."""
    words = set()
    for text in docx_texts(content, tables=tables):
        # A zero-width space is a break the document allows (docx_layout.word_text).
        for piece in text.replace(docx_layout.WORD_JOINER, "").split(docx_layout.ZWSP):
            for word in docx_layout.thai_words(piece.translate(INVISIBLE)):
                bare = _bare(word)
                if len(bare) > 1 and _WORDLIKE.search(bare):
                    words.add(bare)
    return words


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(_bare(word) for word in thai_words())


def _rejoin_marks(lines: Sequence[str]) -> list[str]:
    """pdftotext sets a line's raised marks on a line of their own, taking the letter after
    them along ("ทีก" / "่ ฎหมาย" for "ที่กฎหมาย"): such a line joins the one before it."""
    out: list[str] = []
    for line in lines:
        stripped = line.lstrip()
        if out and stripped and unicodedata.category(stripped[0]) == "Mn":
            out[-1] += stripped
        else:
            out.append(line)
    return out


def broken_words(words: set[str], lines: Sequence[str], *, within_lines: bool = True) -> list[str]:
    """The words not found whole in a PDF's text: within one line (`within_lines`, for table
    cells, whose words must never break), or anywhere in the running text (paragraphs, where
    the client's own Thai line breaking rules). A compound may break between its words
    (PyThaiNLP keeps "เปิดเผย" one word, a client breaks "เปิด|เผย"): a word counts as whole
    when it is found, or when it splits into two dictionary words that are each found — except
    the words of the evaluation (`docx_layout.DOMAIN_WORDS`), which never break."""
    bare_lines = map(_bare, _rejoin_marks(lines))
    text = "\n".join(bare_lines) if within_lines else "".join(bare_lines)
    dictionary = _dictionary()
    domain = {_bare(word) for word in docx_layout.DOMAIN_WORDS}

    def whole(word: str) -> bool:
        if word in text or word in domain:
            return word in text
        return any(
            word[:cut] in dictionary
            and word[cut:] in dictionary
            and word[:cut] in text
            and word[cut:] in text
            for cut in range(1, len(word))
        )

    return sorted(word for word in words if not whole(word))


def text_problems(content: bytes, lines: Sequence[str], client: str) -> list[str]:
    """The words of the DOCX's tables that `client`'s PDF breaks inside or leaves out, and the
    words of its paragraphs that it leaves out."""
    found = [
        f"{client}: word broken or missing in a table: {word}"
        for word in broken_words(docx_words(content), lines)
    ]
    missing = broken_words(docx_words(content, tables=False), lines, within_lines=False)
    return found + [f"{client}: word missing: {word}" for word in missing]


GROUP = "group:"


def table_numbers(content: bytes) -> set[str]:
    """The numbers in the DOCX's table cells (two characters or more: a one-digit cell cannot
    split), as a reader sees them; of a number that may break after its thousands separators
    (docx_layout.number_text), each group, marked `GROUP`."""
    numbers: set[str] = set()
    for table in Document(io.BytesIO(content)).tables:
        for row in table.rows:
            for cell in row.cells:
                text = cell.text.translate(INVISIBLE).strip()
                if len(text) > 1 and docx_layout.is_number(text):
                    if docx_layout.ZWSP in cell.text:  # may break after its separators
                        groups = re.split(r"[,\s]+", text)
                        numbers.update(GROUP + g for g in groups if len(g) > 1)
                    else:
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
        if number.startswith(GROUP):  # a group of digits whole, a line may end after it
            number = number.removeprefix(GROUP)
            whole = re.compile(rf"(?<![\d๐-๙]){re.escape(number)}(?![\d๐-๙])")
        else:  # whole, not as a piece of a longer number ("๑๐๐" inside "๑๐๐.๐๐")
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
