"""A fiscal year's evaluation framework and the strategy lineage tree (domain §3, §4, §6, §7).

Everything that changes from year to year lives here as data, never in code: components and
weights, the default score levels, result-level cut-offs, display precision, reporting rounds and
step durations.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Department


class Framework(models.Model):
    class Template(models.TextChoices):
        FIVE_BASES = "five_bases", _("ห้ามิติ (Five bases) ปีงบประมาณ 2560–2562")
        PERFORMANCE_POTENTIAL = (
            "performance_potential",
            _("Performance/Potential 70/30 ปีงบประมาณ 2564 เป็นต้นไป"),
        )
        CUSTOM = "custom", _("กำหนดเอง")

    class State(models.TextChoices):
        DRAFT = "draft", _("ร่าง")
        ACTIVE = "active", _("ใช้งาน")

    department = models.ForeignKey(
        Department,
        verbose_name=_("ส่วนราชการ"),
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    fiscal_year = models.PositiveIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    name_th = models.CharField(_("ชื่อกรอบการประเมิน"), max_length=255)
    template = models.CharField(
        _("แม่แบบ"), max_length=32, choices=Template.choices, default=Template.CUSTOM
    )
    state = models.CharField(_("สถานะ"), max_length=16, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=0)
    # Default three-level scores (ขั้นต้น / มาตรฐาน / ขั้นสูง) for new KPI sheets (domain §6).
    basic_score = models.DecimalField(
        _("คะแนนขั้นต้น"), default=Decimal(50), max_digits=9, decimal_places=4
    )
    standard_score = models.DecimalField(
        _("คะแนนมาตรฐาน"), default=Decimal(70), max_digits=9, decimal_places=4
    )
    advanced_score = models.DecimalField(
        _("คะแนนขั้นสูง"), default=Decimal(100), max_digits=9, decimal_places=4
    )
    interpolate = models.BooleanField(
        _("เทียบบัญญัติไตรยางศ์ระหว่างระดับ"),
        default=True,
        help_text=_("ปิดเพื่อให้ได้คะแนนของระดับที่ต่ำกว่า (แบบขั้นบันได)"),
    )
    five_level_floor = models.DecimalField(
        _("คะแนนต่ำสุดของมาตรวัดห้าระดับ"), default=Decimal(0), max_digits=9, decimal_places=4
    )
    precision = models.PositiveSmallIntegerField(
        _("ทศนิยมของคะแนนรวม"), default=3, help_text=_("จำนวนตำแหน่งทศนิยมเมื่อแสดงคะแนนรวม")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("กรอบการประเมิน")
        verbose_name_plural = _("กรอบการประเมิน")
        ordering = ["department", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year"], name="framework_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_th} ({self.fiscal_year})"

    @property
    def is_five_level(self) -> bool:
        """Five-bases years (2560–2562) score the agency on the 1–5 scale: the weighted average
        of the KPI scores, shown with 4 decimals, at most 5 (domain §6). The one place this
        rule is written: totals, what-ifs, documents and dashboards all ask it."""
        return self.template == self.Template.FIVE_BASES


class Component(models.Model):
    """An evaluation component (e.g. Performance Base 70, Potential Base 30)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=1)
    code = models.SlugField(_("รหัส"), max_length=32)
    name_th = models.CharField(_("ชื่อองค์ประกอบ"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    weight = models.DecimalField(_("น้ำหนัก (ร้อยละ)"), max_digits=9, decimal_places=4)

    class Meta:
        verbose_name = _("องค์ประกอบการประเมิน")
        verbose_name_plural = _("องค์ประกอบการประเมิน")
        ordering = ["framework", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="component_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name_th


class ResultLevelCut(models.Model):
    """A result level of the agency total and its lowest total (domain §6 "Result levels")."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="result_levels")
    code = models.SlugField(_("รหัส"), max_length=32)
    label_th = models.CharField(_("ชื่อระดับ"), max_length=100)
    min_total = models.DecimalField(_("คะแนนรวมขั้นต่ำ"), max_digits=9, decimal_places=4)

    class Meta:
        verbose_name = _("ระดับผลการประเมิน")
        verbose_name_plural = _("ระดับผลการประเมิน")
        ordering = ["framework", "-min_total"]

    def __str__(self) -> str:
        return f"{self.label_th} ≥ {self.min_total}"


class ReportingRound(models.Model):
    """A reporting round: 6 and 12 months, some years also 3 and 9 (domain §7 step 4)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=1)
    name_th = models.CharField(_("ชื่อรอบ"), max_length=100)
    months = models.PositiveSmallIntegerField(_("จำนวนเดือน"), default=6)
    period_end = models.DateField(_("สิ้นสุดรอบ"))
    due_date = models.DateField(_("กำหนดส่งรายงาน"))

    class Meta:
        verbose_name = _("รอบการรายงาน")
        verbose_name_plural = _("รอบการรายงาน")
        ordering = ["framework", "order", "period_end"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def is_final(self) -> bool:
        """The last round scores pending KPIs as zero (domain §6)."""
        return self.months >= 12


class StepDuration(models.Model):
    """How long each of the four steps of the cycle takes (domain §7, configurable)."""

    class Step(models.IntegerChoices):
        DRAFT = 1, _("ศึกษาและจัดทำร่างตัวชี้วัด")
        NEGOTIATE = 2, _("เจรจาตัวชี้วัดกับสำนักงาน ก.พ.ร.")
        SIGN = 3, _("จัดทำรายละเอียดและลงนามคำรับรอง")
        REPORT = 4, _("ติดตามและรายงานผล")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("ขั้นตอน"), choices=Step.choices)
    days = models.PositiveSmallIntegerField(
        _("ระยะเวลา (วัน)"), null=True, blank=True, help_text=_("เว้นว่างเมื่อกำหนดโดย สำนักงาน ก.พ.ร.")
    )

    class Meta:
        verbose_name = _("ระยะเวลาขั้นตอน")
        verbose_name_plural = _("ระยะเวลาขั้นตอน")
        ordering = ["framework", "step"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "step"], name="step_unique"),
        ]

    def __str__(self) -> str:
        return self.get_step_display()


