"""The agreement of one framework (department + fiscal year) and its calendar (domain §7).

One `Agreement` follows a fiscal year's framework through steps 1–3 of the cycle: drafting and
the committee, the negotiation with OPDC, signing, circulation and publication. Its `state` only
changes through `agreements.services` (the transition table in `agreements.workflow`), with
`version` as the compare-and-swap counter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Person
from core.fiscal import fiscal_year_of
from frameworks.models import Framework


class Agreement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("จัดทำร่าง")
        COMMITTEE_REVIEW = "committee_review", _("เสนอคณะกรรมการพิจารณา")
        RETURNED = "returned", _("คณะกรรมการส่งกลับให้แก้ไข")
        COMMITTEE_APPROVED = "committee_approved", _("คณะกรรมการเห็นชอบแล้ว")
        NEGOTIATING = "negotiating", _("เจรจากับสำนักงาน ก.พ.ร.")
        AGREED = "agreed", _("ได้ข้อยุติกับสำนักงาน ก.พ.ร.")
        SIGNED = "signed", _("ลงนามแล้ว")
        CIRCULATED = "circulated", _("แจ้งเวียนแล้ว")

    class DayBasis(models.TextChoices):
        CALENDAR = "calendar", _("วันปฏิทิน")
        WORKING = "working", _("วันทำการ (ไม่นับเสาร์ อาทิตย์ และวันหยุด)")

    framework = models.OneToOneField(
        Framework,
        verbose_name=_("กรอบการประเมิน"),
        on_delete=models.PROTECT,
        related_name="agreement",
    )
    state = models.CharField(
        _("สถานะ"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=0)
    day_basis = models.CharField(
        _("การนับระยะเวลา"), max_length=16, choices=DayBasis.choices, default=DayBasis.WORKING
    )
    started_on = models.DateField(_("วันเริ่มขั้นตอนที่ 1"))
    negotiation_due = models.DateField(_("วันเจรจาที่สำนักงาน ก.พ.ร. กำหนด"), null=True, blank=True)
    # The parties of the agreement document (domain §10) are AgreementParty rows.
    # The confirmation memo's ที่ and เรียน (domain §10), kept so every download prints them.
    memo_number = models.CharField(_("เลขที่บันทึกข้อความ (ที่)"), max_length=64, blank=True)
    memo_addressee = models.CharField(_("เรียน"), max_length=255, blank=True)

    # Step 1: committee. Each submission is numbered so comments stay with what was reviewed.
    submission_count = models.PositiveIntegerField(_("จำนวนครั้งที่เสนอ"), default=0)
    submitted_snapshot = models.JSONField(_("ร่างที่เสนอคณะกรรมการ"), default=dict, blank=True)
    approved_snapshot = models.JSONField(_("ร่างที่คณะกรรมการเห็นชอบ"), null=True, blank=True)
    approved_on = models.DateField(_("วันที่คณะกรรมการเห็นชอบ"), null=True, blank=True)

    # Step 2: negotiation.
    negotiation_started_on = models.DateField(_("วันเริ่มเจรจา"), null=True, blank=True)
    agreed_snapshot = models.JSONField(_("ผลการเจรจาที่ตกลง"), null=True, blank=True)
    agreed_summary = models.TextField(_("สรุปผลการเจรจา"), blank=True)
    agreed_on = models.DateField(_("วันที่ได้ข้อยุติ"), null=True, blank=True)

    # Step 3: signing, circulation, publication.
    signer = models.ForeignKey(
        Person,
        verbose_name=_("ผู้ลงนาม"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signed_agreements",
    )
    signed_on = models.DateField(_("วันที่ลงนาม"), null=True, blank=True)
    signed_snapshot = models.JSONField(_("คำรับรองที่ลงนาม"), null=True, blank=True)
    circulated_on = models.DateField(_("วันที่แจ้งเวียน"), null=True, blank=True)
    published_at = models.DateTimeField(_("เผยแพร่ในอินทราเน็ตเมื่อ"), null=True, blank=True)
    public = models.BooleanField(_("เผยแพร่ต่อสาธารณะ"), default=False)
    public_published_at = models.DateTimeField(_("เผยแพร่ต่อสาธารณะเมื่อ"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("คำรับรองการปฏิบัติราชการ")
        verbose_name_plural = _("คำรับรองการปฏิบัติราชการ")
        ordering = ["-framework__fiscal_year", "framework__department__name_th"]

    def __str__(self) -> str:
        return _("คำรับรองฯ %(department)s ปีงบประมาณ %(year)s") % {
            "department": self.framework.department.name_th,
            "year": self.framework.fiscal_year,
        }

    @property
    def department(self) -> Department:
        return self.framework.department

    @property
    def fiscal_year(self) -> int:
        return self.framework.fiscal_year

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_locked(self) -> bool:
        """Signed agreements are never edited; changes go through amendments (domain §7)."""
        return self.state in (self.State.SIGNED, self.State.CIRCULATED)


class AgreementParty(models.Model):
    """One party to the agreement (domain §10, issue 17 item 7): a giver (ผู้ทำคำรับรอง, the
    department's head, maybe with a deputy) or a receiver (ผู้รับคำรับรอง: the minister, the
    permanent secretary…), with the name and position printed in the party clause and under
    a signature block, in `order` within its side. Changed only by
    `agreements.services.agreement_parties_update` (or at signing, when no giver is named yet,
    the signer is recorded as the giver)."""

    class Side(models.TextChoices):
        GIVER = "giver", _("ผู้ทำคำรับรอง")
        RECEIVER = "receiver", _("ผู้รับคำรับรอง")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("คำรับรอง"), on_delete=models.CASCADE, related_name="parties"
    )
    side = models.CharField(_("ฐานะ"), max_length=16, choices=Side.choices)
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    name = models.CharField(_("ชื่อ"), max_length=255)
    position = models.CharField(_("ตำแหน่ง"), max_length=255)

    class Meta:
        verbose_name = _("คู่คำรับรอง")
        verbose_name_plural = _("คู่คำรับรอง")
        ordering = ["agreement", "side", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "side", "order"], name="agreement_party_one_per_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.order}: {self.name}"


class Holiday(models.Model):
    """A day off that working-day deadlines skip (the department's list for a fiscal year)."""

    department = models.ForeignKey(
        Department, verbose_name=_("ส่วนราชการ"), on_delete=models.CASCADE, related_name="holidays"
    )
    fiscal_year = models.PositiveIntegerField(_("ปีงบประมาณ (พ.ศ.)"), editable=False)
    date = models.DateField(_("วันที่"))
    name = models.CharField(_("ชื่อวันหยุด"), max_length=255)

    class Meta:
        verbose_name = _("วันหยุด")
        verbose_name_plural = _("วันหยุด")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["department", "date"], name="holiday_one_per_day"),
        ]
        indexes = [models.Index(fields=["department", "fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.fiscal_year = fiscal_year_of(self.date).be_year
        super().save(*args, **kwargs)  # type: ignore[arg-type]
