"""Builders for reporting tests: a framework with approved KPI sheets and its rounds, and small
real files of every allowed type."""

from __future__ import annotations

import datetime
import io
import struct
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Department, OrgUnit, Person
from frameworks.models import Component, Framework, ReportingRound
from indicators.models import DataItem, Kpi, TargetLevel

FY = 2569
APPROVED_AT = timezone.make_aware(datetime.datetime(2025, 11, 1, 10, 0))


def make_framework(department: Department, year: int = FY) -> Framework:
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
    return framework


def make_round(
    framework: Framework,
    months: int = 6,
    *,
    due: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> ReportingRound:
    ce = framework.fiscal_year - 543
    return ReportingRound.objects.create(
        framework=framework,
        order=1 if months == 6 else 2,
        name_th=f"รอบ {months} เดือน",
        months=months,
        period_end=period_end or datetime.date(ce, 3 if months == 6 else 9, 30 + (months == 6)),
        due_date=due or datetime.date(ce, 4 if months == 6 else 10, 30),
    )


def make_kpi(
    framework: Framework,
    number: str = "1",
    *,
    unit: OrgUnit | None = None,
    component: str = "performance",
    weight: str = "20",
    formula: str = "(a / b) * 100",
    targets: tuple[str, ...] = ("80", "90", "100"),
    scores: tuple[str, ...] = ("50", "75", "100"),
    direction: str = "higher",
    method: str = "levels",
    overseer: Person | None = None,
    collectors: tuple[Person, ...] = (),
    approved: bool = True,
) -> Kpi:
    kpi = Kpi.objects.create(
        framework=framework,
        component=framework.components.get(code=component),
        number=number,
        name_th=f"ร้อยละของรายงานที่พิจารณาแล้วเสร็จ {number}",
        unit="ร้อยละ",
        weight=Decimal(weight),
        formula=formula,
        method=method,
        direction=direction,
        responsible_unit=unit,
        overseer=overseer,
        evidence_required="ทะเบียนรายงาน; มติคณะกรรมการ",
        state=Kpi.State.APPROVED if approved else Kpi.State.DRAFT,
        approved_at=APPROVED_AT if approved else None,
    )
    if formula:
        DataItem.objects.create(
            kpi=kpi, order=1, code="a", name_th="รายงานที่เสร็จตามกำหนด", unit="ฉบับ"
        )
        DataItem.objects.create(kpi=kpi, order=2, code="b", name_th="รายงานทั้งหมด", unit="ฉบับ")
    labels = ("ขั้นต้น", "มาตรฐาน", "ขั้นสูง", "4", "5")
    for order, (target, score) in enumerate(zip(targets, scores, strict=True), 1):
        TargetLevel.objects.create(
            kpi=kpi,
            order=order,
            label=labels[order - 1],
            target=Decimal(target),
            score=Decimal(score),
            evidence=f"หลักฐานระดับ {labels[order - 1]}",
        )
    kpi.collectors.set(collectors)
    return kpi


# Small real files --------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + b"\xff\xd9"
    )


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินงาน")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
