"""Step 3 after signing (domain §7): acknowledgements by responsible people, and amendments of
signed KPIs that OPDC approves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from agreements.models.agreement import Agreement
from indicators.models import Kpi


class Acknowledgement(models.Model):
    """A responsible person's acknowledgement that they received the signed agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("ผู้รับทราบ"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("ในฐานะ"), max_length=255, blank=True)
    requested_at = models.DateTimeField(_("แจ้งเมื่อ"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("รับทราบเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("การรับทราบคำรับรอง")
        verbose_name_plural = _("การรับทราบคำรับรอง")
        ordering = ["person__first_name_th", "person__last_name_th"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="ack_one_per_person"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Amendment(models.Model):
    """A request to change a signed KPI. OPDC approves it; a new KPI version is then in force
    from `effective_from`, and the signed version stays readable (style.md "Versions are rows")."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("ยื่นคำขอแล้ว")
        APPROVED = "approved", _("สำนักงาน ก.พ.ร. อนุมัติ")
        REJECTED = "rejected", _("สำนักงาน ก.พ.ร. ไม่อนุมัติ")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    kpi = models.ForeignKey(
        Kpi, verbose_name=_("ตัวชี้วัดที่ขอปรับ"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("เหตุผลในการขอปรับ"))
    proposed_change = models.TextField(_("สิ่งที่ขอปรับ"))
    state = models.CharField(
        _("สถานะ"), max_length=16, choices=State.choices, default=State.REQUESTED
    )
    version = models.PositiveIntegerField(default=0)
    effective_from = models.DateField(_("มีผลตั้งแต่"), null=True, blank=True)
    decision_note = models.TextField(_("ความเห็นสำนักงาน ก.พ.ร."), blank=True)
    new_kpi = models.ForeignKey(
        Kpi,
        verbose_name=_("ตัวชี้วัดฉบับใหม่"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("การขอปรับตัวชี้วัด")
        verbose_name_plural = _("การขอปรับตัวชี้วัด")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.get_state_display()}"
