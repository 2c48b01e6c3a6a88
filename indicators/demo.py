"""Demo KPI sheets of the demo department (domain §12), illustrative, not an official list.

Runs after `frameworks.demo.load_demo` (last year's Performance/Potential framework and the old
five-bases one). The sheets below are written for FY 2569 and FY 2562; the years in their texts
and baselines are moved to the demo's years (`accounts.demo.DemoYears`, `shift_be_years`).
Idempotent: a sheet is looked up by framework and number and created only when missing; a
framework that is not there is skipped. Sheets go through the services (validated and audited
as the coordinator would make them); all of last year's sheets but one are approved, the
personnel-development sheet stays a draft for the owner to edit.

kpi_approve stamps `approved_at` with "now"; the demo then moves that stamp back into the
sheet's own fiscal year (first_approval), so a finished year reads as it happened and the
reporting rounds, which pick the version approved by their period end (reporting.versions),
find it approved in time. Audit events keep their real times.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from accounts.demo import DemoYears, shift_be_years
from accounts.models import Department, OrgUnit, Person
from core.fiscal import FiscalYear
from frameworks.models import Component, Framework, PlanItem, StrategicKpi
from frameworks.selectors import plan_item_by_code
from indicators import services
from indicators.models import Kpi
from indicators.selectors import permissions_for
from indicators.validation import (
    AssessmentPointInput,
    BaselineInput,
    DataItemInput,
    LevelInput,
    RoundExpectationInput,
)

D = Decimal
LevelRow = tuple[str, str, str, str, str]  # target, score, label, description, evidence


@dataclass(frozen=True)
class DemoKpi:
    component: int  # component order in the framework
    number: str
    name_th: str
    name_en: str
    unit: str
    weight: Decimal
    description: str
    scope: str
    unit_code: str  # responsible unit
    overseer: str  # username
    collectors: tuple[str, ...]
    # (target, score, label, description, evidence), lowest score first
    levels: tuple[LevelRow, ...]
    baselines: tuple[tuple[int, str, str], ...]  # (year, value, note)
    rounds: dict[int, str]  # months → expectation
    data_items: tuple[tuple[str, str, str], ...] = ()  # (code, name, unit)
    formula: str = ""
    method: str = "levels"
    direction: str = "higher"
    conditions: str = ""
    data_source: str = ""
    collection_method: str = ""
    evidence_required: str = ""
    lineage: tuple[str, ...] = ()  # frameworks.demo DEMO_PLAN keys or codes
    approve: bool = True
    # Issue 17 item 3: evaluated from the round of this many months on (0: from the first);
    # earlier rounds carry the rule "not evaluated" with `starts_reason`.
    starts_at: int = 0
    starts_reason: str = ""
    # Where the KPI comes from (issue 17 item 4): (relation, DEMO_STRATEGIC_KPIS code)
    origin: tuple[str, str] | None = None
    # ประเด็นการประเมิน (issue 17 item 2): (name, unit), reported per point, not scored
    assessment_points: tuple[tuple[str, str], ...] = ()


# Strategic KPIs the demo's KPIs come from (reference data kept by OPDC's coordinator).
DEMO_STRATEGIC_KPIS: dict[str, dict[str, object]] = {
    "NS5-GHG": {
        "name_th": "ปริมาณการปล่อยก๊าซเรือนกระจกของประเทศลดลง",
        "level": "national",
        "owner": "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        "first_year": 2566,
        "last_year": 2580,
    },
}


def _three(
    targets: tuple[str, str, str], scores: tuple[str, str, str], texts: Sequence[str]
) -> tuple[LevelRow, ...]:
    labels = ("ขั้นต้น", "มาตรฐาน", "ขั้นสูง")
    return tuple(
        (target, score, label, text, "")
        for target, score, label, text in zip(targets, scores, labels, texts, strict=True)
    )


P = ("50", "70", "100")  # FY 2569 level scores (the framework's 50 / 70 / 100)

FY2569: tuple[DemoKpi, ...] = (
    DemoKpi(
        component=1,
        number="1",
        name_th="ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กฎหมายกำหนด",
        name_en="Percentage of EIA reports reviewed within the legal time limit",
        unit="ร้อยละ",
        weight=D(20),
        description=(
            "รายงาน EIA หมายถึง รายงานการวิเคราะห์ผลกระทบสิ่งแวดล้อมของโครงการหรือกิจการที่ต้อง"
            "จัดทำตามประกาศกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม ซึ่งยื่นต่อ สผ. เพื่อพิจารณา\n"
            "ระยะเวลาที่กฎหมายกำหนด หมายถึง ระยะเวลาตามมาตรา 50 แห่งพระราชบัญญัติส่งเสริมและรักษา"
            "คุณภาพสิ่งแวดล้อมแห่งชาติ พ.ศ. 2535 คือ สผ. ตรวจสอบรายงานภายใน 15 วัน และคณะกรรมการ"
            "ผู้ชำนาญการพิจารณาให้แล้วเสร็จภายใน 45 วัน นับแต่วันที่ได้รับรายงานที่ถูกต้องครบถ้วน"
        ),
        scope=(
            "รายงาน EIA ทุกประเภทโครงการที่ยื่นต่อ สผ. และครบกำหนดพิจารณาระหว่างวันที่ "
            "1 ตุลาคม 2568 ถึง 30 กันยายน 2569 ไม่รวมรายงานที่ผู้ยื่นขอถอนหรือขอขยายเวลาชี้แจง"
        ),
        unit_code="eia",
        overseer="supachai",
        collectors=("nattaya",),
        data_items=(
            ("a", "จำนวนรายงาน EIA ที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กฎหมายกำหนด", "ฉบับ"),
            ("b", "จำนวนรายงาน EIA ที่ครบกำหนดพิจารณาทั้งหมดในปีงบประมาณ", "ฉบับ"),
        ),
        formula="(a / b) * 100",
        levels=_three(
            ("80", "90", "100"),
            P,
            (
                "พิจารณาแล้วเสร็จตามกำหนดร้อยละ 80",
                "พิจารณาแล้วเสร็จตามกำหนดร้อยละ 90",
                "พิจารณาแล้วเสร็จตามกำหนดทุกฉบับ",
            ),
        ),
        baselines=((2566, "86.21", ""), (2567, "88.46", ""), (2568, "91.30", "")),
        rounds={
            6: "จำนวนรายงานที่พิจารณาแล้วเสร็จและที่ครบกำหนด ณ 31 มีนาคม 2569 พร้อมรายชื่อโครงการ",
            12: "ผลการดำเนินงานทั้งปี รายชื่อโครงการที่เกินกำหนดพร้อมเหตุผล และแนวทางแก้ไข",
        },
        conditions="รายงานที่ คชก. มีมติให้ชี้แจงเพิ่มเติม นับระยะเวลาใหม่ตั้งแต่วันที่ได้รับคำชี้แจงครบถ้วน",
        data_source="ระบบฐานข้อมูลรายงานการวิเคราะห์ผลกระทบสิ่งแวดล้อม (EIA Online) ของ สผ.",
        collection_method=(
            "กองพิจารณารายงานฯ สรุปข้อมูลจากระบบ EIA Online ทุกเดือน และตรวจทานกับทะเบียนรับรายงาน"
        ),
        evidence_required="ทะเบียนรายงานที่ครบกำหนดพิจารณา; มติ คชก.; หนังสือแจ้งผลการพิจารณา",
        lineage=("onep_eia",),
    ),
    DemoKpi(
        component=1,
        number="2",
        name_th="ระยะเวลาเฉลี่ยในการพิจารณารายงาน EIA",
        name_en="Average days to review an EIA report",
        unit="วัน",
        weight=D(10),
        description=(
            "จำนวนวันทำการเฉลี่ยนับแต่วันที่ สผ. ได้รับรายงาน EIA ที่ถูกต้องครบถ้วนจนถึงวันที่ "
            "คณะกรรมการผู้ชำนาญการมีมติ ยิ่งใช้เวลาน้อยยิ่งดี"
        ),
        scope="รายงาน EIA ที่ คชก. มีมติในปีงบประมาณ พ.ศ. 2569 ทุกประเภทโครงการ",
        unit_code="eia",
        overseer="supachai",
        collectors=("kittipong", "nattaya"),
        data_items=(
            ("a", "ผลรวมจำนวนวันที่ใช้พิจารณารายงานทุกฉบับ", "วัน"),
            ("b", "จำนวนรายงานที่ คชก. มีมติในปีงบประมาณ", "ฉบับ"),
        ),
        formula="a / b",
        direction="lower",
        levels=_three(
            ("75", "60", "45"),
            P,
            ("เฉลี่ยไม่เกิน 75 วัน", "เฉลี่ยไม่เกิน 60 วัน", "เฉลี่ยไม่เกิน 45 วัน"),
        ),
        baselines=((2566, "82", ""), (2567, "74", ""), (2568, "66", "")),
        rounds={
            6: "ระยะเวลาเฉลี่ยของรายงานที่มีมติระหว่าง 1 ตุลาคม 2568 – 31 มีนาคม 2569",
            12: "ระยะเวลาเฉลี่ยทั้งปี แยกตามประเภทโครงการ พร้อมปัจจัยที่ทำให้ล่าช้า",
        },
        conditions="ไม่นับช่วงเวลาที่รอผู้ยื่นรายงานชี้แจงหรือแก้ไขรายงาน",
        data_source="ระบบ EIA Online และทะเบียนมติ คชก.",
        collection_method="ดึงวันที่รับรายงานและวันที่มีมติจากระบบ คำนวณเป็นวันทำการ",
        evidence_required="ตารางคำนวณระยะเวลาพิจารณารายโครงการ; รายงานการประชุม คชก.",
        lineage=("onep_eia",),
    ),
    DemoKpi(
        component=1,
        number="3",
        name_th="ระดับความสำเร็จของการขับเคลื่อนแผนปฏิบัติการด้านการจัดการคุณภาพสิ่งแวดล้อม",
        name_en="Milestones of the environmental quality management action plan",
        unit="ระดับ",
        weight=D(20),
        description=(
            "การขับเคลื่อนแผนปฏิบัติการด้านการจัดการคุณภาพสิ่งแวดล้อมให้หน่วยงานที่เกี่ยวข้อง"
            "นำไปปฏิบัติ ติดตามผล และรายงานต่อคณะกรรมการสิ่งแวดล้อมแห่งชาติ"
        ),
        scope="แผนปฏิบัติการด้านการจัดการคุณภาพสิ่งแวดล้อม ระยะที่ 1 และหน่วยงานภาคีทุกแห่ง",
        unit_code="quality",
        overseer="pornthip",
        collectors=("ratana",),
        method="milestone",
        levels=(
            ("1", "20", "ขั้นที่ 1", "จัดทำกรอบและแผนการขับเคลื่อนแผนปฏิบัติการ", "แผนการขับเคลื่อน"),
            ("2", "35", "ขั้นที่ 2", "ประชุมชี้แจงหน่วยงานภาคีอย่างน้อย 2 ครั้ง", "รายงานการประชุม"),
            (
                "3",
                "50",
                "ขั้นที่ 3 (ขั้นต้น)",
                "หน่วยงานภาคีจัดทำแผนงานโครงการรองรับไม่น้อยกว่าร้อยละ 80",
                "สรุปแผนงานโครงการของภาคี",
            ),
            (
                "4",
                "70",
                "ขั้นที่ 4 (มาตรฐาน)",
                "ติดตามและประเมินผลความก้าวหน้ารอบ 6 และ 12 เดือน",
                "รายงานผลการติดตาม",
            ),
            (
                "5",
                "100",
                "ขั้นที่ 5 (ขั้นสูง)",
                "เสนอผลการขับเคลื่อนและข้อเสนอแนะต่อคณะกรรมการสิ่งแวดล้อมแห่งชาติ",
                "วาระการประชุมและมติคณะกรรมการ",
            ),
        ),
        baselines=((2566, "4", "แผนฉบับก่อน"), (2567, "5", "แผนฉบับก่อน"), (2568, "5", "")),
        rounds={
            6: "ผลการดำเนินงานขั้นที่ 1–3 พร้อมหลักฐาน",
            12: "ผลการดำเนินงานครบทุกขั้นและข้อเสนอแนะ",
        },
        conditions="ต้องดำเนินการครบทุกขั้นก่อนหน้าจึงจะนับขั้นถัดไป",
        data_source="กองจัดการคุณภาพสิ่งแวดล้อม",
        collection_method="รวบรวมรายงานความก้าวหน้าจากหน่วยงานภาคีทุกไตรมาส",
        evidence_required="แผนการขับเคลื่อน; รายงานการประชุม; รายงานผลการติดตาม; มติคณะกรรมการ",
        lineage=("onep_quality",),
    ),
    DemoKpi(
        component=1,
        number="4",
        name_th=("ร้อยละของปริมาณก๊าซเรือนกระจกที่ลดลงเทียบกับกรณีปกติ (BAU) ในภาคส่วนที่ร่วมขับเคลื่อน (ตัวชี้วัดร่วม)"),
        name_en="Greenhouse-gas reduction against business as usual (joint KPI)",
        unit="ร้อยละ",
        weight=D(10),
        description=(
            "ตัวชี้วัดร่วมของส่วนราชการที่ขับเคลื่อนเป้าหมายการมีส่วนร่วมที่ประเทศกำหนด (NDC) "
            "วัดจากปริมาณการปล่อยก๊าซเรือนกระจกที่ลดลงเทียบกับกรณีดำเนินการตามปกติ (BAU) "
            "ในภาคพลังงาน คมนาคม และของเสีย"
        ),
        scope="ข้อมูลการปล่อยก๊าซเรือนกระจกปีปฏิทิน 2568 จากระบบ MRV ของประเทศ",
        unit_code="international",
        overseer="anan",
        collectors=("pichit",),
        data_items=(
            ("bau", "ปริมาณการปล่อยก๊าซเรือนกระจกกรณีปกติ (BAU)", "ล้านตันคาร์บอนไดออกไซด์เทียบเท่า"),
            ("actual", "ปริมาณการปล่อยก๊าซเรือนกระจกที่เกิดขึ้นจริง", "ล้านตันคาร์บอนไดออกไซด์เทียบเท่า"),
        ),
        formula="((bau - actual) / bau) * 100",
        levels=_three(
            ("16", "18", "20"),
            P,
            ("ลดลงร้อยละ 16", "ลดลงร้อยละ 18", "ลดลงร้อยละ 20"),
        ),
        baselines=((2566, "13.8", ""), (2567, "15.2", ""), (2568, "16.4", "ตัวเลขเบื้องต้น")),
        rounds={
            6: "ความก้าวหน้าการรวบรวมข้อมูลจากหน่วยงานร่วมและผลเบื้องต้น",
            12: "ผลการลดก๊าซเรือนกระจกที่ผ่านการทวนสอบแล้ว",
        },
        conditions="ใช้ผลร่วมกันทุกส่วนราชการที่รับตัวชี้วัดนี้",
        data_source="กรมการเปลี่ยนแปลงสภาพภูมิอากาศและสิ่งแวดล้อม และหน่วยงานร่วม",
        collection_method="รวบรวมจากระบบตรวจวัด รายงาน และทวนสอบ (MRV)",
        evidence_required="รายงานผลการลดก๊าซเรือนกระจกที่ผ่านการทวนสอบ",
        lineage=("ministry_climate", "nesdp_10", "sdg_13_2"),
        origin=("proxy", "NS5-GHG"),
    ),
    DemoKpi(
        component=2,
        number="5",
        name_th="ร้อยละของกระบวนงานบริการที่ให้บริการผ่านระบบดิจิทัลแบบเบ็ดเสร็จ (Digital Transformation)",
        name_en="Share of services delivered end-to-end online",
        unit="ร้อยละ",
        weight=D(10),
        description="กระบวนงานบริการประชาชนและผู้ประกอบการที่ยื่น ชำระ และรับผลผ่านระบบดิจิทัลได้ครบทุกขั้น",
        scope="กระบวนงานบริการตามคู่มือสำหรับประชาชนของ สผ. ทั้งหมด",
        unit_code="ict",
        overseer="thawat",
        collectors=("suda",),
        data_items=(
            ("a", "จำนวนกระบวนงานที่ให้บริการผ่านระบบดิจิทัลแบบเบ็ดเสร็จ", "กระบวนงาน"),
            ("b", "จำนวนกระบวนงานบริการทั้งหมด", "กระบวนงาน"),
        ),
        formula="(a / b) * 100",
        levels=_three(("60", "70", "80"), P, ("ร้อยละ 60", "ร้อยละ 70", "ร้อยละ 80")),
        baselines=((2566, "35", ""), (2567, "48", ""), (2568, "57", "")),
        rounds={6: "รายชื่อกระบวนงานที่เปิดให้บริการแล้ว", 12: "ผลทั้งปีและจำนวนผู้ใช้บริการ"},
        conditions="นับเฉพาะกระบวนงานที่ผู้รับบริการไม่ต้องมาติดต่อด้วยตนเองในทุกขั้นตอน",
        data_source="ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
        collection_method="ตรวจสอบระบบบริการและบันทึกการใช้งาน",
        evidence_required="ภาพหน้าจอระบบ; สถิติการใช้บริการ",
        lineage=("onep_digital",),
    ),
    DemoKpi(
        component=2,
        number="6",
        name_th="จำนวนชุดข้อมูลที่เปิดเผยตามมาตรฐานธรรมาภิบาลข้อมูลภาครัฐ (Open Data)",
        name_en="Open datasets published to the government standard",
        unit="ชุดข้อมูล",
        weight=D(10),
        description="ชุดข้อมูลที่ผ่านการจัดทำคำอธิบายข้อมูล (metadata) และเผยแพร่บนศูนย์กลางข้อมูลเปิดภาครัฐ",
        scope="ชุดข้อมูลด้านทรัพยากรธรรมชาติและสิ่งแวดล้อมที่ สผ. เป็นเจ้าของ",
        unit_code="ict",
        overseer="thawat",
        collectors=("suda",),
        levels=_three(("20", "25", "30"), P, ("20 ชุดข้อมูล", "25 ชุดข้อมูล", "30 ชุดข้อมูล")),
        baselines=((2566, "8", ""), (2567, "14", ""), (2568, "19", "")),
        rounds={6: "รายการชุดข้อมูลที่เผยแพร่แล้ว", 12: "รายการชุดข้อมูลทั้งปีพร้อมลิงก์"},
        conditions="ชุดข้อมูลต้องปรับปรุงให้เป็นปัจจุบันอย่างน้อยปีละ 1 ครั้ง และไม่มีข้อมูลส่วนบุคคล",
        data_source="ศูนย์กลางข้อมูลเปิดภาครัฐ (data.go.th)",
        collection_method="นับชุดข้อมูลที่เผยแพร่และผ่านการตรวจสอบคุณภาพ",
        evidence_required="รายการชุดข้อมูลพร้อมลิงก์; บัญชีข้อมูล",
        lineage=("onep_digital",),
        starts_at=12,
        starts_reason="เริ่มประเมินรอบ 12 เดือน: ศูนย์กลางข้อมูลเปิดภาครัฐฉบับใหม่เปิดให้เผยแพร่ชุดข้อมูลในไตรมาสที่ 3",
        assessment_points=(
            ("ชุดข้อมูลที่เผยแพร่ใหม่บน data.go.th", "ชุดข้อมูล"),
            ("ชุดข้อมูลเดิมที่ปรับปรุงให้เป็นปัจจุบัน", "ชุดข้อมูล"),
            ("ชุดข้อมูลที่มีผู้ดาวน์โหลดอย่างน้อย 100 ครั้ง", "ชุดข้อมูล"),
        ),
    ),
    DemoKpi(
        component=2,
        number="7",
        name_th="ร้อยละของบุคลากรที่ได้รับการพัฒนาตามแผนพัฒนารายบุคคล (IDP) ครบตามเกณฑ์",
        name_en="Staff developed according to their individual development plans",
        unit="ร้อยละ",
        weight=D(10),
        description="บุคลากรที่ได้รับการพัฒนาครบตามแผนพัฒนารายบุคคลอย่างน้อย 10 วันต่อปี",
        scope="ข้าราชการและพนักงานราชการของ สผ. ที่ปฏิบัติงานครบปีงบประมาณ",
        unit_code="secretariat",
        overseer="siriporn",
        collectors=("boonmee",),
        data_items=(
            ("a", "จำนวนบุคลากรที่ได้รับการพัฒนาครบตามแผน", "คน"),
            ("b", "จำนวนบุคลากรทั้งหมด", "คน"),
        ),
        formula="(a / b) * 100",
        levels=_three(("80", "90", "100"), P, ("ร้อยละ 80", "ร้อยละ 90", "ร้อยละ 100")),
        baselines=((2566, "78.5", ""), (2567, "84.2", ""), (2568, "88.9", "")),
        rounds={6: "ผลการพัฒนาครึ่งปี", 12: "ผลการพัฒนาทั้งปีและการประเมินผล"},
        conditions="ไม่นับบุคลากรที่ลาศึกษาต่อหรือลาป่วยเกิน 60 วันในปีงบประมาณ",
        data_source="ระบบสารสนเทศทรัพยากรบุคคล (DPIS)",
        collection_method="สรุปชั่วโมงการพัฒนารายบุคคลจากระบบ",
        evidence_required="แผนพัฒนารายบุคคล; รายงานผลการพัฒนา",
        lineage=("onep_digital",),
        approve=False,
    ),
    DemoKpi(
        component=1,
        number="8",
        name_th="ผลการเบิกจ่ายงบประมาณรายจ่ายประจำปีของ สผ.",
        name_en="Budget disbursed in the fiscal year",
        unit="บาท",
        weight=D(10),
        # Issue 17 items 1 and 9: a target in the billions of baht, entered in baht.
        description=(
            "จำนวนเงินงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2569 ที่ สผ. เบิกจ่ายได้จริงผ่านระบบ "
            "GFMIS ทั้งงบดำเนินงาน งบลงทุน และงบเงินอุดหนุน จากวงเงินที่ได้รับจัดสรร "
            "2,500,000,000 บาท"
        ),
        scope="งบประมาณที่ได้รับจัดสรรตามพระราชบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2569 ทุกงบรายจ่าย",
        unit_code="secretariat",  # its finance group reads GFMIS
        overseer="siriporn",
        collectors=("boonmee",),
        levels=_three(
            ("2250000000", "2375000000", "2500000000"),
            P,
            (
                "เบิกจ่าย 2,250,000,000 บาท (ร้อยละ 90 ของวงเงิน)",
                "เบิกจ่าย 2,375,000,000 บาท (ร้อยละ 95 ของวงเงิน)",
                "เบิกจ่ายครบวงเงิน 2,500,000,000 บาท",
            ),
        ),
        baselines=(
            (2566, "2104385120.50", ""),
            (2567, "2189730455.25", ""),
            (2568, "2268412900.00", "วงเงินจัดสรร 2,400,000,000 บาท"),
        ),
        rounds={
            6: "ผลการเบิกจ่ายสะสมถึงสิ้นไตรมาสที่ 2 (เป้าหมายตามมติคณะรัฐมนตรี ร้อยละ 50)",
            12: "ผลการเบิกจ่ายทั้งปีจากระบบ GFMIS",
        },
        conditions="ไม่นับเงินกันไว้เบิกเหลื่อมปีและงบกลาง",
        data_source="ระบบบริหารการเงินการคลังภาครัฐแบบอิเล็กทรอนิกส์ (GFMIS)",
        collection_method="รายงานผลการเบิกจ่ายจากระบบ GFMIS ณ วันสิ้นรอบ",
        evidence_required="รายงานผลการเบิกจ่ายจากระบบ GFMIS",
        lineage=("ministry_governance",),
    ),
)


def _five(targets: tuple[str, ...], texts: Sequence[str] = ()) -> tuple[LevelRow, ...]:
    texts = tuple(texts) or ("",) * 5
    return tuple(
        (target, str(i), str(i), text, "")
        for i, (target, text) in enumerate(zip(targets, texts, strict=True), 1)
    )


def _steps(texts: Sequence[str]) -> tuple[LevelRow, ...]:
    return tuple((str(i), str(i), f"ขั้นที่ {i}", text, "") for i, text in enumerate(texts, 1))


FY2562: tuple[DemoKpi, ...] = (
    DemoKpi(
        component=1,
        number="1",
        name_th="ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กฎหมายกำหนด",
        name_en="",
        unit="ร้อยละ",
        weight=D(20),
        description="รายงาน EIA ที่ คชก. พิจารณาแล้วเสร็จภายใน 45 วันตามมาตรา 50",
        scope="รายงานที่ครบกำหนดพิจารณาในปีงบประมาณ พ.ศ. 2562",
        unit_code="eia",
        overseer="supachai",
        collectors=("nattaya",),
        data_items=(("a", "รายงานที่เสร็จตามกำหนด", "ฉบับ"), ("b", "รายงานที่ครบกำหนด", "ฉบับ")),
        formula="(a / b) * 100",
        method="scale5",
        levels=_five(("70", "75", "80", "85", "90")),
        baselines=((2559, "71.2", ""), (2560, "74.5", ""), (2561, "79.8", "")),
        rounds={6: "ผลรอบ 6 เดือน", 12: "ผลทั้งปี"},
        conditions="นับระยะเวลาตั้งแต่วันที่ได้รับรายงานที่ถูกต้องครบถ้วน",
        data_source="ทะเบียนรายงาน EIA",
        collection_method="สรุปจากทะเบียนรับรายงานและมติ คชก. รายเดือน",
        evidence_required="ทะเบียนรายงานและมติ คชก.",
    ),
    DemoKpi(
        component=2,
        number="2",
        name_th="ระดับความสำเร็จของการจัดทำแผนจัดการคุณภาพสิ่งแวดล้อม พ.ศ. 2560–2564",
        name_en="",
        unit="ระดับ",
        weight=D(20),
        description="การจัดทำและเสนอแผนจัดการคุณภาพสิ่งแวดล้อมตามมาตรา 35",
        scope="แผนจัดการคุณภาพสิ่งแวดล้อมระดับชาติ",
        unit_code="quality",
        overseer="pornthip",
        collectors=("ratana",),
        method="milestone",
        levels=_steps(
            (
                "ทบทวนสถานการณ์คุณภาพสิ่งแวดล้อม",
                "ยกร่างแผนและรับฟังความคิดเห็น",
                "ปรับปรุงร่างตามความคิดเห็น",
                "เสนอคณะกรรมการสิ่งแวดล้อมแห่งชาติ",
                "ประกาศใช้และถ่ายทอดสู่หน่วยงาน",
            )
        ),
        baselines=(),
        rounds={6: "ผลขั้นที่ 1–3", 12: "ผลครบทุกขั้น"},
        conditions="ต้องดำเนินการครบทุกขั้นก่อนหน้าจึงจะนับขั้นถัดไป",
        data_source="กองจัดการคุณภาพสิ่งแวดล้อม",
        collection_method="รวบรวมเอกสารผลการดำเนินงานแต่ละขั้น",
        evidence_required="ร่างแผน; รายงานการรับฟังความคิดเห็น; มติคณะกรรมการ",
    ),
    DemoKpi(
        component=3,
        number="3",
        name_th="ร้อยละของจังหวัดที่มีแผนปฏิบัติการเพื่อการจัดการคุณภาพสิ่งแวดล้อมที่ผ่านความเห็นชอบ",
        name_en="",
        unit="ร้อยละ",
        weight=D(20),
        description="จังหวัดที่จัดทำแผนปฏิบัติการฯ และผ่านความเห็นชอบจากคณะกรรมการสิ่งแวดล้อมแห่งชาติ",
        scope="ทุกจังหวัด ยกเว้นกรุงเทพมหานคร",
        unit_code="quality",
        overseer="pornthip",
        collectors=("ratana",),
        method="scale5",
        levels=_five(("60", "65", "70", "75", "80")),
        baselines=((2559, "52", ""), (2560, "58", ""), (2561, "63", "")),
        rounds={6: "จำนวนจังหวัดที่ส่งแผน", 12: "จำนวนจังหวัดที่แผนผ่านความเห็นชอบ"},
        conditions="นับเฉพาะแผนที่ผ่านความเห็นชอบภายในปีงบประมาณ",
        data_source="สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด",
        collection_method="รวบรวมหนังสือแจ้งผลการพิจารณาแผนรายจังหวัด",
        evidence_required="หนังสือแจ้งผลความเห็นชอบ",
    ),
    DemoKpi(
        component=4,
        number="4",
        name_th="ระดับความสำเร็จของการพัฒนาระบบยื่นรายงาน EIA ทางอิเล็กทรอนิกส์",
        name_en="",
        unit="ระดับ",
        weight=D(20),
        description="นวัตกรรมการให้บริการ: ผู้ยื่นรายงานยื่นและติดตามผลทางออนไลน์",
        scope="ระบบ EIA Online ระยะที่ 1",
        unit_code="ict",
        overseer="thawat",
        collectors=("suda",),
        method="milestone",
        levels=_steps(
            (
                "ศึกษาความต้องการและออกแบบระบบ",
                "พัฒนาระบบต้นแบบ",
                "ทดสอบกับผู้ใช้งานจริง",
                "เปิดให้บริการ",
                "ประเมินความพึงพอใจไม่น้อยกว่าร้อยละ 80",
            )
        ),
        baselines=(),
        rounds={6: "ผลขั้นที่ 1–2", 12: "ผลครบทุกขั้น"},
        conditions="ต้องดำเนินการครบทุกขั้นก่อนหน้าจึงจะนับขั้นถัดไป",
        data_source="ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
        collection_method="รวบรวมเอกสารการพัฒนาระบบและผลสำรวจความพึงพอใจ",
        evidence_required="เอกสารออกแบบ; รายงานการทดสอบ; ผลสำรวจความพึงพอใจ",
    ),
    DemoKpi(
        component=5,
        number="5",
        name_th="ร้อยละของบุคลากรที่ได้รับการพัฒนาตามแผนพัฒนาบุคลากร",
        name_en="",
        unit="ร้อยละ",
        weight=D(20),
        description="บุคลากรที่ได้รับการพัฒนาตามแผนพัฒนาบุคลากรประจำปี",
        scope="ข้าราชการของ สผ.",
        unit_code="secretariat",
        overseer="siriporn",
        collectors=("boonmee",),
        data_items=(("a", "บุคลากรที่ได้รับการพัฒนา", "คน"), ("b", "บุคลากรทั้งหมด", "คน")),
        formula="(a / b) * 100",
        method="scale5",
        levels=_five(("80", "85", "90", "95", "100")),
        baselines=((2559, "81", ""), (2560, "86", ""), (2561, "90", "")),
        rounds={6: "ผลครึ่งปี", 12: "ผลทั้งปี"},
        conditions="นับเฉพาะการพัฒนาที่มีหลักฐานการเข้าร่วมครบถ้วน",
        data_source="ระบบสารสนเทศทรัพยากรบุคคล (DPIS)",
        collection_method="สรุปผลการพัฒนาจากระบบและทะเบียนการฝึกอบรม",
        evidence_required="รายงานผลการพัฒนาบุคลากร",
    ),
)


# The years the sheets above are written for (moved to the demo's years when loaded).
FY2569_BASE = 2569
FY2562_BASE = 2562


def first_approval(fiscal_year: int) -> datetime.date:
    """When the demo's sheets (version 1, the only version the demo approves) were approved:
    early in their fiscal year (15 October), after the committee's meeting and before the
    6-month round's period end."""
    return FiscalYear(fiscal_year).start + datetime.timedelta(days=14)


