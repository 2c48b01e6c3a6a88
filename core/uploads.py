"""The one upload validator (issue 6 item 3, issue 14 item 6): evidence, appeal files, agreement
attachments and signed scans are all checked here, by their content.

Kinds: PDF, DOCX, XLSX, JPEG and PNG; each upload point says which it takes (`EVIDENCE_KINDS`,
`DOCUMENT_KINDS`). In this order:

1. the name's extension is one of the kinds taken;
2. the size, from `upload.size`, within settings.PRAMOEN_UPLOAD_MAX_BYTES, before any byte of
   the body is read (and `SizeLimitUploadHandler` keeps no more than that of a larger body while
   Django receives it), and not empty;
3. the signature (magic bytes, read with `filetype`) agrees with the extension; an Office file
   must also be a ZIP package, of at most MAX_ENTRIES parts, whose [Content_Types].xml declares
   the main part of that kind (word/document.xml or xl/workbook.xml) and which holds no macros
   (no vbaProject part, no macro-enabled or VBA content type: a .docm renamed .docx is refused).

The stored name is never the user's (callers generate it); the user's name is kept only as
`safe_display_name`. Every refusal is a ValidationError with a Thai message naming the file.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, Any

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _


class FileType:
    """The kinds of file the system takes (evidence.models.FileType stores the same codes)."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    JPG = "jpg"
    PNG = "png"


EVIDENCE_KINDS = frozenset({FileType.PDF, FileType.DOCX, FileType.XLSX, FileType.JPG, FileType.PNG})
DOCUMENT_KINDS = frozenset({FileType.PDF, FileType.DOCX, FileType.XLSX})
MAX_ENTRIES = 2000  # parts of an Office package; a long report with many images has a few hundred
CONTENT_TYPES: dict[str, str] = {
    FileType.PDF: "application/pdf",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.JPG: "image/jpeg",
    FileType.PNG: "image/png",
}
EXTENSIONS: dict[str, str] = {
    ".pdf": FileType.PDF,
    ".docx": FileType.DOCX,
    ".xlsx": FileType.XLSX,
    ".jpg": FileType.JPG,
    ".jpeg": FileType.JPG,
    ".png": FileType.PNG,
}
# What [Content_Types].xml declares for the main part, and the part itself.
_OOXML: dict[str, tuple[str, str]] = {
    FileType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
    ),
    FileType.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
    ),
}
# A macro's code (VBA project, its signature, Word's VBA data) and what declares it.
_MACRO_PARTS = ("vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml")
_MACRO_TYPES = ("macroenabled", "vnd.ms-office.vbaproject", "vnd.ms-excel.intl-macrosheet")
_CONTENT_TYPES_MAX = 1024 * 1024  # [Content_Types].xml is a few KB; do not inflate a bomb
_HEAD = 8192
NAME_MAX = 150
_FORBIDDEN = set('<>:"/\\|?*')


@dataclass(frozen=True)
class Inspected:
    file_type: str
    content_type: str
    display_name: str


