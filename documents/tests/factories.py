"""Small factories for document tests: a framework with components, rounds and a lineage tree,
and a fully filled KPI sheet."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from conftest import PERSONA_FY, DepartmentFactory, OrgUnitFactory, PersonFactory
from frameworks.models import Component, Framework, PlanItem, ReportingRound
from indicators.models import Baseline, DataItem, Kpi, RoundExpectation, TargetLevel

KPI_NAME = "ร้อยละของรายงานการวิเคราะห์ผลกระทบสิ่งแวดล้อมที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กฎหมายกำหนด"
UNIT_NAME = "สำนักงานสิ่งแวดล้อมภาคที่ 1"


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = Framework

    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = PERSONA_FY
    name_th = "กรอบการประเมิน Performance/Potential"
    template = Framework.Template.PERFORMANCE_POTENTIAL


class ComponentFactory(DjangoModelFactory):
    class Meta:
        model = Component

    framework = factory.SubFactory(FrameworkFactory)
    order = 1
    code = factory.Sequence(lambda n: f"c{n}")
    name_th = "องค์ประกอบที่ 1 Performance Base"
    weight = Decimal(70)


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = ReportingRound

    framework = factory.SubFactory(FrameworkFactory)
    order = 1
    name_th = "รอบ 6 เดือน"
    months = 6
    period_end = datetime.date(2026, 3, 31)
    due_date = datetime.date(2026, 4, 15)


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem
        django_get_or_create = ("level", "code", "department")

    department = None
    level = PlanItem.Level.NATIONAL
    code = factory.Sequence(lambda n: f"{n}")
    name_th = factory.Sequence(lambda n: f"แผนทดสอบ {n}")


class KpiFactory(DjangoModelFactory):
    class Meta:
        model = Kpi

    framework = factory.SubFactory(FrameworkFactory)
    component = factory.SubFactory(ComponentFactory, framework=factory.SelfAttribute("..framework"))
    number = factory.Sequence(lambda n: f"{n + 1}")
    name_th = factory.Sequence(lambda n: f"ตัวชี้วัดทดสอบที่ {n}")
    unit = "ร้อยละ"
    weight = Decimal(20)


def full_kpi(department, *, number: str = "1", name: str = KPI_NAME, framework=None) -> Kpi:
    """A KPI sheet with every §5 field filled, in `department`'s FY 2569 framework."""
    if framework is None:
        framework = Framework.objects.filter(department=department, fiscal_year=PERSONA_FY).first()
    if framework is None:
        framework = FrameworkFactory(department=department)
        six = RoundFactory(framework=framework)
        RoundFactory(
            framework=framework,
            order=2,
            name_th="รอบ 12 เดือน",
            months=12,
            period_end=datetime.date(2026, 9, 30),
            due_date=datetime.date(2026, 10, 15),
        )
        ComponentFactory(framework=framework, code="performance")
    else:
        six = framework.rounds.order_by("order").first()
    component = framework.components.order_by("order").first()
    unit = OrgUnitFactory(department=department, name_th=UNIT_NAME)
    overseer = PersonFactory(
        department=department,
        unit=unit,
        title_th="นาย",
        first_name_th="สมชาย",
        last_name_th="กำกับดี",
        position="ผู้อำนวยการสำนักงานสิ่งแวดล้อมภาคที่ 1",
        phone="0 2265 6501",
    )
    collector = PersonFactory(
        department=department,
        unit=unit,
        first_name_th="นัฐยา",
        last_name_th="จัดเก็บ",
        position="นักวิชาการสิ่งแวดล้อมชำนาญการ",
        phone="0 2265 6502",
        email="nattaya1@example.go.th",
    )
    national = PlanItemFactory(
        code="N2", name_th="ยุทธศาสตร์ชาติด้านการสร้างการเติบโตบนคุณภาพชีวิตที่เป็นมิตรต่อสิ่งแวดล้อม"
    )
    master = PlanItemFactory(
        parent=national, level=PlanItem.Level.MASTER, code="M18", name_th="แผนแม่บทการเติบโตอย่างยั่งยืน"
    )
    kpi = KpiFactory(
        framework=framework,
        component=component,
        number=number,
        name_th=name,
        name_en="Percentage of EIA reports reviewed on time",
        unit="ร้อยละ",
        weight=Decimal("12.5"),
        description="รายงานที่สำนักงานได้รับและพิจารณาแล้วเสร็จภายใน 30 วัน",
        scope="รายงานทุกฉบับที่ได้รับในปีงบประมาณ",
        formula="(a / b) * 100",
        conditions="ไม่นับรายงานที่ถูกส่งคืน",
        data_source="ระบบสารบรรณอิเล็กทรอนิกส์ของสำนักงาน",
        collection_method="รวบรวมทุกเดือน",
        evidence_required="ทะเบียนรับรายงาน\nหนังสือแจ้งผลการพิจารณา",
        responsible_unit=unit,
        overseer=overseer,
    )
    kpi.collectors.add(collector)
    kpi.lineage.add(master)
    DataItem.objects.create(
        kpi=kpi, order=1, code="a", name_th="จำนวนรายงานที่พิจารณาเสร็จ", unit="ฉบับ"
    )
    DataItem.objects.create(kpi=kpi, order=2, code="b", name_th="จำนวนรายงานทั้งหมด", unit="ฉบับ")
    for order, (label, target, score) in enumerate(
        [("ขั้นต้น", "75", "50"), ("มาตรฐาน", "80", "70"), ("ขั้นสูง", "85", "100")], start=1
    ):
        TargetLevel.objects.create(
            kpi=kpi, order=order, label=label, target=Decimal(target), score=Decimal(score)
        )
    Baseline.objects.create(kpi=kpi, fiscal_year=2567, value=Decimal("78.25"), note="ข้อมูลจากระบบ")
    Baseline.objects.create(kpi=kpi, fiscal_year=2568, value=Decimal("81"))
    RoundExpectation.objects.create(kpi=kpi, round=six, expectation="รายงานความก้าวหน้า")
    return kpi


