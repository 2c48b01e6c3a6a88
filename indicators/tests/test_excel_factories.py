"""Builders for the Excel tests: a framework with every kind of KPI sheet (domain §5) and a way
to write workbooks cell by cell. No tests here."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook

from accounts.models import Department, Person
from conftest import PERSONA_FY, Org, PersonFactory, UserFactory
from frameworks.models import Component, Framework, PlanItem, ReportingRound, StrategicKpi
from indicators.models import Baseline, DataItem, Kpi, RoundExpectation, TargetLevel

D = Decimal


@dataclass
class SheetWorld:
    framework: Framework
    performance: Component
    potential: Component
    rounds: list[ReportingRound]
    people: list[Person]
    kpis: dict[str, Kpi]


def make_framework(department: Department, year: int = PERSONA_FY) -> Framework:
    framework = Framework.objects.create(
        department=department,
        fiscal_year=year,
        name_th=f"กรอบการประเมิน ปีงบประมาณ {year}",
        template=Framework.Template.PERFORMANCE_POTENTIAL,
    )
    Component.objects.create(
        framework=framework, order=1, code="performance", name_th="Performance", weight=D(70)
    )
    Component.objects.create(
        framework=framework, order=2, code="potential", name_th="Potential", weight=D(30)
    )
    ce_year = year - 543  # FY 2569 ends 30 Sep 2026 (domain §2)
    for order, months, end, due in ((1, 6, (3, 31), (4, 30)), (2, 12, (9, 30), (10, 31))):
        ReportingRound.objects.create(
            framework=framework,
            order=order,
            name_th=f"รอบ {months} เดือน",
            months=months,
            period_end=datetime.date(ce_year, *end),
            due_date=datetime.date(ce_year, *due),
        )
    return framework


def _levels(kpi: Kpi, rows: list[tuple[str, str, str]], **extra: Any) -> None:
    for order, (label, target, score) in enumerate(rows, 1):
        TargetLevel.objects.create(
            kpi=kpi, order=order, label=label, target=D(target), score=D(score), **extra
        )


def make_world(org: Org) -> SheetWorld:
    """FY 2569 framework of onep with a KPI of every method, sub-KPIs and every child table."""
    framework = make_framework(org.department)
    performance, potential = framework.components.order_by("order")
    rounds = list(framework.rounds.order_by("order"))
    overseer = PersonFactory(
        user=UserFactory(username="kanda"), department=org.department, unit=org.eia
    )
    collector = PersonFactory(
        user=UserFactory(username="somsak"), department=org.department, unit=org.eia
    )
    no_account = PersonFactory(
        user=None, department=org.department, email="manee@example.go.th", unit=org.quality
    )
    national = PlanItem.objects.create(level="national", code="1", name_th="ความมั่นคง")
    own = PlanItem.objects.create(
        level="department", code="1", name_th="พันธกิจที่ 1", department=org.department, parent=national
    )
    ministry = PlanItem.objects.create(level="ministry", code="M2", name_th="ยุทธศาสตร์กระทรวง 2")

    eia = Kpi.objects.create(
        framework=framework,
        component=performance,
        number="1",
        name_th="ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จภายในเวลาที่กฎหมายกำหนด",
        name_en="EIA reports reviewed on time",
        unit="ร้อยละ",
        weight=D("25.5"),
        description="รายงานที่พิจารณาแล้วเสร็จ\nภายใน 60 วัน",
        scope="ทุกประเภทโครงการ",
        formula="(a / b) * 100",
        conditions="=SUM(A1:A3) เป็นข้อความ ไม่ใช่สูตร",
        data_source="ระบบ EIA",
        collection_method="รายไตรมาส",
        evidence_required="รายงานสรุป",
        responsible_unit=org.eia,
        overseer=overseer,
        state=Kpi.State.APPROVED,
    )
    eia.collectors.set([collector, no_account])
    eia.lineage.set([own, ministry])
    # A Proxy KPI of a national Strategic KPI (issue 17 item 4).
    eia.strategic_kpi = StrategicKpi.objects.create(
        code="NS-5-1", name_th="พื้นที่สีเขียวเพิ่มขึ้น", level="national", owner="สศช.", first_year=2566
    )
    eia.origin_relation = "proxy"
    eia.save(update_fields=["strategic_kpi", "origin_relation"])
    DataItem.objects.create(kpi=eia, order=1, code="a", name_th="รายงานที่เสร็จในเวลา", unit="ฉบับ")
    DataItem.objects.create(kpi=eia, order=2, code="b", name_th="รายงานทั้งหมด", unit="ฉบับ")
    _levels(eia, [("ขั้นต้น", "80", "50"), ("มาตรฐาน", "90", "70"), ("ขั้นสูง", "100", "100")])
    Baseline.objects.create(kpi=eia, fiscal_year=2566, value=D("82.1234"), note="จากระบบเดิม")
    Baseline.objects.create(kpi=eia, fiscal_year=2567, value=None, note="ไม่มีข้อมูล")
    Baseline.objects.create(kpi=eia, fiscal_year=2568, value=D(91))
    RoundExpectation.objects.create(kpi=eia, round=rounds[0], expectation="ผลครึ่งปี")
    RoundExpectation.objects.create(kpi=eia, round=rounds[1], expectation="ผลทั้งปี")

    days = Kpi.objects.create(
        framework=framework,
        component=performance,
        number="2",
        name_th="ระยะเวลาเฉลี่ยในการพิจารณารายงาน",
        unit="วัน",
        weight=D(20),
        method="composite",
        responsible_unit=org.eia_group,
    )
    _levels(days, [("", "0", "100")])
    lower = Kpi.objects.create(
        framework=framework,
        component=performance,
        number="2.1",
        name_th="ระยะเวลาเฉลี่ย (ค่าน้อยดี)",
        unit="วัน",
        weight=D(10),
        direction="lower",
        interpolate=False,
        parent=days,
        sub_weight=D(60),
    )
    _levels(lower, [("ขั้นต้น", "75", "50"), ("มาตรฐาน", "60", "75"), ("ขั้นสูง", "45", "100")])
    steps = Kpi.objects.create(
        framework=framework,
        component=performance,
        number="2.10",
        name_th="ขั้นความสำเร็จของแผนปฏิบัติการ",
        weight=D(10),
        method="milestone",
        parent=days,
        sub_weight=D(40),
    )
    for n in range(1, 6):
        TargetLevel.objects.create(
            kpi=steps,
            order=n,
            label=f"ขั้นที่ {n}",
            target=D(n),
            score=D(20 * n),
            description=f"ทำขั้นที่ {n} สำเร็จ",
            evidence="รายงานการประชุม",
        )
    scale = Kpi.objects.create(
        framework=framework,
        component=potential,
        number="3",
        name_th="ระดับความสำเร็จของการพัฒนาองค์การสู่ดิจิทัล",
        weight=D("15.25"),
        method="scale5",
        floor=D("0.5"),
        responsible_unit=org.quality,
    )
    _levels(scale, [(str(n), str(50 + 10 * n), str(n)) for n in range(1, 6)])
    passed = Kpi.objects.create(
        framework=framework,
        component=potential,
        number="4",
        name_th="การเปิดเผยข้อมูลภาครัฐ",
        weight=D(5),
        method="pass_fail",
    )
    _levels(passed, [("ผ่าน", "1", "100")])
    return SheetWorld(
        framework=framework,
        performance=performance,
        potential=potential,
        rounds=rounds,
        people=[overseer, collector, no_account],
        kpis={k.number: k for k in (eia, days, lower, steps, scale, passed)},
    )


def sheet_values(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, row by row (what a person sees in Excel)."""
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def upload(content: bytes, name: str = "kpis.xlsx") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def fill(template: bytes, rows: dict[str, list[dict[str, Any]]]) -> bytes:
    """The template with rows added to its sheets; each row maps a column key to a value."""
    workbook = load_workbook(io.BytesIO(template))
    for title, items in rows.items():
        sheet = workbook[title]
        keys = {cell.value: cell.column for cell in sheet[2] if cell.value}
        for offset, item in enumerate(items):
            for key, value in item.items():
                sheet.cell(3 + offset, keys[key], value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    workbook = Workbook()
    for sheet in workbook.worksheets:
        workbook.remove(sheet)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
