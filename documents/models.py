"""Documents built by the task worker (issue 19 item 4): one row per (kind, format, subject,
content hash). The hash is of the builder's content plus the options and the rendering's
version (documents.background.content_hash), so a row with a ready file is served as long as
the data it was built from is unchanged, and a change of data gives another row (built anew).

The unique constraint is what makes "a second click never starts a second job" hold under
concurrent requests, on SQLite and PostgreSQL alike: only the request that inserts the row
enqueues its job; state changes are compare-and-swap UPDATEs (documents.background).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def built_document_path(instance: BuiltDocument, filename: str) -> str:
    return f"documents/built/{instance.kind}/{instance.content_hash[:2]}/{filename}"


class BuiltDocument(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("รอคิวสร้างเอกสาร")
        BUILDING = "building", _("กำลังสร้างเอกสาร")
        READY = "ready", _("เอกสารพร้อมดาวน์โหลด")
        FAILED = "failed", _("สร้างเอกสารไม่สำเร็จ")

    kind = models.CharField(max_length=40)  # documents.registry slug: sar, kpi-sheets, …
    format = models.CharField(max_length=8)  # pdf, docx
    # The subject: a reporting round (sar, executive-summary) or a framework (kpi-sheets).
    scope = models.CharField(max_length=20)  # documents.registry.DocumentKind.scope
    subject_id = models.PositiveIntegerField()
    # Options the content was built with (also inside the hash).
    thai_digits = models.BooleanField(default=True)
    drafts = models.BooleanField(default=True)
    content_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField(upload_to=built_document_path, max_length=255, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("เอกสารที่สร้างไว้")
        verbose_name_plural = _("เอกสารที่สร้างไว้")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "format", "subject_id", "content_hash"],
                name="documents_built_one_per_content",
            )
        ]
        indexes = [models.Index(fields=["kind", "subject_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} #{self.subject_id} ({self.state})"

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.BUILDING)
