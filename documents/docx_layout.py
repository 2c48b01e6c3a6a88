"""Table layout for Word files that Word and LibreOffice lay out alike (issue 21).

Word reads a table's cell widths (`w:tcW`), LibreOffice its grid (`w:tblGrid`); with neither
fixed, each client sizes columns its own way and a narrow column breaks a number or a word by
the letter ("๑|๕.๔๒๐", "คะแ|นน"). So every DOCX table goes through `fix_table`: fixed layout,
the grid, the table width and each cell's width, all in twips, summing to the text width of A4
between the document's margins. The widths come from `fit_widths`: the layout's shares, but
never narrower than what cannot break — a number, a person's name, the longest word of a
header — measured with TH Sarabun's advance widths (`text_width`). When even that does not
fit, the table steps down in type size (`fit_table`).

The text helpers mark where a line may break, for clients whose Thai dictionary differs:
`header_text` puts a zero-width space between the words PyThaiNLP finds, `person_text` and
`number_text` glue their text with no-break spaces and word joiners.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.table import Table as DocxTable

ZWSP = "\u200b"  # a break opportunity that shows nothing
WORD_JOINER = "\u2060"  # no break here
NBSP = "\u00a0"
INVISIBLE = str.maketrans("", "", ZWSP + WORD_JOINER)

# Advance widths in em of TH Sarabun New / TH Sarabun PSK (measured on Laksaman, the
# metric-compatible free font Debian's fonts-thai-tlwg ships and LibreOffice substitutes),
# bold where it is wider. Thai marks above and below take no width.
_THAI_DIGIT_EM = 0.69
_ARABIC_DIGIT_EM = 0.57
_NARROW_THAI = set("เโใไๅงรวธฐะาำ")
_WIDE_THAI = set("ฌญฒณฑฬพฟษฆ")
_PUNCTUATION_EM = {" ": 0.34, NBSP: 0.34, ".": 0.26, ",": 0.26, "%": 1.04, "(": 0.37, ")": 0.37}
_SLACK = 1.06  # rounding in the clients' line breaking
_NUMBER = re.compile(r"^[-+−–(]?[\d๐-๙][\d๐-๙.,:/]*\)?\s?%?$")
# Cell margins: Word's default 0.19 cm each side, tighter when the type steps down.
DEFAULT_CELL_MARGIN = Emu(108 * 635)  # 0.19 cm (108 twips)
TIGHT_CELL_MARGIN = Emu(45 * 635)  # 0.08 cm
# Sizes a table may step down to (half points: 16, 14, 13 pt) when its columns do not fit;
# 13 pt TH Sarabun is about the size of the PDF's compact tables (9.5 pt Sarabun).
STEP_DOWN_HALF_POINTS = (32, 28, 26)
# A fit is balanced when no column is squeezed below this part of its share of the width.
BALANCED = 0.75


def char_em(char: str) -> float:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if char in _PUNCTUATION_EM:
        return _PUNCTUATION_EM[char]
    if "๐" <= char <= "๙":
        return _THAI_DIGIT_EM
    if char.isdigit():
        return _ARABIC_DIGIT_EM
    if "\u0e00" <= char <= "\u0e7f":
        if char in _NARROW_THAI:
            return 0.51
        return 0.85 if char in _WIDE_THAI else 0.66
    if char.isupper():
        return 0.7
    return 0.56


def text_width(text: str, half_points: int) -> int:
    """The width of one line of `text` at `half_points`, in EMU."""
    em = sum(char_em(char) for char in text)
    return int(Pt(em * half_points / 2 * _SLACK))


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


# Words of the evaluation that PyThaiNLP's dictionary cuts into pieces ("ตัว|ชี้|วัด"): a
# line must not break inside them.
DOMAIN_WORDS = frozenset({"ตัวชี้วัด"})


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    from pythainlp.corpus import thai_words as words
    from pythainlp.util import dict_trie

    return dict_trie(set(words()) | DOMAIN_WORDS)


@lru_cache(maxsize=4096)
def thai_words(text: str) -> tuple[str, ...]:
    """Words and spaces of a line (PyThaiNLP's dictionary segmenter, with `DOMAIN_WORDS`)."""
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, custom_dict=_dictionary(), keep_whitespace=True))


def header_text(text: str) -> str:
    """A zero-width space between adjacent words: a client may break there, and a width sized
    for the longest word keeps it from breaking anywhere else."""
    words = thai_words(text)
    out = [words[0]] if words else []
    for before, word in itertools.pairwise(words):
        # Between two words or after a slash, not between a word and its bracket or point.
        if (_is_word_char(before[-1]) or before[-1] == "/") and _is_word_char(word[0]):
            out.append(ZWSP)
        out.append(word)
    return "".join(out)


_ADDRESS = re.compile(r"^[\w.+-]+@[\w.-]+$|^\w+://\S+$|^www\.\S+$", re.ASCII)


def word_text(text: str) -> str:
    """Running text of a table cell that breaks only between words, in every client: a
    zero-width space between the words PyThaiNLP finds (as `header_text`) and a word joiner
    between the letters of each word, so LibreOffice's and Word's own Thai dictionaries
    (which cut "ผู้รับ|ผิดชอบ", "คาร์บอนไ|ดออกไซด์") find no break inside one. An e-mail or web
    address may break after "@", "." and "/" only."""
    out: list[str] = []
    for piece in header_text(text).split(ZWSP):
        if out:
            out.append(ZWSP)
        for token in re.split(r"(\s+)", piece):
            if _ADDRESS.match(token):
                token = re.sub(r"([@./])(?=.)", "\\1" + ZWSP, token)
                out.append(ZWSP.join(_join_letters(part) for part in token.split(ZWSP)))
            elif token.isspace():
                out.append(token)
            else:
                out.append(_join_letters(token))
    return "".join(out)


