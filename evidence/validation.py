"""What an uploaded evidence file is, judged by its content (issue 6 item 3).

Allowed: PDF, DOCX, XLSX, JPEG and PNG. The magic bytes are read with `filetype`; an Office file
must also be a ZIP package whose [Content_Types].xml declares the main part of that kind
(word/document.xml or xl/workbook.xml) and which holds no macros. The extension must agree with
the content, the size must be within settings.PRAMOEN_UPLOAD_MAX_BYTES and the file not empty.
Every refusal is a ValidationError with a Thai message naming the file.
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from evidence.models import FileType

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


def _office_matches(stream: IO[bytes], file_type: str) -> bool:
    main_type, main_part = _OOXML[file_type]
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or main_part not in names:
                return False
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return False  # macro-enabled package renamed to .docx/.xlsx
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX:
                return False
            declared = package.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        return False
    return main_type in declared and "macroEnabled" not in declared


def _detect(upload: UploadedFile, wanted: str) -> tuple[bool, object | None]:
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = getattr(kind, "extension", None)
    if wanted == FileType.PDF:
        return extension == "pdf" and head.startswith(b"%PDF-"), kind
    if wanted == FileType.PNG:
        return extension == "png", kind
    if wanted == FileType.JPG:
        return extension == "jpg", kind
    if not head.startswith(b"PK\x03\x04"):
        return False, kind
    try:
        return _office_matches(upload, wanted), kind
    finally:
        upload.seek(0)


def inspect_upload(upload: UploadedFile, field: str = "file") -> Inspected:
    """Check one upload; return its type and display name or raise ValidationError {field}."""
    name = upload.name or ""
    shown = safe_display_name(name)
    suffix = PurePosixPath(shown).suffix.lower()
    wanted = EXTENSIONS.get(suffix)
    if wanted is None:
        raise ValidationError(
            {
                field: _(
                    "รับเฉพาะไฟล์ PDF, Word (DOCX), Excel (XLSX), JPG หรือ PNG (ไฟล์ “%(name)s” ไม่ใช่)"
                )
                % {"name": shown}
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
    matches, kind = _detect(upload, wanted)
    if not matches:
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
