"""Storing agreement attachments and signed scans: PDF, DOCX and XLSX, checked by the one upload
validator (core.uploads: size before the body is read, signature, OOXML structure, no macros)
and stored under a generated name (`agreements.models.files.attachment_path`).
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile

from agreements.models import Agreement, Attachment
from core.files import save_upload
from core.uploads import DOCUMENT_KINDS, Inspected, inspect_upload


def validate_upload(upload: UploadedFile, field: str = "file") -> Inspected:
    """What the file is, or ValidationError {field: Thai message}."""
    return inspect_upload(upload, field, allowed=DOCUMENT_KINDS)


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
    inspected = validate_upload(upload)
    attachment = Attachment(
        agreement=agreement,
        kind=kind,
        title=(title.strip() or PurePath(inspected.display_name).stem)[:255],
        original_name=inspected.display_name[:255],
        size=upload.size or 0,
        content_type=inspected.content_type,
        uploaded_by_id=actor.pk,
        **links,
    )
    # The stored name is generated; only its extension, the detected kind's, comes from here.
    save_upload(attachment.file, f"upload.{inspected.file_type}", upload, field="file")
    attachment.save()
    return attachment