def _join_letters(word: str) -> str:
    """A word joiner before every letter of `word` that is not a mark above or below."""
    out: list[str] = []
    for index, char in enumerate(word):
        if index and unicodedata.category(char) not in ("Mn", "Me"):
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Me")


def glue(text: str) -> str:
    """No break anywhere: no-break spaces, and a word joiner before every letter that is not a
    mark above or below (so the clients' Thai dictionaries find no break either)."""
    out: list[str] = []
    for index, char in enumerate(text.replace(" ", NBSP)):
        joins = index and out[-1] != NBSP and char != NBSP
        if joins and unicodedata.category(char) not in ("Mn", "Me"):
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def number_text(text: str) -> str:
    """A number holds no break opportunity of its own (digits and points); only a space in
    "๘๐ %" would break, so that becomes a no-break space. A number with thousands separators
    (a budget in baht: "๒,๕๐๐,๐๐๐,๐๐๐") may break after a separator, never inside a group —
    as the PDF does (documents.blocks.Cell.html_lines)."""
    return text.replace(" ", NBSP).replace(",", "," + ZWSP).rstrip(ZWSP)


def number_width(text: str, half_points: int) -> int:
    """The width a number needs: whole, or its widest group when it may break after a
    thousands separator (`number_text`)."""
    return max(text_width(piece, half_points) for piece in number_text(text).split(ZWSP))


def person_text(text: str) -> str:
    """A person's name never breaks: "นาย<nbsp>จตุพร<nbsp>บุรุษพัฒน์", joined throughout."""
    return glue(text)


def longest_word(text: str, half_points: int) -> int:
    """The widest piece of a line between the places `word_text` lets it break."""
    words = re.split(rf"[\s{ZWSP}]+", word_text(text).replace(WORD_JOINER, ""))
    return max((text_width(word, half_points) for word in words), default=0)


@dataclass
class ColumnNeed:
    """What a column needs: its share of the width, the width its text should not go below
    (`minimum`: its longest word), and the width it must not go below (`hard`: numbers,
    names, header words — what must never break)."""

    share: float
    minimum: int = 0
    hard: int = 0

    def need(self, width: int, *, hard: bool = False) -> None:
        self.minimum = max(self.minimum, width)
        if hard:
            self.hard = max(self.hard, width)


def fit_widths(shares: Sequence[float], minimums: Sequence[int], total: int) -> list[int] | None:
    """Widths in EMU summing to `total`: by `shares`, raised to `minimums`, the columns with room
    giving up width in proportion to their room. None when the minimums alone exceed `total`."""
    if sum(minimums) > total:
        return None
    weight = sum(shares) or 1
    widths = [total * share / weight for share in shares]
    fixed: set[int] = set()
    while True:
        short = [i for i, w in enumerate(widths) if w < minimums[i] and i not in fixed]
        if not short:
            break
        for i in short:
            widths[i] = minimums[i]
            fixed.add(i)
        free = [i for i in range(len(widths)) if i not in fixed]
        room = total - sum(widths[i] for i in fixed)
        free_shares = sum(shares[i] for i in free) or 1
        for i in free:
            widths[i] = room * shares[i] / free_shares
    result = [int(w) for w in widths]
    result[-1] += total - sum(result)  # rounding
    return result


def squeeze(shares: Sequence[float], widths: Sequence[int]) -> float:
    """The smallest ratio of a column's width to the width the layout's shares give it."""
    total, weight = sum(widths), sum(shares) or 1
    pairs = zip(shares, widths, strict=True)
    return min((w * weight / (total * share) for share, w in pairs if share), default=1.0)


def to_twips(emu: int) -> int:
    return int(Emu(emu).twips)


def fix_table(table: DocxTable, widths: Sequence[int]) -> None:
    """Fixed layout, table width, grid and every cell's width (merged cells: the sum of the
    columns they cover), in twips."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    table.autofit = False  # w:tblLayout w:type="fixed"
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(
            tbl_w,
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        )
    tbl_w.set(qn("w:w"), str(sum(to_twips(w) for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(to_twips(width)))
    for tr in tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Emu(sum(widths[column : column + span]))
            column += span


def chart_caption(table: DocxTable, title: str) -> None:
    """Mark a table as the figures of a chart (`w:tblCaption`, a table's alt-text title): Word
    gets the figures where the PDF has the picture, whose axes print no column headers."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), title)
    table._tbl.tblPr.insert_element_before(caption, "w:tblDescription", "w:tblPrChange")


def is_chart(table: DocxTable) -> bool:
    return table._tbl.tblPr.find(qn("w:tblCaption")) is not None


def no_wrap(tc: Any) -> None:
    """`w:noWrap` on a cell: Word keeps its text on one line."""
    tc_pr = tc.get_or_add_tcPr()
    if tc_pr.find(qn("w:noWrap")) is None:
        tc_pr.insert_element_before(
            OxmlElement("w:noWrap"),
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        )


def repeat_header(row: Any) -> None:
    """`w:tblHeader`: the row repeats at the top of every page the table runs onto."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def cant_split(row: Any) -> None:
    """`w:cantSplit`: the row moves whole to the next page rather than split across two."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def cell_margins(table: DocxTable, *, left: int, right: int) -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblCellMar"))
    if old is not None:
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side, emu in (("w:left", left), ("w:right", right)):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(to_twips(emu)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
