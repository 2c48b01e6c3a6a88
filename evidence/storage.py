"""Storing a validated evidence file (call inside the caller's transaction).

The content is saved under a generated name (evidence.models.evidence_path); the user's file
name is kept only as sanitised display text. A removed row's file is deleted after commit; a
rolled-back upload's file is deleted at the end of the request (core.files).
"""

from __future__ import annotations

import hashlib
import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max

from core import indexing
from core.files import save_upload
from core.media import delete_after_commit
from core.uploads import Inspected, inspect_upload
from evidence.models import EvidenceFile

logger = logging.getLogger(__name__)
TITLE_MAX = 300


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def next_number(submission_id: int, appeal_id: int | None = None) -> int:
    rows = EvidenceFile.objects.filter(submission_id=submission_id)
    rows = (
        rows.filter(appeal__isnull=True) if appeal_id is None else rows.filter(appeal_id=appeal_id)
    )
    top = rows.aggregate(top=Max("number"))["top"]
    return int(top or 0) + 1


def title_for(title: str, inspected: Inspected) -> str:
    text = " ".join((title or "").split())
    if not text:
        text = inspected.display_name.rsplit(".", 1)[0]
    return text[:TITLE_MAX]


def store_file(
    actor: AbstractBaseUser,
    upload: UploadedFile,
    *,
    submission_id: int,
    title: str = "",
    appeal_id: int | None = None,
    inspected: Inspected | None = None,
) -> EvidenceFile:
    """Validate (unless already done) and save one upload as the next numbered file."""
    inspected = inspected or inspect_upload(upload)
    evidence = EvidenceFile(
        submission_id=submission_id,
        appeal_id=appeal_id,
        number=next_number(submission_id, appeal_id),
        title=title_for(title, inspected),
        original_name=inspected.display_name,
        file_type=inspected.file_type,
        content_type=inspected.content_type,
        size=upload.size or 0,
        sha256=_sha256(upload),
        uploaded_by_id=actor.pk,
    )
    # The name passed here is ignored by evidence_path: the stored name is generated.
    save_upload(evidence.file, "upload", upload, field="file")
    evidence.save()
    indexing.refresh(indexing.EVIDENCE, [evidence.pk])
    return evidence


def delete_file_after_commit(evidence: EvidenceFile) -> None:
    delete_after_commit(evidence.file.storage, evidence.file.name)
