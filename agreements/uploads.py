"""Validating and storing agreement attachments: PDF, DOCX and XLSX only, within the size limit.

The type is checked from the file's content as well as its name (a renamed .exe is refused), and
the file is stored under a generated name (`agreements.models.files.attachment_path`).
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from agreements.models import Agreement, Attachment
from core.files import save_upload

ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The part every OOXML package of the kind has.
_OOXML_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def _content_matches(upload: UploadedFile, suffix: str) -> bool:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if suffix == ".pdf":
        return bool(head == b"%PDF-")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return _OOXML_PART[suffix] in names


def validate_upload(upload: UploadedFile, field: str = "file") -> str:
    """Return the file's suffix, or raise ValidationError {field: Thai message}."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    limit = int(settings.PRAMOEN_UPLOAD_MAX_BYTES)
    if suffix not in ALLOWED:
        raise ValidationError(
            {field: _("รับเฉพาะไฟล์ PDF, DOCX หรือ XLSX (ไฟล์ “%(name)s” ไม่ใช่)") % {"name": name}}
        )
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                field: _("ไฟล์ “%(name)s” ใหญ่เกิน %(mb).0f MB")
                % {"name": name, "mb": limit / (1024 * 1024)}
            }
        )
    if not upload.size:
        raise ValidationError({field: _("ไฟล์ “%(name)s” ว่างเปล่า") % {"name": name}})
    if not _content_matches(upload, suffix):
        raise ValidationError(
            {
                field: _("เนื้อหาไฟล์ “%(name)s” ไม่ใช่ %(kind)s")
                % {"name": name, "kind": suffix[1:].upper()}
            }
        )
    return suffix


def store_attachment(
    actor: AbstractBaseUser,
    agreement: Agreement,
    upload: UploadedFile,
    *,
    kind: str,
    title: str = "",
    **links: object,
) -> Attachment:
    """Validate and save one upload (call inside the service's transaction)."""
    suffix = validate_upload(upload)
    original = PurePath(upload.name or f"file{suffix}").name[:255]
    attachment = Attachment(
        agreement=agreement,
        kind=kind,
        title=(title.strip() or PurePath(original).stem)[:255],
        original_name=original,
        size=upload.size or 0,
        content_type=ALLOWED[suffix],
        uploaded_by_id=actor.pk,
        **links,
    )
    save_upload(attachment.file, original, upload, field="file")
    attachment.save()
    return attachment
