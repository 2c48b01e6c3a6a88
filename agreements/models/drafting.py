"""Step 1 — study and draft (domain §7): briefing meetings, data requests to divisions, the
committee's comments per KPI and its resolutions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from agreements.models.agreement import Agreement


class BriefingMeeting(models.Model):
    """The briefing meeting on the KPI framework (ประชุมชี้แจงกรอบการประเมิน)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="briefings")
    held_on = models.DateField(_("วันที่ประชุม"))
    title = models.CharField(_("หัวข้อการประชุม"), max_length=255)
    attendees = models.TextField(_("ผู้เข้าร่วมประชุม"), help_text=_("บรรทัดละหนึ่งคน"))
    minutes = models.TextField(_("สรุปการประชุม"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("การประชุมชี้แจง")
        verbose_name_plural = _("การประชุมชี้แจง")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class DataRequest(models.Model):
    """A request to one division for the data needed to draft the KPIs, with a due date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="data_requests")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("หน่วยงาน"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("ข้อมูลที่ขอ"), max_length=255)
    details = models.TextField(_("รายละเอียด"), blank=True)
    due_on = models.DateField(_("กำหนดส่ง"))
    answered_at = models.DateTimeField(_("ตอบครั้งแรกเมื่อ"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("การขอข้อมูล")
        verbose_name_plural = _("การขอข้อมูล")
        ordering = ["due_on", "unit__order", "id"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.subject}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def reminder_key(self) -> str:
        return f"agreements:data-request:{self.pk}"


class DataResponse(models.Model):
    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("ผู้ตอบ"), max_length=255)
    text = models.TextField(_("ข้อมูล/คำตอบ"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ข้อมูลที่หน่วยงานส่ง")
        verbose_name_plural = _("ข้อมูลที่หน่วยงานส่ง")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"


class CommitteeComment(models.Model):
    """A committee member's comment on one KPI of a submission (or on the draft as a whole)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    submission = models.PositiveIntegerField(_("ครั้งที่เสนอ"))
    kpi_key = models.UUIDField(null=True, blank=True)
    kpi_label = models.CharField(_("ตัวชี้วัด"), max_length=600, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("ผู้ให้ความเห็น"), max_length=255)
    text = models.TextField(_("ความเห็น"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ความเห็นคณะกรรมการ")
        verbose_name_plural = _("ความเห็นคณะกรรมการ")
        ordering = ["submission", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"


class Resolution(models.Model):
    """The committee's resolution on a submission: the artefact of step 1 when it approves."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("เห็นชอบ")
        RETURN = "return", _("ส่งกลับให้แก้ไข")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="resolutions")
    submission = models.PositiveIntegerField(_("ครั้งที่เสนอ"))
    decision = models.CharField(_("มติ"), max_length=8, choices=Decision.choices)
    meeting_number = models.CharField(_("การประชุมครั้งที่"), max_length=50)
    meeting_date = models.DateField(_("วันที่ประชุม"))
    text = models.TextField(_("มติที่ประชุม"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("มติคณะกรรมการ")
        verbose_name_plural = _("มติคณะกรรมการ")
        ordering = ["submission", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "submission"], name="resolution_one_per_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.meeting_number})"