def for_year(specs: Sequence[DemoKpi], base: int, year: int) -> tuple[DemoKpi, ...]:
    """The sheets written for FY `base` as they read in FY `year`."""
    if base == year:
        return tuple(specs)
    return tuple(
        replace(
            spec,
            name_th=shift_be_years(spec.name_th, base, year),
            description=shift_be_years(spec.description, base, year),
            scope=shift_be_years(spec.scope, base, year),
            conditions=shift_be_years(spec.conditions, base, year),
            baselines=tuple((y + year - base, v, n) for y, v, n in spec.baselines),
            rounds={m: shift_be_years(t, base, year) for m, t in spec.rounds.items()},
        )
        for spec in specs
    )


def _person(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).first()


def _actor(department: Department, fiscal_year: int) -> AbstractBaseUser | None:
    """The coordinator for the demo year, else the demo administrator (any year)."""
    users = get_user_model().objects
    for username in ("somchai", "admin"):
        user = users.filter(username=username).first()
        if user is None:
            continue
        framework = Framework(department=department, fiscal_year=fiscal_year)
        if permissions_for(user, framework).can_manage:
            return user
    return None


def _lineage(department: Department, keys: Sequence[str]) -> list[PlanItem]:
    try:
        from frameworks.demo import DEMO_PLAN_CODES
    except ImportError:  # pragma: no cover - the frameworks demo ships with the project
        DEMO_PLAN_CODES = {}
    items = [plan_item_by_code(department, DEMO_PLAN_CODES.get(key, key)) for key in keys]
    return [item for item in items if item is not None]


