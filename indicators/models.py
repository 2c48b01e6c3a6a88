"""KPI detail sheets (รายละเอียดตัวชี้วัด, domain §5), versioned as rows.

A `Kpi` row is one version of one KPI sheet. All versions of the same KPI share `key`. A draft is
edited in place; an approved version is never edited: a change makes a new draft version (copy of
the row and its children) and, once that is approved, the older one becomes superseded. Results
(later issues) point at the exact version they were scored against (style.md "Versions are rows").
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, Person
from core.fields import QuantityField
from frameworks.models import Component, Framework, PlanItem, ReportingRound, StrategicKpi


class ScoringMethod(models.TextChoices):
    """Stored names of frameworks.scoring.Method (domain §6)."""

    LEVELS = "levels", _("สามระดับ (ขั้นต้น/มาตรฐาน/ขั้นสูง)")
    SCALE5 = "scale5", _("ห้าระดับ (1–5)")
    MILESTONE = "milestone", _("ระดับขั้นความสำเร็จ (Milestone)")
    PASS_FAIL = "pass_fail", _("ผ่าน/ไม่ผ่าน")
    COMPOSITE = "composite", _("ตัวชี้วัดย่อยถ่วงน้ำหนัก")


class Direction(models.TextChoices):
    HIGHER = "higher", _("ค่ามากดี")
    LOWER = "lower", _("ค่าน้อยดี")


class OriginRelation(models.TextChoices):
    """How a KPI stands to a Strategic KPI (issue 17 item 4), in e-SAR's wording."""

    PROXY = "proxy", _("ตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs")
    SAME = "same", _("ตัวชี้วัดที่ถ่ายทอดเป็นตัวเดียวกับ Strategic KPIs")
    CASCADE = "cascade", _("ตัวชี้วัดที่ถ่ายทอดลงมา (Cascade) จาก Strategic KPIs")


