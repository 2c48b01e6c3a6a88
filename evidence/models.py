"""Evidence files of a KPI report (domain §9: numbered evidence files with titles).

The stored file name is generated (`evidence/<year>/<month>/<random>.<type>`): the name the user
gave is kept only as sanitised text for display and for the download's file name. Files live
in the media store (MEDIA_ROOT, or a private S3 bucket: core.media), which no public URL serves:
they are read only through the permission-checked download view (reporting.views.evidence_files).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    JPG = "jpg", "JPEG"
    PNG = "png", "PNG"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    """Never the user's name: a random name with the extension of the type found inside."""
    now = timezone.now()
    return f"evidence/{now:%Y}/{now:%m}/{secrets.token_hex(16)}.{instance.file_type}"


class EvidenceFile(models.Model):
    submission = models.ForeignKey(
        "reporting.Submission",
        verbose_name=_("รายงานผลตัวชี้วัด"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    # Evidence attached to an appeal of the reviewer score (numbered separately).
    appeal = models.ForeignKey(
        "reporting.Appeal",
        verbose_name=_("การอุทธรณ์"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    title = models.CharField(_("ชื่อหลักฐาน"), max_length=300)
    original_name = models.CharField(_("ชื่อไฟล์เดิม"), max_length=255)
    file = models.FileField(upload_to=evidence_path, max_length=255)
    file_type = models.CharField(_("ชนิดไฟล์"), max_length=8, choices=FileType.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("หลักฐานประกอบ")
        verbose_name_plural = _("หลักฐานประกอบ")
        ordering = ["submission", "appeal", "number", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def size_display(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"
