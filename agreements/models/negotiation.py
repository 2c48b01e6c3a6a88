"""Step 2 — negotiate with OPDC (domain §7): rounds, and per KPI the department's proposal,
OPDC's counter-proposal and the agreed values.

Values are stored as JSON "terms" (name, weight, method, direction, levels) so a round keeps
exactly what was on the table even after the KPI sheets change. See `agreements.terms`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models.agreement import Agreement
from frameworks.models import Component


class NegotiationRound(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="negotiation_rounds"
    )
    number = models.PositiveIntegerField(_("ครั้งที่"))
    held_on = models.DateField(_("วันที่เจรจา"))
    participants = models.TextField(_("ผู้เข้าร่วม"), help_text=_("บรรทัดละหนึ่งคน"))
    minutes = models.TextField(_("บันทึกการเจรจา"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("รอบการเจรจา")
        verbose_name_plural = _("รอบการเจรจา")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="negotiation_round_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return _("การเจรจาครั้งที่ %(number)s") % {"number": self.number}

    @property
    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class KpiPosition(models.Model):
    """One KPI on the table in one round: proposed vs counter-proposal vs agreed."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("รอผล")
        ACCEPTED = "accepted", _("ยอมรับตามที่เสนอ")
        CHANGED = "changed", _("ปรับแก้")
        DROPPED = "dropped", _("ตัดออก")

    round = models.ForeignKey(NegotiationRound, on_delete=models.CASCADE, related_name="positions")
    # The KPI's key (shared by its versions). A KPI OPDC adds gets a fresh key here, which its
    # sheet takes when the agreement is recorded (`is_new`).
    kpi_key = models.UUIDField(db_index=True)
    is_new = models.BooleanField(_("ตัวชี้วัดที่เพิ่มในการเจรจา"), default=False)
    component = models.ForeignKey(
        Component, verbose_name=_("องค์ประกอบ"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("ลำดับ"), max_length=16)
    outcome = models.CharField(
        _("ผลการเจรจา"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    proposed = models.JSONField(_("ข้อเสนอของส่วนราชการ"), default=dict, blank=True)
    counter = models.JSONField(_("ข้อเสนอของสำนักงาน ก.พ.ร."), null=True, blank=True)
    agreed = models.JSONField(_("ค่าที่ตกลง"), null=True, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    counter_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counter_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Compare-and-swap: the counter and settle forms send back the version they were opened
    # with, so two negotiators never silently overwrite each other (issue 15 item 4).
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ข้อเสนอตัวชี้วัดในการเจรจา")
        verbose_name_plural = _("ข้อเสนอตัวชี้วัดในการเจรจา")
        ordering = ["round", "component__order", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "kpi_key"], name="position_one_per_kpi"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def name(self) -> str:
        for terms in (self.agreed, self.counter, self.proposed):
            if terms and terms.get("name_th"):
                return str(terms["name_th"])
        return ""

    @property
    def final_terms(self) -> dict[str, object] | None:
        """The terms this KPI ends the round with (None when dropped or still pending)."""
        terms: dict[str, object] | None = None
        if self.outcome == self.Outcome.ACCEPTED:
            terms = self.proposed
        elif self.outcome == self.Outcome.CHANGED:
            terms = self.agreed
        return terms