class PlanTree(models.TextChoices):
    """The plan trees a KPI links to side by side (issue 17 item 5), in the order reports show
    them. A node's tree follows from its level (TREE_OF_LEVEL)."""

    NATIONAL = "national", _("ยุทธศาสตร์ชาติ")
    MASTER = "master", _("แผนแม่บทภายใต้ยุทธศาสตร์ชาติ")
    NESDP = "nesdp", _("แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ 13")
    POLICY = "policy", _("นโยบายรัฐบาล")
    MINISTRY = "ministry", _("ยุทธศาสตร์กระทรวง")
    DEPARTMENT = "department", _("ยุทธศาสตร์/พันธกิจส่วนราชการ")
    SDG = "sdg", _("เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)")


class PlanItem(models.Model):
    """A node of the strategy lineage (domain §4): national strategy → master plan → sub-plan →
    ministry strategy → department strategy, and beside them the 13th national economic and
    social development plan, the government's policy and the SDGs (goal → target), each its own
    tree (issue 17 item 5). National levels have no department."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("ยุทธศาสตร์ชาติ")
        MASTER = "master", _("แผนแม่บทภายใต้ยุทธศาสตร์ชาติ")
        SUB = "sub", _("แผนย่อย")
        MINISTRY = "ministry", _("ยุทธศาสตร์กระทรวง")
        DEPARTMENT = "department", _("ยุทธศาสตร์/พันธกิจส่วนราชการ")
        # Trees of their own (issue 17 item 5): a parent only from the same tree.
        NESDP = "nesdp", _("หมุดหมายตามแผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ 13")
        POLICY = "policy", _("นโยบายรัฐบาล")
        SDG_GOAL = "sdg_goal", _("เป้าหมาย SDGs (Goal)")
        SDG_TARGET = "sdg_target", _("เป้าประสงค์ SDGs (Target)")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("อยู่ภายใต้"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("ระดับ"), max_length=16, choices=Level.choices)
    code = models.CharField(_("รหัส"), max_length=32)
    name_th = models.CharField(_("ชื่อ"), max_length=500)
    department = models.ForeignKey(
        Department,
        verbose_name=_("ส่วนราชการ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_items",
    )

    class Meta:
        verbose_name = _("แผน/ยุทธศาสตร์")
        verbose_name_plural = _("แผน/ยุทธศาสตร์")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "department"], name="planitem_code_unique"
            ),
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=models.Q(department__isnull=True),
                name="planitem_code_unique_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def tree(self) -> str:
        return TREE_OF_LEVEL[self.level]

    def path(self) -> list[PlanItem]:
        """From the root down to this node (one query per level; levels are at most five)."""
        nodes: list[PlanItem] = [self]
        while nodes[0].parent_id is not None:
            parent = nodes[0].parent
            assert parent is not None
            nodes.insert(0, parent)
        return nodes


TREE_OF_LEVEL: dict[str, str] = {
    PlanItem.Level.NATIONAL: PlanTree.NATIONAL,
    PlanItem.Level.MASTER: PlanTree.MASTER,
    PlanItem.Level.SUB: PlanTree.MASTER,  # sub-plans belong to their master plan's tree
    PlanItem.Level.MINISTRY: PlanTree.MINISTRY,
    PlanItem.Level.DEPARTMENT: PlanTree.DEPARTMENT,
    PlanItem.Level.NESDP: PlanTree.NESDP,
    PlanItem.Level.POLICY: PlanTree.POLICY,
    PlanItem.Level.SDG_GOAL: PlanTree.SDG,
    PlanItem.Level.SDG_TARGET: PlanTree.SDG,
}
# The levels of each tree, top first (a tree's import template and its import, issue 17 item 5).
LEVELS_OF_TREE: dict[str, tuple[str, ...]] = {
    str(tree): tuple(str(level) for level, of in TREE_OF_LEVEL.items() if of == tree)
    for tree in PlanTree.values
}
# Trees whose nodes never hang under another tree's node (the strategy chain national →
# master → sub → ministry → department links across its trees, domain §4).
SEPARATE_TREES = frozenset({PlanTree.NESDP, PlanTree.POLICY, PlanTree.SDG})
# Levels at the top of their tree: no parent.
ROOT_LEVELS = frozenset(
    {PlanItem.Level.NATIONAL, PlanItem.Level.NESDP, PlanItem.Level.POLICY, PlanItem.Level.SDG_GOAL}
)


class StrategicKpi(models.Model):
    """A Strategic KPI of a higher level (issue 17 item 4): a KPI of the national strategy, a
    master plan or a ministry that departments' KPIs stand in for (Proxy KPI), repeat (the same
    KPI) or are cascaded from. Reference data kept by the evaluating body's coordinator
    (frameworks.selectors.can_maintain_strategic_kpis); no state, so no version."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("ยุทธศาสตร์ชาติ")
        MASTER = "master", _("แผนแม่บทภายใต้ยุทธศาสตร์ชาติ")
        MINISTRY = "ministry", _("ยุทธศาสตร์กระทรวง")

    code = models.CharField(_("รหัส"), max_length=32, unique=True)
    name_th = models.CharField(_("ชื่อ"), max_length=500)
    level = models.CharField(_("ระดับ"), max_length=16, choices=Level.choices)
    owner = models.CharField(_("หน่วยงานเจ้าของตัวชี้วัด"), max_length=255)
    first_year = models.PositiveIntegerField(_("ปีงบประมาณเริ่มต้น"))
    last_year = models.PositiveIntegerField(
        _("ปีงบประมาณสิ้นสุด"), null=True, blank=True, help_text=_("เว้นว่างเมื่อยังใช้อยู่")
    )

    class Meta:
        verbose_name = _("ตัวชี้วัดระดับยุทธศาสตร์ (Strategic KPI)")
        verbose_name_plural = _("ตัวชี้วัดระดับยุทธศาสตร์ (Strategic KPI)")
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    def in_force(self, fiscal_year: int) -> bool:
        return self.first_year <= fiscal_year and (
            self.last_year is None or fiscal_year <= self.last_year
        )