def safe_display_name(name: str, file_type: str | None = None) -> str:
    """The user's file name as harmless display text: no directories (either slash), no control
    or reserved characters, NFC, at most NAME_MAX characters, never empty or a dot name."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", base)
    cleaned = "".join(
        "_" if ch in _FORBIDDEN or unicodedata.category(ch).startswith("C") else ch for ch in base
    ).strip(" .")
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        stem, suffix = cleaned, ""
    suffix = suffix[:10]
    stem = stem[: NAME_MAX - len(suffix) - 1] or "file"
    if file_type is not None and f".{suffix.lower()}" not in {
        ext for ext, kind in EXTENSIONS.items() if kind == file_type
    }:
        suffix = file_type
    return f"{stem}.{suffix}" if suffix else stem


def _kind_name(kind: object | None) -> str:
    extension = getattr(kind, "extension", None)
    return str(extension).upper() if extension else _("ไม่ทราบชนิด")


class _Office:
    MATCHES, OTHER, MACROS = "matches", "other", "macros"


def _office(stream: IO[bytes], file_type: str) -> str:
    """Whether the ZIP package is an Office file of the kind, judged from its directory and its
    [Content_Types].xml only (nothing else is inflated)."""
    main_type, main_part = _OOXML[file_type]
    try:
        with zipfile.ZipFile(stream) as package:
            if len(package.infolist()) > MAX_ENTRIES:
                return _Office.OTHER
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or main_part not in names:
                return _Office.OTHER
            if any(name.lower().endswith(_MACRO_PARTS) for name in names):
                return _Office.MACROS  # e.g. a .docm renamed .docx
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX:
                return _Office.OTHER
            declared = package.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError):
        return _Office.OTHER
    if any(marker in declared.lower() for marker in _MACRO_TYPES):
        return _Office.MACROS
    return _Office.MATCHES if main_type in declared else _Office.OTHER


def _detect(upload: UploadedFile, wanted: str) -> tuple[str, object | None]:
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = getattr(kind, "extension", None)
    if wanted == FileType.PDF:
        return _matches(extension == "pdf" and head.startswith(b"%PDF-")), kind
    if wanted == FileType.PNG:
        return _matches(extension == "png"), kind
    if wanted == FileType.JPG:
        return _matches(extension == "jpg"), kind
    if not head.startswith(b"PK\x03\x04"):
        return _Office.OTHER, kind
    try:
        return _office(upload, wanted), kind
    finally:
        upload.seek(0)


def _matches(condition: bool) -> str:
    return _Office.MATCHES if condition else _Office.OTHER


def _kinds_text(allowed: frozenset[str]) -> str:
    names = [_KIND_NAMES[kind] for kind in _ORDER if kind in allowed]
    if len(names) == 1:
        return names[0]
    return _("%(first)s หรือ %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


_ORDER = (FileType.PDF, FileType.DOCX, FileType.XLSX, FileType.JPG, FileType.PNG)
_KIND_NAMES = {
    FileType.PDF: "PDF",
    FileType.DOCX: "Word (DOCX)",
    FileType.XLSX: "Excel (XLSX)",
    FileType.JPG: "JPG",
    FileType.PNG: "PNG",
}


def inspect_upload(
    upload: UploadedFile, field: str = "file", *, allowed: frozenset[str] = EVIDENCE_KINDS
) -> Inspected:
    """Check one upload against the kinds `allowed`; return its type and display name or raise
    ValidationError {field: Thai message}."""
    name = upload.name or ""
    shown = safe_display_name(name)
    suffix = PurePosixPath(shown).suffix.lower()
    wanted = EXTENSIONS.get(suffix)
    if wanted is None or wanted not in allowed:
        raise ValidationError(
            {
                field: _("รับเฉพาะไฟล์ %(kinds)s (ไฟล์ “%(name)s” ไม่ใช่)")
                % {"kinds": _kinds_text(allowed), "name": shown}
            }
        )
    limit = int(settings.PRAMOEN_UPLOAD_MAX_BYTES)
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                field: _("ไฟล์ “%(name)s” ใหญ่เกินกำหนด (ไม่เกิน %(mb)s MB)")
                % {"name": shown, "mb": f"{limit / (1024 * 1024):g}"}
            }
        )
    if not upload.size:
        raise ValidationError({field: _("ไฟล์ “%(name)s” ว่างเปล่า") % {"name": shown}})
    found, kind = _detect(upload, wanted)
    if found == _Office.MACROS:
        raise ValidationError(
            {
                field: _(
                    "ไฟล์ “%(name)s” มีแมโคร (macro) ระบบไม่รับไฟล์ที่มีแมโคร "
                    "กรุณาบันทึกเป็นไฟล์ %(wanted)s แบบไม่มีแมโครแล้วแนบใหม่"
                )
                % {"name": shown, "wanted": wanted.upper()}
            }
        )
    if found != _Office.MATCHES:
        raise ValidationError(
            {
                field: _(
                    "เนื้อหาของไฟล์ “%(name)s” ไม่ใช่ %(wanted)s ตามที่นามสกุลระบุ "
                    "(ตรวจพบ: %(found)s) กรุณาแนบไฟล์ที่ถูกต้อง"
                )
                % {"name": shown, "wanted": wanted.upper(), "found": _kind_name(kind)}
            }
        )
    return Inspected(
        file_type=wanted,
        content_type=CONTENT_TYPES[wanted],
        display_name=safe_display_name(name, wanted),
    )


class SizeLimitUploadHandler(FileUploadHandler):
    """First in settings.FILE_UPLOAD_HANDLERS: once a file passes PRAMOEN_UPLOAD_MAX_BYTES, the
    rest of it is received but kept nowhere, and the file handed to the view is empty with its
    real `size`, so inspect_upload refuses it by size without a byte of it on disk."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._received += len(raw_data)
        if self._received > int(settings.PRAMOEN_UPLOAD_MAX_BYTES):
            return None  # the handlers after this one never see the rest
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if file_size <= int(settings.PRAMOEN_UPLOAD_MAX_BYTES):
            return None  # the next handler (memory or temporary file) has the whole file
        return InMemoryUploadedFile(
            io.BytesIO(b""),
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )
