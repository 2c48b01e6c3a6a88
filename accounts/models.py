"""Org structure, people and their roles per fiscal year (domain §1, §8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ministry(models.Model):
    code = models.SlugField(_("รหัสกระทรวง"), max_length=32, unique=True)
    name_th = models.CharField(_("ชื่อภาษาไทย"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    abbreviation = models.CharField(_("ชื่อย่อ"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("กระทรวง")
        verbose_name_plural = _("กระทรวง")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th


class Department(models.Model):
    """A department (ส่วนราชการระดับกรม); `code` is the agency code used by `--agency`.

    The evaluating body (OPDC, domain §8) is an organisation of its own kind: only its people
    hold the evaluator role, and only its coordinator assigns them to departments.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("ส่วนราชการ")
        EVALUATING_BODY = "evaluating_body", _("หน่วยงานผู้ประเมิน")

    ministry = models.ForeignKey(
        Ministry, verbose_name=_("กระทรวง"), on_delete=models.PROTECT, related_name="departments"
    )
    code = models.SlugField(_("รหัสส่วนราชการ"), max_length=32, unique=True)
    name_th = models.CharField(_("ชื่อภาษาไทย"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    abbreviation = models.CharField(_("ชื่อย่อ"), max_length=32, blank=True)
    kind = models.CharField(
        _("ประเภทองค์กร"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT
    )
    # The emblem (ครุฑ) at the top left of the department's memos, uploaded once; none is
    # shipped, and without it the memo leaves its space.
    emblem = models.FileField(_("ตราครุฑ"), upload_to="emblems/", max_length=255, blank=True)

    class Meta:
        verbose_name = _("ส่วนราชการ")
        verbose_name_plural = _("ส่วนราชการ")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def is_evaluating_body(self) -> bool:
        return self.kind == self.Kind.EVALUATING_BODY


class OrgUnit(models.Model):
    """A unit in a department's tree: สำนัก, กอง, กลุ่ม or ศูนย์."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("สำนัก")
        DIVISION = "division", _("กอง")
        GROUP = "group", _("กลุ่ม")
        CENTRE = "centre", _("ศูนย์")

    department = models.ForeignKey(
        Department, verbose_name=_("ส่วนราชการ"), on_delete=models.CASCADE, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("สังกัด"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("ประเภทหน่วยงาน"), max_length=16, choices=Kind.choices)
    code = models.SlugField(_("รหัสหน่วยงาน"), max_length=32)
    name_th = models.CharField(_("ชื่อภาษาไทย"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    abbreviation = models.CharField(_("ชื่อย่อ"), max_length=32, blank=True)
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        ordering = ["department", "order", "name_th"]
        constraints = [
            models.UniqueConstraint(fields=["department", "code"], name="orgunit_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name_th


class Person(models.Model):
    """A person in a department, linked to the user account they log in with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("บัญชีผู้ใช้"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("ส่วนราชการ"), on_delete=models.PROTECT, related_name="people"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("หน่วยงาน"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    title_th = models.CharField(_("คำนำหน้า"), max_length=50, blank=True)
    first_name_th = models.CharField(_("ชื่อ"), max_length=100)
    last_name_th = models.CharField(_("นามสกุล"), max_length=100)
    position = models.CharField(_("ตำแหน่ง"), max_length=255, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=50, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)

    class Meta:
        verbose_name = _("บุคลากร")
        verbose_name_plural = _("บุคลากร")
        ordering = ["first_name_th", "last_name_th"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title_th}{self.first_name_th} {self.last_name_th}".strip()


class Role(models.TextChoices):
    """Roles of domain §8. The public needs no account and has no role row."""

    ADMIN = "admin", _("ผู้ดูแลระบบ")
    COORDINATOR = "coordinator", _("ผู้ประสานงาน")
    COMMITTEE = "committee", _("กรรมการ กพร.")
    EXECUTIVE = "executive", _("ผู้บริหาร")
    OVERSEER = "overseer", _("ผู้กำกับดูแลตัวชี้วัด")
    OWNER = "owner", _("ผู้รับผิดชอบ/ผู้จัดเก็บข้อมูล")
    EVALUATOR = "evaluator", _("ผู้ประเมิน สำนักงาน ก.พ.ร.")
    STAFF = "staff", _("เจ้าหน้าที่")


# Roles that see a whole department rather than one unit.
DEPARTMENT_WIDE_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.COMMITTEE, Role.EXECUTIVE, Role.EVALUATOR}
)


class RoleAssignment(models.Model):
    """A role a person holds in a department (or one of its units) for one fiscal year."""

    person = models.ForeignKey(
        Person, verbose_name=_("บุคลากร"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("บทบาท"), max_length=16, choices=Role.choices)
    fiscal_year = models.PositiveIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("ส่วนราชการ"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("หน่วยงาน"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("การมอบบทบาท")
        verbose_name_plural = _("การมอบบทบาท")
        ordering = ["fiscal_year", "role", "person__first_name_th"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "fiscal_year", "department", "unit"],
                name="roleassignment_unique_in_unit",
            ),
            # NULL units are distinct in SQL, so department-wide roles need their own rule.
            models.UniqueConstraint(
                fields=["person", "role", "fiscal_year", "department"],
                condition=models.Q(unit__isnull=True),
                name="roleassignment_unique_in_department",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "role"])]

    def __str__(self) -> str:
        where = self.unit or self.department
        return f"{self.person} — {self.get_role_display()} ({where}, {self.fiscal_year})"