# Agreements -------------------------------------------------------------------------------

RECEIVER = ("นายจตุพร บุรุษพัฒน์", "ปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม")
SIGNED_ON = datetime.date(2025, 11, 20)
AGREED_ON = datetime.date(2025, 11, 12)


def agreement_for(org, *, overseer, owner):
    """An agreement of onep's FY 2569 framework with the agreements app's four complete KPIs
    (40 + 30 performance, 20 + 10 potential; targets 80 / 90 / 100), not yet signed."""
    from agreements.tests.factories import complete_set, make_agreement, make_framework

    framework = make_framework(org.department)
    complete_set(framework, org, overseer_user=overseer, owner_user=owner)
    return make_agreement(framework)


GIVER = "นายประเสริฐ วงศ์ไทย"


def name_executive(executive_user):
    """Give the executive persona a real name (factory names carry digits) and position."""
    from accounts.models import Person

    person = Person.objects.get(user=executive_user)
    person.title_th, person.first_name_th, person.last_name_th = "นาย", "ประเสริฐ", "วงศ์ไทย"
    person.position = "เลขาธิการ"
    person.save()
    return person


def sign(agreement, executive_user):
    """Sign as the agreements app does at step 3: signer, date, frozen set, receiver."""
    from agreements.models import Agreement, AgreementParty
    from agreements.terms import snapshot_of

    signer = name_executive(executive_user)
    Agreement.objects.filter(pk=agreement.pk).update(
        state=Agreement.State.SIGNED,
        signer=signer,
        signed_on=SIGNED_ON,
        agreed_on=AGREED_ON,
        signed_snapshot=snapshot_of(agreement.framework),
    )
    AgreementParty.objects.create(
        agreement=agreement, side="receiver", order=1, name=RECEIVER[0], position=RECEIVER[1]
    )
    agreement.refresh_from_db()
    return agreement
