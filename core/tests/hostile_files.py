"""Hostile spreadsheets built in the test, small on disk (issue 14 item 4). Each one would hold a
worker for seconds or minutes if an importer parsed it before checking its size."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _tiny(title: str = "Sheet") -> dict[str, bytes]:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet["A1"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _sheet(rows: bytes, dimension: str = "A1") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'
        f'<dimension ref="{dimension}"/><sheetData>'.encode()
        + rows
        + b"</sheetData></worksheet>"
    )


def million_cells(title: str = "Sheet") -> bytes:
    """One row of two million cells: ~30 MB of XML in a file of a few dozen KB."""
    parts = _tiny(title)
    parts[SHEET] = _sheet(b'<row r="1">' + b"<c><v>1</v></c>" * 2_000_000 + b"</row>")
    return _zip(parts)


def many_cells_stored(cells: int, title: str = "Sheet") -> bytes:
    """Many cells, not compressed (so no ratio check applies): only the cell budget stops it."""
    parts = _tiny(title)
    parts[SHEET] = _sheet(b'<row r="1">' + b"<c><v>1</v></c>" * cells + b"</row>")
    return _zip(parts, zipfile.ZIP_STORED)


def huge_dimension(title: str = "Sheet") -> bytes:
    """Three cells, but a sheet that declares every cell Excel has (A1:XFD1048576): a reader
    that pads rows to the declared size builds 17 billion values."""
    parts = _tiny(title)
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    rows += b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    parts[SHEET] = _sheet(rows, "A1:XFD1048576")
    return _zip(parts)


def zip_bomb(title: str = "Sheet") -> bytes:
    """A part that inflates to 50 MB of zeros (compressed about 1,000-fold)."""
    parts = _tiny(title)
    parts["xl/media/padding.bin"] = b"\0" * (50 * 1024 * 1024)
    return _zip(parts)


def thousands_of_sheets(title: str = "Sheet", count: int = 5000) -> bytes:
    parts = _tiny(title)
    sheets = b"".join(
        f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>'.encode() for i in range(1, count + 1)
    )
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0"?><workbook {_NS} xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets>'.encode()
        + sheets
        + b"</sheets></workbook>"
    )
    return _zip(parts)


def thousands_of_entries(title: str = "Sheet", count: int = 3000) -> bytes:
    parts = _tiny(title)
    parts.update({f"xl/media/i{i}.bin": b"" for i in range(count)})
    return _zip(parts)


def csv_long_line(size: int = 50 * 1024 * 1024) -> bytes:
    return b"kpi,value\n1," + b"9" * size + b"\n"


HOSTILE_XLSX: dict[str, Callable[[str], bytes]] = {
    "million cells": million_cells,
    "huge dimension": huge_dimension,
    "zip bomb": zip_bomb,
    "thousands of sheets": thousands_of_sheets,
    "thousands of entries": thousands_of_entries,
}


# Uploads (issue 14 item 6) ------------------------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _office_with_macros(kind: str) -> bytes:
    """A real .docm/.xlsm: the macro-enabled content type and a VBA project part."""
    buffer = io.BytesIO()
    if kind == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("รายงาน")
        document.save(buffer)
        main, macro, part = (
            "wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "word/vbaProject.bin",
        )
    else:
        Workbook().save(buffer)
        main, macro, part = (
            "spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            "xl/vbaProject.bin",
        )
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(f"application/vnd.openxmlformats-officedocument.{main}", macro)
    parts["[Content_Types].xml"] = types.encode()
    parts[part] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512  # an OLE compound file
    return _zip(parts)


def docm_renamed_docx() -> bytes:
    return _office_with_macros("docx")


def xlsm_renamed_xlsx() -> bytes:
    return _office_with_macros("xlsx")


def vba_part_only_docx() -> bytes:
    """The content types say .docx, but a VBA project is inside."""
    macro = docm_renamed_docx()
    with zipfile.ZipFile(io.BytesIO(macro)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        )
        .encode()
    )
    return _zip(parts)


# (file name, content, words of the Thai refusal)
HOSTILE_UPLOADS = {
    "docm renamed docx": ("รายงาน.docx", docm_renamed_docx, "มีแมโคร"),
    "xlsm renamed xlsx": ("ข้อมูล.xlsx", xlsm_renamed_xlsx, "มีแมโคร"),
    "vba project in a docx": ("รายงาน.docx", vba_part_only_docx, "มีแมโคร"),
    "exe renamed pdf": ("หนังสือ.pdf", lambda: EXE, "ไม่ใช่ PDF"),
    "exe": ("setup.exe", lambda: EXE, "รับเฉพาะไฟล์"),
}