def _origin(spec: DemoKpi) -> dict[str, Any]:
    if spec.origin is None:
        return {}
    relation, code = spec.origin
    strategic, _created = StrategicKpi.objects.get_or_create(
        code=code, defaults=DEMO_STRATEGIC_KPIS[code]
    )
    return {"origin_relation": relation, "strategic_kpi": strategic}


def _load_sheet(
    actor: AbstractBaseUser, framework: Framework, components: dict[int, Component], spec: DemoKpi
) -> None:
    if Kpi.objects.filter(framework=framework, number=spec.number).exists():
        return
    component = components.get(spec.component)
    if component is None:
        return
    department = framework.department
    rounds = {r.months: r for r in framework.rounds.all()}
    collectors = [p for p in (_person(u) for u in spec.collectors) if p is not None]
    kpi = services.kpi_create(
        actor,
        framework,
        component=component,
        number=spec.number,
        name_th=spec.name_th,
        name_en=spec.name_en,
        unit=spec.unit,
        weight=spec.weight,
        description=spec.description,
        scope=spec.scope,
        formula=spec.formula,
        method=spec.method,
        direction=spec.direction,
        conditions=spec.conditions,
        data_source=spec.data_source,
        collection_method=spec.collection_method,
        evidence_required=spec.evidence_required,
        responsible_unit=OrgUnit.objects.filter(department=department, code=spec.unit_code).first(),
        overseer=_person(spec.overseer),
        data_items=[DataItemInput(code, name, unit) for code, name, unit in spec.data_items],
        levels=[
            LevelInput(D(target), D(score), label, text, evidence)
            for target, score, label, text, evidence in spec.levels
        ],
        baselines=[BaselineInput(year, D(value), note) for year, value, note in spec.baselines],
        round_expectations=[
            RoundExpectationInput(
                rounds[months],
                text,
                in_force=months >= spec.starts_at,
                reason=spec.starts_reason if months < spec.starts_at else "",
            )
            for months, text in spec.rounds.items()
            if months in rounds
        ],
        collectors=collectors,
        lineage=_lineage(department, spec.lineage),
        **_origin(spec),
        assessment_points=[
            AssessmentPointInput(name, unit) for name, unit in spec.assessment_points
        ],
    )
    if spec.approve:
        services.kpi_approve(actor, kpi)