class Kpi(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("ร่าง")
        APPROVED = "approved", _("อนุมัติแล้ว")
        SUPERSEDED = "superseded", _("ถูกแทนที่แล้ว")

    # Identity and versioning
    key = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    version = models.PositiveIntegerField(_("ฉบับที่"), default=1)
    is_latest = models.BooleanField(default=True, db_index=True)
    state = models.CharField(_("สถานะ"), max_length=16, choices=State.choices, default=State.DRAFT)
    # Compare-and-swap counter for the transition helper (not the sheet version).
    revision = models.PositiveIntegerField(default=0)

    framework = models.ForeignKey(
        Framework, verbose_name=_("กรอบการประเมิน"), on_delete=models.CASCADE, related_name="kpis"
    )
    component = models.ForeignKey(
        Component, verbose_name=_("องค์ประกอบ"), on_delete=models.PROTECT, related_name="kpis"
    )
    number = models.CharField(_("ลำดับตัวชี้วัด"), max_length=16, help_text=_("เช่น 1 หรือ 1.2"))
    name_th = models.CharField(_("ชื่อตัวชี้วัด"), max_length=500)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=500, blank=True)
    unit = models.CharField(_("หน่วยวัด"), max_length=100, blank=True)
    weight = models.DecimalField(_("น้ำหนัก (ร้อยละ)"), max_digits=9, decimal_places=4)
    description = models.TextField(_("คำอธิบาย/นิยาม"), blank=True)
    scope = models.TextField(_("ขอบเขตการดำเนินงาน"), blank=True)
    formula = models.CharField(
        _("สูตรการคำนวณ"),
        max_length=500,
        blank=True,
        help_text=_("ใช้รหัสรายการข้อมูล เช่น (a / b) * 100"),
    )
    # Scoring (frameworks.scoring)
    method = models.CharField(
        _("วิธีให้คะแนน"), max_length=16, choices=ScoringMethod.choices, default="levels"
    )
    direction = models.CharField(
        _("ทิศทาง"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    interpolate = models.BooleanField(_("เทียบบัญญัติไตรยางศ์ระหว่างระดับ"), default=True)
    floor = models.DecimalField(
        _("คะแนนเมื่อต่ำกว่าระดับแรก"), default=Decimal(0), max_digits=9, decimal_places=4
    )
    # Sub-KPIs (composite) and cascade
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ตัวชี้วัดหลัก"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_kpis",
    )
    sub_weight = models.DecimalField(
        _("น้ำหนักในตัวชี้วัดหลัก"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    cascade_from = models.ForeignKey(
        "self",
        verbose_name=_("ถ่ายทอดจากตัวชี้วัด"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascaded_to",
    )
    # A KPI's identity across years (issue 17 item 6): the same KPI of an earlier fiscal year,
    # chosen when the sheet is carried forward or created — never matched by its Thai name.
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("ตัวชี้วัดเดียวกันของปีก่อน"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )
    # Text of the sheet
    conditions = models.TextField(_("เงื่อนไข/หมายเหตุ"), blank=True)
    data_source = models.TextField(_("แหล่งข้อมูล"), blank=True)
    collection_method = models.TextField(_("วิธีการจัดเก็บข้อมูล"), blank=True)
    evidence_required = models.TextField(_("เอกสาร/หลักฐานประกอบ"), blank=True)
    # People
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("หน่วยงานที่รับผิดชอบ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kpis",
    )
    overseer = models.ForeignKey(
        Person,
        verbose_name=_("ผู้กำกับดูแลตัวชี้วัด"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="overseen_kpis",
    )
    collectors = models.ManyToManyField(
        Person, verbose_name=_("ผู้จัดเก็บข้อมูล"), blank=True, related_name="collected_kpis"
    )
    lineage = models.ManyToManyField(
        PlanItem, verbose_name=_("ความเชื่อมโยงกับยุทธศาสตร์"), blank=True, related_name="kpis"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Where the KPI comes from (issue 17 item 4): both set or both empty (indicators.validation).
    origin_relation = models.CharField(
        _("ความเชื่อมโยงกับ Strategic KPI"),
        max_length=8,
        choices=OriginRelation.choices,
        blank=True,
        default="",
    )
    strategic_kpi = models.ForeignKey(
        StrategicKpi,
        verbose_name=_("Strategic KPI"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kpis",
    )

    class Meta:
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        ordering = ["framework", "component__order", "number", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="kpi_key_version_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(is_latest=True), name="kpi_one_latest"
            ),
        ]
        indexes = [models.Index(fields=["framework", "is_latest"])]

    def __str__(self) -> str:
        return f"{self.number} {self.name_th}"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class DataItem(models.Model):
    """รายการข้อมูล: a value collected for the KPI (e.g. numerator and denominator)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="data_items")
    order = models.PositiveSmallIntegerField(default=1)
    code = models.CharField(
        _("รหัส"), max_length=20, help_text=_("ใช้ในสูตร: ตัวอักษรภาษาอังกฤษ เช่น a, b")
    )
    name_th = models.CharField(_("รายการข้อมูล"), max_length=500)
    unit = models.CharField(_("หน่วย"), max_length=100, blank=True)

    class Meta:
        ordering = ["kpi", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "code"], name="dataitem_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name_th}"


class TargetLevel(models.Model):
    """One level of the criteria, lowest score first (domain §6). For milestones, `target` is
    the step number and `description` the achievement."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(_("ระดับ"), max_length=100, blank=True)
    target = QuantityField(_("ค่าเป้าหมาย"))
    score = models.DecimalField(_("คะแนน"), max_digits=9, decimal_places=4)
    description = models.TextField(_("คำอธิบายระดับ/ขั้นความสำเร็จ"), blank=True)
    evidence = models.TextField(_("หลักฐานที่ต้องแสดง"), blank=True)

    class Meta:
        ordering = ["kpi", "order", "id"]

    def __str__(self) -> str:
        return f"{self.label or self.order}: {self.target} → {self.score}"


class Baseline(models.Model):
    """ข้อมูลพื้นฐาน: the result of one of the 3 previous fiscal years."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="baselines")
    fiscal_year = models.PositiveIntegerField(_("ปีงบประมาณ"))
    value = QuantityField(_("ผลการดำเนินงาน"), null=True, blank=True)
    note = models.CharField(_("หมายเหตุ"), max_length=255, blank=True)

    class Meta:
        ordering = ["kpi", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "fiscal_year"], name="baseline_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.value}"


class RoundExpectation(models.Model):
    """What is expected of the KPI at each reporting round, and the round's rule (issue 17
    item 3): a KPI may start at a later round or be cancelled from a round on (`in_force` False
    for those rounds, with the reason and, once the agreement is signed, the approved amendment),
    and may carry a different weight in a round (`weight`; empty = the KPI's weight). A KPI
    without a row for a round is in force there with its own weight."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="round_expectations")
    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="+")
    expectation = models.TextField(_("สิ่งที่ต้องรายงาน"), blank=True)
    in_force = models.BooleanField(_("ประเมินในรอบนี้"), default=True)
    weight = models.DecimalField(
        _("น้ำหนักในรอบนี้ (ร้อยละ)"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    reason = models.TextField(_("เหตุผล (ไม่ประเมิน/น้ำหนักต่างจากปกติ)"), blank=True)
    amendment = models.ForeignKey(
        "agreements.Amendment",
        verbose_name=_("การขอปรับตัวชี้วัดที่อนุมัติ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["kpi", "round__order"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "round"], name="roundexpectation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.expectation[:40]}"

    @property
    def has_rule(self) -> bool:
        """Not in force, or a weight of its own, in this round."""
        return not self.in_force or self.weight is not None


class AssessmentPoint(models.Model):
    """ประเด็นการประเมิน (issue 17 item 2): one ordered point of a KPI, reported on its own.

    With a weight and criteria on every point of a composite KPI, the KPI's result is the
    weighted mean of the points' scores, exactly as for sub-KPIs (frameworks.scoring
    `points_score` → `composite_score`). `criteria` is a list of {"target", "score"} (Decimal
    as text), lowest score first, scored as three-level style targets in the KPI's direction.
    """

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="assessment_points")
    order = models.PositiveSmallIntegerField(default=1)
    name_th = models.CharField(_("ประเด็นการประเมิน"), max_length=500)
    unit = models.CharField(_("หน่วย"), max_length=100, blank=True)
    weight = models.DecimalField(
        _("น้ำหนักของประเด็น"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    criteria = models.JSONField(_("เกณฑ์การให้คะแนนของประเด็น"), default=list, blank=True)

    class Meta:
        verbose_name = _("ประเด็นการประเมิน")
        verbose_name_plural = _("ประเด็นการประเมิน")
        ordering = ["kpi", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name_th}"

    @property
    def criteria_pairs(self) -> list[tuple[Decimal, Decimal]]:
        """(target, score) pairs of the point's criteria, lowest score first."""
        return [(Decimal(c["target"]), Decimal(c["score"])) for c in self.criteria or []]
