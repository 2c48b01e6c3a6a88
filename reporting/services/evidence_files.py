"""Adding and removing a report's evidence files (issue 6 item 3; domain §9 "numbered evidence
files with titles"). Only the KPI's owners and collectors, and only while the report can be
edited; every change is audited."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core import indexing
from core.audit import audit_log
from core.uploads import inspect_upload
from evidence.models import EvidenceFile
from evidence.storage import delete_file_after_commit, store_file
from reporting.models import Submission
from reporting.services._common import fresh, require_editable, require_reporter

FILES_MAX = 50


def evidence_add(
    actor: AbstractBaseUser, submission: Submission, upload: UploadedFile, *, title: str = ""
) -> EvidenceFile:
    submission = fresh(submission)
    require_reporter(actor, submission)
    require_editable(submission)
    inspected = inspect_upload(upload)
    if len(" ".join(title.split())) > 300:
        raise ValidationError({"title": _("ชื่อหลักฐานยาวเกิน 300 ตัวอักษร")})
    with transaction.atomic():
        # Serialise numbering per submission.
        Submission.objects.select_for_update().filter(pk=submission.pk).first()
        count = EvidenceFile.objects.filter(submission=submission, appeal__isnull=True).count()
        if count >= FILES_MAX:
            raise ValidationError(
                {"file": _("แนบหลักฐานได้ไม่เกิน %(n)s ไฟล์ต่อรายงาน") % {"n": FILES_MAX}}
            )
        evidence = store_file(
            actor, upload, submission_id=submission.pk, title=title, inspected=inspected
        )
        audit_log(
            actor,
            "evidence.file.added",
            submission,
            {
                "evidence": evidence.pk,
                "number": evidence.number,
                "title": evidence.title,
                "name": evidence.original_name,
                "size": evidence.size,
                "sha256": evidence.sha256,
            },
        )
    return evidence


def evidence_remove(actor: AbstractBaseUser, evidence: EvidenceFile) -> None:
    """Remove a file and renumber the ones after it, so the list stays 1, 2, 3 …"""
    submission = fresh(evidence.submission)
    require_reporter(actor, submission)
    require_editable(submission)
    if evidence.appeal_id is not None:
        raise ValidationError(_("หลักฐานประกอบคำอุทธรณ์ลบไม่ได้"))
    with transaction.atomic():
        Submission.objects.select_for_update().filter(pk=submission.pk).first()
        deleted, _rows = EvidenceFile.objects.filter(pk=evidence.pk).delete()
        if not deleted:
            return
        EvidenceFile.objects.filter(
            submission=submission, appeal__isnull=True, number__gt=evidence.number
        ).update(number=F("number") - 1)
        delete_file_after_commit(evidence)
        indexing.remove(indexing.EVIDENCE, [evidence.pk])
        audit_log(
            actor,
            "evidence.file.removed",
            submission,
            {"evidence": evidence.pk, "number": evidence.number, "title": evidence.title},
        )