def _load_year(department: Department, fiscal_year: int, specs: Sequence[DemoKpi]) -> None:
    framework = (
        Framework.objects.filter(department=department, fiscal_year=fiscal_year)
        .select_related("department")
        .first()
    )
    actor = _actor(department, fiscal_year)
    if framework is None or actor is None:
        return
    components = {c.order: c for c in framework.components.all()}
    for spec in specs:
        _load_sheet(actor, framework, components, spec)
    _backdate_approvals(framework, specs)


def _backdate_approvals(framework: Framework, specs: Sequence[DemoKpi]) -> None:
    """Demo only: move the approval stamp of the sheets this module approves (kpi_approve sets
    timezone.now()) back to first_approval(). Run on every load, so a database loaded before
    this existed is corrected too; sheets approved elsewhere (the agreements demo locks the
    draft one) are left alone."""
    day = first_approval(framework.fiscal_year)
    approved = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Kpi.objects.filter(
        framework=framework,
        number__in=[spec.number for spec in specs if spec.approve],
        version=1,
        approved_at__isnull=False,
    ).exclude(approved_at=approved).update(approved_at=approved)


def load_demo(agency: str, years: DemoYears | None = None) -> None:
    years = years or DemoYears.of()
    department = Department.objects.filter(code=agency).first()
    if department is None:
        return
    with transaction.atomic():
        _load_year(department, years.last, for_year(FY2569, FY2569_BASE, years.last))
        _load_year(department, years.five_bases, for_year(FY2562, FY2562_BASE, years.five_bases))
