"""Files attached to an agreement: OPDC guidelines, minutes, data responses, the signed scan.

Stored in the media store (MEDIA_ROOT or a private S3 bucket: core.media) with a generated name
(never the uploader's); the original name is kept only for the download's Content-Disposition.
Downloads go through a permission-checked view (core.media.serve_stored_file).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models.agreement import Agreement


def attachment_path(instance: Attachment, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        GUIDELINE = "guideline", _("แนวทาง/คู่มือของสำนักงาน ก.พ.ร.")
        BRIEFING = "briefing", _("เอกสารประชุมชี้แจง")
        RESPONSE = "response", _("ข้อมูลจากหน่วยงาน")
        NEGOTIATION = "negotiation", _("เอกสารการเจรจา")
        SIGNED_SCAN = "signed_scan", _("สำเนาคำรับรองที่ลงนาม")
        AMENDMENT = "amendment", _("เอกสารขอปรับตัวชี้วัด")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("ประเภท"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("ชื่อเอกสาร"), max_length=255)
    file = models.FileField(_("ไฟล์"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("ชื่อไฟล์เดิม"), max_length=255)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"))
    content_type = models.CharField(max_length=100)
    briefing = models.ForeignKey(
        "agreements.BriefingMeeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    response = models.ForeignKey(
        "agreements.DataResponse",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    negotiation_round = models.ForeignKey(
        "agreements.NegotiationRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    amendment = models.ForeignKey(
        "agreements.Amendment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("เอกสารแนบ")
        verbose_name_plural = _("เอกสารแนบ")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
