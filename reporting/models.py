"""Step 4 of the cycle: reporting rounds, submissions per KPI, review, reviewer scores and
appeals (domain §7 step 4, §9).

A round is a `frameworks.ReportingRound`; `RoundState` records whether the coordinator has opened
or closed it. A `Submission` is one KPI's report in one round. It points at the KPI version signed
and in force for the round when it was created and never changes that pointer, so an amendment
approved later does not rewrite an earlier round (domain §7; style.md "Versions are rows").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import QuantityField
from frameworks.models import ReportingRound
from indicators.models import Kpi

DEFAULT_APPEAL_DAYS = 14  # domain §7: the appeal window is configurable; 14 days by default


class RoundState(models.Model):
    """Whether a round takes reports. No row: not opened yet."""

    class State(models.TextChoices):
        OPEN = "open", _("เปิดรับรายงาน")
        CLOSED = "closed", _("ปิดรอบแล้ว")

    round = models.OneToOneField(
        ReportingRound,
        verbose_name=_("รอบการรายงาน"),
        on_delete=models.CASCADE,
        related_name="reporting_state",
    )
    state = models.CharField(_("สถานะ"), max_length=16, choices=State.choices, default=State.OPEN)
    version = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(_("เปิดรอบเมื่อ"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("ปิดรอบเมื่อ"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("ระยะเวลาอุทธรณ์ผลคะแนน (วัน)"), default=DEFAULT_APPEAL_DAYS
    )

    class Meta:
        verbose_name = _("สถานะรอบการรายงาน")
        verbose_name_plural = _("สถานะรอบการรายงาน")

    def __str__(self) -> str:
        return f"{self.round}: {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Submission(models.Model):
    """One KPI's report in one round (domain §9)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("ร่าง")
        SUBMITTED = "submitted", _("ส่งแล้ว รอผู้กำกับดูแลเห็นชอบ")
        OVERSEER_APPROVED = "overseer_approved", _("ผู้กำกับดูแลเห็นชอบแล้ว รอผู้ประสานตรวจรับ")
        ACCEPTED = "accepted", _("ผู้ประสานรับรายงานแล้ว")
        RETURNED = "returned", _("ส่งกลับให้แก้ไข")

    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("รอบการรายงาน"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    kpi_key = models.UUIDField(default=uuid.uuid4, editable=False)
    # The version signed and in force for the round; set once when the row is created.
    kpi = models.ForeignKey(
        Kpi, verbose_name=_("ตัวชี้วัด"), on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(
        _("สถานะ"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=0)  # compare-and-swap counter
    values = models.JSONField(_("ค่าของรายการข้อมูล"), default=dict, blank=True)
    result = QuantityField(_("ผลการดำเนินงาน"), null=True, blank=True)
    self_score = models.DecimalField(
        _("คะแนนประเมินตนเอง"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    level_label = models.CharField(_("ระดับที่ได้"), max_length=100, blank=True)
    supporting_factors = models.TextField(_("ปัจจัยสนับสนุน"), blank=True)
    obstacles = models.TextField(_("อุปสรรค"), blank=True)
    suggestions = models.TextField(_("ข้อเสนอแนะ"), blank=True)
    # After the round closes only the coordinator can reopen a submission (domain §9).
    reopened = models.BooleanField(_("เปิดให้แก้ไขหลังปิดรอบ"), default=False)
    reopen_reason = models.TextField(_("เหตุผลที่เปิดให้แก้ไข"), blank=True)
    # Per assessment point of the pinned KPI version (issue 17 item 2), keyed by the point's
    # order: {"1": {"result": "12.5", "narrative": "…"}}; numbers as Decimal text.
    point_results = models.JSONField(_("ผลรายประเด็นการประเมิน"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("ผู้กำกับดูแลเห็นชอบเมื่อ"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("ตรวจรับเมื่อ"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("รายงานผลตัวชี้วัด")
        verbose_name_plural = _("รายงานผลตัวชี้วัด")
        ordering = ["round_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "kpi_key"], name="submission_one_per_kpi"),
        ]

    def __str__(self) -> str:
        return f"{self.round.name_th}: {self.kpi.number} {self.kpi.name_th}"

    def value_of(self, code: str) -> Decimal | None:
        raw = (self.values or {}).get(code)
        return Decimal(str(raw)) if raw not in (None, "") else None

    def point_result(self, order: int) -> Decimal | None:
        raw = (self.point_results or {}).get(str(order), {}).get("result")
        return Decimal(str(raw)) if raw not in (None, "") else None

    def point_narrative(self, order: int) -> str:
        return str((self.point_results or {}).get(str(order), {}).get("narrative") or "")

    def point_rows(self) -> list[PointRow]:
        """The pinned KPI version's assessment points in order, each with this round's result
        and narrative ("ประเด็นการประเมิน | ผลการดำเนินงาน", issue 17 item 2)."""
        points = sorted(self.kpi.assessment_points.all(), key=lambda p: (p.order, p.pk))
        return [
            PointRow(
                order=p.order,
                name=p.name_th,
                unit=p.unit,
                weight=p.weight,
                result=self.point_result(p.order),
                narrative=self.point_narrative(p.order),
            )
            for p in points
        ]


@dataclass(frozen=True)
class PointRow:
    order: int
    name: str
    unit: str
    weight: Decimal | None
    result: Decimal | None
    narrative: str


class SubmissionActivity(models.Model):
    """Narrative of what was done, one row per activity or project (domain §9)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("กิจกรรม/โครงการ"), max_length=300)
    detail = models.TextField(_("ผลการดำเนินงาน"), blank=True)

    class Meta:
        ordering = ["submission", "order", "id"]

    def __str__(self) -> str:
        return self.title


class SubmissionReturn(models.Model):
    """A return with comments; every return is kept (domain §9 "history of returns")."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="returns")
    from_state = models.CharField(max_length=24, choices=Submission.State.choices)
    comment = models.TextField(_("ความเห็น"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("การส่งกลับให้แก้ไข")
        verbose_name_plural = _("การส่งกลับให้แก้ไข")
        ordering = ["submission", "-returned_at", "-id"]

    def __str__(self) -> str:
        return self.comment[:60]


class ReviewerScore(models.Model):
    """OPDC's reviewer score of a KPI's report, and the final score after any appeal (§7)."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="reviewer_score"
    )
    score = models.DecimalField(_("คะแนนจากผู้ประเมิน"), max_digits=9, decimal_places=4)
    comment = models.TextField(_("ความเห็นผู้ประเมิน"), blank=True)
    final_score = models.DecimalField(_("คะแนนสุดท้าย"), max_digits=9, decimal_places=4)
    version = models.PositiveIntegerField(default=0)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(_("ให้คะแนนเมื่อ"))

    class Meta:
        verbose_name = _("คะแนนจากผู้ประเมิน")
        verbose_name_plural = _("คะแนนจากผู้ประเมิน")

    def __str__(self) -> str:
        return f"{self.submission}: {self.score}"


class Appeal(models.Model):
    """The department's appeal of a reviewer score, and the evaluator's answer."""

    class State(models.TextChoices):
        PENDING = "pending", _("รอผู้ประเมินพิจารณา")
        UPHELD = "upheld", _("ปรับคะแนนตามคำอุทธรณ์")
        REJECTED = "rejected", _("คงคะแนนเดิม")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="appeals")
    state = models.CharField(
        _("สถานะ"), max_length=16, choices=State.choices, default=State.PENDING
    )
    version = models.PositiveIntegerField(default=0)
    reason = models.TextField(_("เหตุผลการอุทธรณ์"))
    requested_score = models.DecimalField(
        _("คะแนนที่ขอ"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("คำชี้แจงของผู้ประเมิน"), blank=True)
    new_score = models.DecimalField(
        _("คะแนนหลังพิจารณา"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("การอุทธรณ์ผลคะแนน")
        verbose_name_plural = _("การอุทธรณ์ผลคะแนน")
        ordering = ["submission", "-filed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.get_state_display()}"


class ExecutivePresentation(models.Model):
    """The record that a round's results were presented to the department's executives
    (issue 6 item 7): when, at which meeting, and who recorded it."""

    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("รอบการรายงาน"),
        on_delete=models.CASCADE,
        related_name="executive_presentations",
    )
    presented_on = models.DateField(_("วันที่นำเสนอ"))
    meeting = models.CharField(_("การประชุม"), max_length=300)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("การนำเสนอผลต่อผู้บริหาร")
        verbose_name_plural = _("การนำเสนอผลต่อผู้บริหาร")
        ordering = ["round", "-presented_on", "-id"]

    def __str__(self) -> str:
        return f"{self.round.name_th}: {self.meeting} ({self.presented_on})"
