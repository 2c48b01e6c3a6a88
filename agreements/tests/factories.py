"""Builders for agreement tests: a Performance/Potential framework with complete KPI sheets."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Department, OrgUnit, Person
from agreements.models import Agreement
from frameworks.models import Component, Framework, ReportingRound, StepDuration
from indicators.models import Kpi, TargetLevel

FY = 2569


def make_framework(department: Department, year: int = FY, *, steps=(7, None, 10, None)):
    framework = Framework.objects.create(
        department=department,
        fiscal_year=year,
        name_th=f"กรอบการประเมินปีงบประมาณ {year}",
        template=Framework.Template.PERFORMANCE_POTENTIAL,
    )
    Component.objects.create(
        framework=framework, order=1, code="performance", name_th="Performance Base",
        weight=Decimal(70),
    )  # fmt: skip
    Component.objects.create(
        framework=framework, order=2, code="potential", name_th="Potential Base", weight=Decimal(30)
    )
    for step, days in enumerate(steps, 1):
        StepDuration.objects.create(framework=framework, step=step, days=days)
    ce = year - 543
    ReportingRound.objects.create(
        framework=framework, order=1, name_th="รอบ 6 เดือน", months=6,
        period_end=datetime.date(ce, 3, 31), due_date=datetime.date(ce, 4, 30),
    )  # fmt: skip
    ReportingRound.objects.create(
        framework=framework, order=2, name_th="รอบ 12 เดือน", months=12,
        period_end=datetime.date(ce, 9, 30), due_date=datetime.date(ce, 10, 31),
    )  # fmt: skip
    return framework


def make_kpi(
    framework: Framework,
    component_code: str,
    number: str,
    name: str,
    weight: str,
    *,
    unit: OrgUnit | None = None,
    overseer: Person | None = None,
    collectors: tuple[Person, ...] = (),
    targets: tuple[str, str, str] = ("80", "90", "100"),
    state: str = Kpi.State.DRAFT,
) -> Kpi:
    kpi = Kpi.objects.create(
        framework=framework,
        component=framework.components.get(code=component_code),
        number=number,
        name_th=name,
        unit="ร้อยละ",
        weight=Decimal(weight),
        method="levels",
        direction="higher",
        responsible_unit=unit,
        overseer=overseer,
        evidence_required="รายงานสรุปผลการดำเนินงาน",
        state=state,
    )
    for order, (label, target, score) in enumerate(
        zip(("ขั้นต้น", "มาตรฐาน", "ขั้นสูง"), targets, ("50", "70", "100"), strict=True), 1
    ):
        TargetLevel.objects.create(
            kpi=kpi, order=order, label=label, target=Decimal(target), score=Decimal(score)
        )
    kpi.collectors.set(collectors)
    return kpi


def person(user) -> Person:
    return Person.objects.get(user=user)


def complete_set(framework: Framework, org, *, overseer_user, owner_user) -> list[Kpi]:
    """Four KPIs weighing 40 + 30 (performance) and 20 + 10 (potential), every field filled."""
    boss, collector = person(overseer_user), person(owner_user)
    people: dict[str, Any] = {"overseer": boss, "collectors": (collector,)}
    return [
        make_kpi(framework, "performance", "1", "ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จ", "40",
                 unit=org.eia, **people),
        make_kpi(framework, "performance", "2", "ระดับความสำเร็จของแผนจัดการคุณภาพสิ่งแวดล้อม",
                 "30", unit=org.quality, **people),
        make_kpi(framework, "potential", "3", "การพัฒนาองค์การสู่ดิจิทัล", "20", unit=org.admdev,
                 **people),
        make_kpi(framework, "potential", "4", "การเปิดเผยข้อมูลภาครัฐ", "10", unit=org.admdev,
                 **people),
    ]  # fmt: skip


def make_agreement(framework: Framework, *, started_on: datetime.date | None = None) -> Agreement:
    return Agreement.objects.create(
        framework=framework, started_on=started_on or datetime.date(2025, 10, 1)
    )


def pdf_upload(name: str = "แนวทาง.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + b"0" * max(size - 9, 10) + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx_upload(name: str = "minutes.docx") -> SimpleUploadedFile:
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())
