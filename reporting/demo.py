"""Demo reports for the demo department (issue 6 item 10; domain §12), idempotently.

Last year (`accounts.demo.DemoYears.last`, FY 2569 when today is in FY 2570): the 6-month round
is closed, every KPI's report accepted with values, narratives and evidence files, OPDC's
reviewer scores entered, one appeal answered and the results presented to the executives; the
12-month round is closed too, every report accepted (one after being returned once), its SAR
presented to the executives and sent to OPDC, who has scored the first KPIs: one score below the
department's own is open to appeal. The texts are written for FY 2569 and moved to the demo's
year (`shift_be_years`). Everything goes through the services; only "today" stamps are moved
back afterwards so the finished rounds read as they happened. Audit events keep their times.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.demo import DemoYears, shift_be_years
from accounts.models import Department
from frameworks.models import Framework, ReportingRound
from notifications.models import Notification
from reporting import services
from reporting.demo_files import pdf_document, png_chart
from reporting.models import (
    Appeal,
    ExecutivePresentation,
    ReviewerScore,
    RoundState,
    Submission,
)
from reporting.services import ActivityInput, SubmissionInput
from reporting.services.evidence_files import evidence_add
from reporting.services.presentations import presentation_record

D = Decimal


@dataclass(frozen=True)
class DemoReport:
    number: str
    reporter: str  # username of the owner or collector who enters it
    overseer: str
    values: dict[str, str] = field(default_factory=dict)
    result: str | None = None  # for KPIs without a formula
    activities: tuple[tuple[str, str], ...] = ()
    factors: str = ""
    obstacles: str = ""
    suggestions: str = ""
    evidence: tuple[tuple[str, str], ...] = ()  # (title, "pdf" | "png")


SIX: tuple[DemoReport, ...] = (
    DemoReport(
        "1",
        "nattaya",
        "supachai",
        {"a": "121", "b": "131"},
        activities=(
            (
                "ประชุมคณะกรรมการผู้ชำนาญการพิจารณารายงาน EIA (คชก.)",
                "จัดประชุม คชก. 24 ครั้ง พิจารณารายงาน 131 ฉบับ แล้วเสร็จภายในกำหนด 121 ฉบับ",
            ),
            (
                "ติดตามรายงานผ่านระบบ EIA Online",
                "แจ้งเตือนผู้พิจารณาก่อนครบกำหนด 10 วัน และรายงานสถานะต่อผู้อำนวยการกองทุกสัปดาห์",
            ),
        ),
        factors="ระบบ EIA Online แสดงวันครบกำหนดของรายงานทุกฉบับ ทำให้ติดตามได้ทันเวลา",
        obstacles="รายงานโครงการขนาดใหญ่ 13 ฉบับต้องขอข้อมูลเพิ่มเติมจากหน่วยงานอนุญาต",
        suggestions="ควรกำหนดแบบฟอร์มข้อมูลขั้นต่ำที่ผู้ยื่นต้องส่งพร้อมรายงาน",
        evidence=(
            ("ทะเบียนรายงานที่ครบกำหนดพิจารณา ณ 31 มี.ค. 2569", "pdf"),
            ("สรุปมติ คชก. ครั้งที่ 1–24/2569", "pdf"),
        ),
    ),
    DemoReport(
        "2",
        "kittipong",
        "supachai",
        {"a": "3712", "b": "58"},
        activities=(
            (
                "ปรับขั้นตอนการตรวจสอบความครบถ้วนของรายงาน",
                "ใช้แบบตรวจสอบ (checklist) ในขั้นรับรายงาน ลดการส่งกลับแก้ไขจาก 2.1 เป็น 1.4 ครั้งต่อฉบับ",
            ),
            ("จัดกลุ่มพิจารณารายงานตามประเภทโครงการ", "รายงานพลังงานและเหมืองแร่พิจารณาโดยกลุ่มเฉพาะ"),
        ),
        factors="มีผู้เชี่ยวชาญเฉพาะด้านครบทุกประเภทโครงการ",
        obstacles="ช่วงเดือนธันวาคมมีวันหยุดต่อเนื่อง ทำให้การประชุม คชก. เลื่อนออกไป",
        suggestions="ขยายการประชุมทางไกลให้ครอบคลุมทุกคณะ",
        evidence=(
            ("ตารางคำนวณระยะเวลาพิจารณารายโครงการ", "pdf"),
            ("แผนภูมิระยะเวลาเฉลี่ยรายเดือน", "png"),
        ),
    ),
    DemoReport(
        "3",
        "ratana",
        "pornthip",
        result="3",
        activities=(
            ("จัดทำแผนการขับเคลื่อนแผนปฏิบัติการ", "เสนอผู้บริหารเห็นชอบเมื่อ 15 ธันวาคม 2568"),
            ("ประชุมชี้แจงหน่วยงานภาคี", "จัดประชุม 2 ครั้ง มีหน่วยงานเข้าร่วม 42 หน่วยงาน"),
            ("รวบรวมแผนงานโครงการของภาคี", "ได้รับแผนงานโครงการรองรับจาก 36 หน่วยงาน (ร้อยละ 85.7)"),
        ),
        factors="ผู้บริหารให้ความสำคัญและมอบหมายผู้ประสานงานของทุกหน่วยงาน",
        obstacles="บางหน่วยงานยังไม่ได้รับจัดสรรงบประมาณสำหรับโครงการรองรับ",
        suggestions="ควรผูกโยงโครงการรองรับกับการขอตั้งงบประมาณประจำปี",
        evidence=(("แผนการขับเคลื่อนแผนปฏิบัติการ", "pdf"), ("รายงานการประชุมชี้แจงภาคี", "pdf")),
    ),
    DemoReport(
        "4",
        "pichit",
        "anan",
        {"bau": "372.5", "actual": "309.6"},
        activities=(
            ("รวบรวมข้อมูลจากระบบ MRV", "ได้รับข้อมูลภาคพลังงาน คมนาคม และของเสียครบถ้วน"),
            ("ประชุมคณะทำงานตัวชี้วัดร่วม", "ทบทวนวิธีคำนวณกรณีปกติ (BAU) ร่วมกับหน่วยงานร่วม 4 แห่ง"),
        ),
        factors="หน่วยงานร่วมส่งข้อมูลตรงเวลา",
        obstacles="ข้อมูลภาคของเสียเป็นตัวเลขเบื้องต้น ยังไม่ผ่านการทวนสอบ",
        suggestions="เร่งการทวนสอบข้อมูลภาคของเสียก่อนรอบ 12 เดือน",
        evidence=(("รายงานผลการลดก๊าซเรือนกระจก (เบื้องต้น)", "pdf"),),
    ),
    DemoReport(
        "5",
        "suda",
        "thawat",
        {"a": "15", "b": "22"},
        activities=(
            ("พัฒนาระบบยื่นคำขอออนไลน์", "เปิดให้บริการแบบเบ็ดเสร็จเพิ่ม 4 กระบวนงาน รวม 15 กระบวนงาน"),
            ("เชื่อมต่อระบบชำระเงินอิเล็กทรอนิกส์", "เชื่อมกับระบบของกรมบัญชีกลางแล้ว"),
        ),
        factors="ได้รับงบประมาณพัฒนาระบบตามแผนดิจิทัล",
        obstacles="บางกระบวนงานต้องแก้ไขระเบียบก่อนให้บริการออนไลน์ได้",
        suggestions="เสนอแก้ไขระเบียบที่กำหนดให้ยื่นเอกสารฉบับจริง",
        evidence=(("ภาพหน้าจอระบบบริการออนไลน์", "png"), ("สถิติการใช้บริการ ต.ค. 68 – มี.ค. 69", "pdf")),
    ),
    DemoReport(
        "6",
        "suda",
        "thawat",
        result="23",
        activities=(("จัดทำคำอธิบายข้อมูล (metadata)", "จัดทำครบ 23 ชุดข้อมูลและเผยแพร่บน data.go.th"),),
        factors="มีบัญชีข้อมูลของหน่วยงานครบถ้วน",
        obstacles="ชุดข้อมูลเชิงพื้นที่ต้องตรวจสอบข้อมูลส่วนบุคคลก่อนเผยแพร่",
        suggestions="จัดอบรมเจ้าของข้อมูลเรื่องการเปิดเผยข้อมูล",
        evidence=(("รายการชุดข้อมูลพร้อมลิงก์", "pdf"),),
    ),
    DemoReport(
        "7",
        "boonmee",
        "siriporn",
        {"a": "425", "b": "468"},
        activities=(
            ("จัดทำแผนพัฒนารายบุคคล (IDP)", "บุคลากรจัดทำ IDP ครบ 468 คน"),
            ("หลักสูตรพัฒนาผ่านระบบออนไลน์", "บุคลากร 425 คนพัฒนาครบตามแผนครึ่งปี"),
        ),
        factors="มีหลักสูตรออนไลน์ของสำนักงาน ก.พ. ให้เลือกหลากหลาย",
        obstacles="บุคลากรภาคสนามมีเวลาเข้าหลักสูตรจำกัด",
        suggestions="เพิ่มหลักสูตรสั้นที่เรียนผ่านโทรศัพท์ได้",
        evidence=(("รายงานผลการพัฒนาบุคลากรรายบุคคล", "pdf"),),
    ),
    DemoReport(
        "8",
        "boonmee",
        "siriporn",
        result="1287450320.75",
        activities=(
            ("เร่งรัดการก่อหนี้ผูกพัน", "ลงนามสัญญางบลงทุนครบทุกรายการภายในเดือนมกราคม 2569"),
            ("ติดตามผลการเบิกจ่ายรายสัปดาห์", "รายงานผลการเบิกจ่ายต่อผู้บริหารทุกวันจันทร์"),
        ),
        factors="หน่วยงานส่งแผนการใช้จ่ายงบประมาณรายเดือนครบทุกหน่วยงาน",
        obstacles="งบลงทุนบางรายการต้องรอการตรวจรับงานงวดสุดท้าย",
        suggestions="ควรวางแผนจัดซื้อจัดจ้างตั้งแต่ก่อนเริ่มปีงบประมาณ",
        evidence=(("รายงานผลการเบิกจ่ายจากระบบ GFMIS ณ 31 มี.ค. 2569", "pdf"),),
    ),
)

REVIEW_SIX: dict[str, tuple[str, str]] = {
    "2": ("60", "ไม่นับรายงาน 3 ฉบับที่ผู้ยื่นขอขยายเวลาชี้แจง ระยะเวลาเฉลี่ยจึงเพิ่มขึ้น"),
    "5": ("55", "กระบวนงาน 1 รายการยังต้องมาติดต่อด้วยตนเองในขั้นรับผล"),
}

# 12 months, every report accepted; "returned": the coordinator returned it once first.
TWELVE: tuple[tuple[DemoReport, str], ...] = (
    (
        DemoReport(
            "1",
            "nattaya",
            "supachai",
            {"a": "241", "b": "262"},
            activities=(
                ("ประชุม คชก.", "จัดประชุม 49 ครั้ง พิจารณารายงาน 262 ฉบับ แล้วเสร็จตามกำหนด 241 ฉบับ"),
            ),
            factors="ติดตามผ่านระบบ EIA Online ทุกสัปดาห์",
            obstacles="รายงานโครงการท่าเรือ 2 ฉบับต้องรับฟังความคิดเห็นเพิ่มเติม",
            evidence=(("ทะเบียนรายงานที่ครบกำหนดพิจารณาทั้งปี", "pdf"),),
        ),
        "accepted",
    ),
    (
        DemoReport(
            "2",
            "kittipong",
            "supachai",
            {"a": "7080", "b": "118"},
            activities=(("วิเคราะห์ระยะเวลาพิจารณารายโครงการ", "เฉลี่ย 60 วันทำการ"),),
            evidence=(("ตารางคำนวณระยะเวลาพิจารณา", "pdf"),),
        ),
        "returned",
    ),
    (
        DemoReport(
            "3",
            "ratana",
            "pornthip",
            result="4",
            activities=(("ติดตามและประเมินผลรอบ 12 เดือน", "รวบรวมผลจากภาคี 38 หน่วยงาน"),),
            factors="ภาคีรายงานผลผ่านแบบฟอร์มออนไลน์",
            evidence=(("รายงานผลการติดตามรอบ 12 เดือน", "pdf"),),
        ),
        "accepted",
    ),
    (
        DemoReport(
            "4",
            "pichit",
            "anan",
            {"bau": "745.0", "actual": "607.2"},
            activities=(("ทวนสอบข้อมูลทุกภาค", "ข้อมูลภาคของเสียผ่านการทวนสอบแล้ว"),),
            evidence=(("รายงานผลการลดก๊าซเรือนกระจกที่ผ่านการทวนสอบ", "pdf"),),
        ),
        "accepted",
    ),
    (
        DemoReport(
            "5",
            "suda",
            "thawat",
            {"a": "17", "b": "22"},
            activities=(("เปิดบริการออนไลน์เพิ่ม", "เพิ่มอีก 3 กระบวนงาน รวม 17 กระบวนงาน"),),
            evidence=(("ภาพหน้าจอบริการใหม่", "png"),),
        ),
        "accepted",
    ),
    (
        DemoReport(
            "6",
            "suda",
            "thawat",
            result="27",
            activities=(("เผยแพร่ชุดข้อมูลเพิ่ม", "รวม 27 ชุดข้อมูลบน data.go.th"),),
            evidence=(("รายการชุดข้อมูลทั้งปีพร้อมลิงก์", "pdf"),),
        ),
        "accepted",
    ),
    (
        DemoReport(
            "7",
            "boonmee",
            "siriporn",
            {"a": "441", "b": "468"},
            activities=(("ติดตามผลการพัฒนาตาม IDP", "บุคลากร 441 คนพัฒนาครบตามแผนทั้งปี"),),
            evidence=(("รายงานผลการพัฒนาบุคลากรทั้งปี", "pdf"),),
        ),
        "accepted",
    ),
    (
        DemoReport(
            "8",
            "boonmee",
            "siriporn",
            result="2398765432.10",
            activities=(("ปิดบัญชีสิ้นปีงบประมาณ", "เบิกจ่ายทั้งปี 2,398,765,432.10 บาท"),),
            evidence=(("รายงานผลการเบิกจ่ายทั้งปีจากระบบ GFMIS", "pdf"),),
        ),
        "accepted",
    ),
)
# OPDC's first scores of the 12-month round (the rest still with OPDC): KPI 5 below the
# department's own score, so the appeal window is open.
REVIEW_TWELVE: dict[str, tuple[str | None, str]] = {
    "1": (None, "ผลการดำเนินงานและหลักฐานครบถ้วน"),
    "5": ("55", "กระบวนงาน 2 รายการยังต้องมาติดต่อด้วยตนเองในขั้นรับผล"),
}
# The rounds' results presented to the executives after closing: (month, day, meeting, note)
# by round months; the meeting is numbered in the fiscal year it is held in.
PRESENTATIONS: dict[int, tuple[int, int, str, str]] = {
    6: (
        5,
        20,
        "การประชุมผู้บริหาร สผ. ครั้งที่ 5/{year}",
        "นำเสนอผลการดำเนินงานรอบ 6 เดือนและรายงานการประเมินตนเอง (SAR) ผู้บริหารรับทราบ",
    ),
    12: (
        11,
        5,
        "การประชุมผู้บริหาร สผ. ครั้งที่ 1/{year}",
        "นำเสนอผลการดำเนินงานรอบ 12 เดือนและรายงานการประเมินตนเอง (SAR) ผู้บริหารรับทราบ "
        "ส่ง SAR ให้สำนักงาน ก.พ.ร. ทางระบบ e-SAR แล้ว",
    ),
}
# The texts below are written for this fiscal year (moved to the demo's last year).
BASE_YEAR = 2569

RETURN_COMMENT = (
    "จำนวนรายงานที่ คชก. มีมติไม่ตรงกับทะเบียนมติ (ทะเบียนระบุ 121 ฉบับ) "
    "กรุณาตรวจสอบและแนบตารางคำนวณรายโครงการให้ครบทุกฉบับ"
)


def _user(username: str) -> AbstractBaseUser | None:
    user: AbstractBaseUser | None = get_user_model().objects.filter(username=username).first()
    return user


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _file(title: str, kind: str, kpi_number: str, round_: ReportingRound) -> SimpleUploadedFile:
    if kind == "png":
        content = png_chart([12, 18, 22, 19, 25, 28][: 4 + int(kpi_number) % 3])
        return SimpleUploadedFile(f"{title}.png", content, content_type="image/png")
    content = pdf_document(
        [
            "ONEP - Office of Natural Resources and Environmental Policy and Planning",
            f"KPI {kpi_number} - supporting evidence (demo)",
            f"Reporting round: {round_.months} months, FY {round_.framework.fiscal_year}",
        ]
    )
    return SimpleUploadedFile(f"{title}.pdf", content, content_type="application/pdf")


def _enter(submission: Submission, spec: DemoReport, reporter: AbstractBaseUser) -> Submission:
    submission.refresh_from_db()
    year = submission.round.framework.fiscal_year

    def text(value: str) -> str:
        return shift_be_years(value, BASE_YEAR, year)

    data = SubmissionInput(
        values={code: D(value) for code, value in spec.values.items()},
        direct_result=D(spec.result) if spec.result is not None else None,
        activities=tuple(
            ActivityInput(text(title), text(detail)) for title, detail in spec.activities
        ),
        supporting_factors=spec.factors,
        obstacles=spec.obstacles,
        suggestions=spec.suggestions,
    )
    saved = services.submission_save(
        reporter, submission, data, expected_version=submission.version
    )
    for title, kind in spec.evidence:
        title = text(title)
        evidence_add(
            reporter, saved, _file(title, kind, spec.number, submission.round), title=title
        )
    return saved


def _by_number(round_: ReportingRound) -> dict[str, Submission]:
    return {s.kpi.number: s for s in Submission.objects.filter(round=round_).select_related("kpi")}


def _six(
    round_: ReportingRound,
    coordinator: AbstractBaseUser,
    evaluator: AbstractBaseUser | None,
    years: DemoYears,
) -> None:
    year = round_.framework.fiscal_year
    started = timezone.now()
    services.round_open(coordinator, round_)
    subs = _by_number(round_)
    for spec in SIX:
        reporter, overseer = _user(spec.reporter), _user(spec.overseer)
        submission = subs.get(spec.number)
        if submission is None or reporter is None or overseer is None:
            continue
        saved = _enter(submission, spec, reporter)
        services.submission_submit(reporter, saved)
        services.submission_approve(overseer, saved)
        services.submission_accept(coordinator, saved)
    services.round_close(coordinator, round_, confirmed=True)
    if evaluator is not None:
        for number, submission in _by_number(round_).items():
            if submission.state != Submission.State.ACCEPTED:
                continue
            score, comment = REVIEW_SIX.get(number, (None, "ผลการดำเนินงานและหลักฐานครบถ้วน"))
            services.reviewer_score_set(
                evaluator,
                submission,
                score=D(score) if score is not None else submission.self_score,
                comment=comment,
            )
        appealed = _by_number(round_).get("2")
        if appealed is not None and appealed.state == Submission.State.ACCEPTED:
            appeal = services.appeal_file(
                coordinator,
                appealed,
                reason="รายงาน 3 ฉบับที่ขอขยายเวลาได้หักช่วงเวลารอคำชี้แจงตามเงื่อนไขของตัวชี้วัดแล้ว "
                "จึงขอให้ใช้ระยะเวลาเฉลี่ยตามที่รายงาน",
                requested_score=appealed.self_score,
                uploads=[_file("หนังสือขยายเวลาชี้แจง 3 ฉบับ", "pdf", "2", round_)],
            )
            services.appeal_answer(
                evaluator,
                appeal,
                answer="ตรวจสอบแล้ว การหักช่วงเวลาเป็นไปตามเงื่อนไขของตัวชี้วัด ปรับคะแนนตามคำอุทธรณ์",
                new_score=appealed.self_score,
            )
    # Move "today" stamps back to when the round happened (April–June of the year).
    day = years.day
    RoundState.objects.filter(round=round_).update(
        opened_at=_aware(day(year, 4, 1)), closed_at=_aware(day(year, 5, 8))
    )
    Submission.objects.filter(round=round_).update(
        submitted_at=_aware(day(year, 4, 24)),
        approved_at=_aware(day(year, 4, 27)),
        accepted_at=_aware(day(year, 4, 30)),
        updated_at=_aware(day(year, 4, 30)),
    )
    ReviewerScore.objects.filter(submission__round=round_).update(
        scored_at=_aware(day(year, 6, 15))
    )
    Appeal.objects.filter(submission__round=round_).update(answered_at=_aware(day(year, 6, 25)))
    # Everyone has long read the finished round's notifications.
    Notification.objects.filter(
        kind__startswith="reporting.", created_at__gte=started, read_at__isnull=True
    ).update(read_at=_aware(day(year, 6, 30)))


def _presentation(round_: ReportingRound, coordinator: AbstractBaseUser, years: DemoYears) -> None:
    """Record, once, that the closed round's results went to the executives. Checked on its own
    (not only when the round is first loaded) so a database loaded before this record existed
    gets it on the next load_demo."""
    if ExecutivePresentation.objects.filter(round=round_).exists():
        return
    spec = PRESENTATIONS.get(round_.months)
    if spec is None:
        return
    month, day_of_month, meeting, note = spec
    # The round's own fiscal year, or the next one for the 12-month round (held in November);
    # never after today (the service refuses a future date).
    held_in = round_.framework.fiscal_year + (1 if month >= 10 else 0)
    presented_on = years.day(held_in, month, day_of_month)
    presentation = presentation_record(
        coordinator,
        round_,
        presented_on=presented_on,
        meeting=meeting.format(year=held_in),
        note=note,
    )
    ExecutivePresentation.objects.filter(pk=presentation.pk).update(
        recorded_at=_aware(presentation.presented_on, 16)
    )


def _twelve(
    round_: ReportingRound,
    coordinator: AbstractBaseUser,
    evaluator: AbstractBaseUser | None,
    years: DemoYears,
) -> None:
    """Every report accepted (KPI 2 after being returned once), the round closed, the first
    reviewer scores in. The round's reports come in October of the next fiscal year."""
    started = timezone.now()
    next_year = round_.framework.fiscal_year + 1
    day = years.day
    services.round_open(coordinator, round_)
    subs = _by_number(round_)
    for spec, history in TWELVE:
        reporter, overseer = _user(spec.reporter), _user(spec.overseer)
        submission = subs.get(spec.number)
        if submission is None or reporter is None or overseer is None:
            continue
        saved = _enter(submission, spec, reporter)
        services.submission_submit(reporter, saved)
        services.submission_approve(overseer, saved)
        if history == "returned":
            services.submission_return(coordinator, saved, comment=RETURN_COMMENT)
            saved.refresh_from_db()
            saved = services.submission_save(
                reporter,
                saved,
                SubmissionInput(
                    values={"a": D("7020"), "b": D("118")},
                    activities=tuple(ActivityInput(t, d) for t, d in spec.activities),
                    supporting_factors="แนบตารางคำนวณรายโครงการครบทุกฉบับแล้ว",
                ),
                expected_version=saved.version,
            )
            services.submission_submit(reporter, saved)
            services.submission_approve(overseer, saved)
        services.submission_accept(coordinator, saved)
    services.round_close(coordinator, round_)
    opened, closed = years.start(next_year), day(next_year, 10, 31)
    RoundState.objects.filter(round=round_).update(
        opened_at=_aware(opened), closed_at=_aware(closed)
    )
    Submission.objects.filter(round=round_).update(
        submitted_at=_aware(day(next_year, 10, 20)),
        approved_at=_aware(day(next_year, 10, 23)),
        accepted_at=_aware(day(next_year, 10, 27)),
        updated_at=_aware(day(next_year, 10, 27)),
    )
    Notification.objects.filter(
        kind__startswith="reporting.", created_at__gte=started, read_at__isnull=True
    ).update(read_at=_aware(closed))
    if evaluator is None:
        return
    by_number = _by_number(round_)
    for number, (score, comment) in REVIEW_TWELVE.items():
        submission = by_number.get(number)
        if submission is None or submission.state != Submission.State.ACCEPTED:
            continue
        services.reviewer_score_set(
            evaluator,
            submission,
            score=D(score) if score is not None else submission.self_score,
            comment=comment,
        )
    # OPDC scored them two days ago (not before the round closed): the appeal window is open.
    scored = max(closed, years.today - datetime.timedelta(days=2))
    ReviewerScore.objects.filter(submission__round=round_).update(scored_at=_aware(scored))


def load_demo(agency: str, years: DemoYears | None = None) -> None:
    years = years or DemoYears.of()
    department = Department.objects.filter(code=agency).first()
    framework = Framework.objects.filter(department=department, fiscal_year=years.last).first()
    coordinator, evaluator = _user("somchai"), _user("kamonwan")
    if department is None or framework is None or coordinator is None:
        return
    rounds = {r.months: r for r in framework.rounds.all()}
    closed = RoundState.State.CLOSED
    with transaction.atomic():
        six, twelve = rounds.get(6), rounds.get(12)
        if six is not None and not RoundState.objects.filter(round=six).exists():
            _six(six, coordinator, evaluator, years)
        if twelve is not None and not RoundState.objects.filter(round=twelve).exists():
            _twelve(twelve, coordinator, evaluator, years)
        for round_ in (six, twelve):
            if (
                round_ is not None
                and RoundState.objects.filter(round=round_, state=closed).exists()
            ):
                _presentation(round_, coordinator, years)


def reopen_last_round(agency: str = "onep", years: DemoYears | None = None) -> ReportingRound:
    """For tests and the load test that need a round taking reports (the demo has none: last
    year's rounds are closed): put last year's 12-month round back to its reporting weeks —
    open, KPI 1's report submitted (waiting for its overseer), KPI 2's returned to its reporters,
    KPI 3's approved by its overseer (waiting for the coordinator), KPI 4's and 5's drafts;
    nothing scored or presented yet. Rows are written directly: a test fixture, not a story."""
    years = years or DemoYears.of()
    state = RoundState.objects.select_related("round").get(
        round__framework__department__code=agency,
        round__framework__fiscal_year=years.last,
        round__months=12,
    )
    RoundState.objects.filter(pk=state.pk).update(
        state=RoundState.State.OPEN, closed_at=None, closed_by=None
    )
    ExecutivePresentation.objects.filter(round=state.round).delete()
    ReviewerScore.objects.filter(submission__round=state.round).delete()
    S = Submission.State
    for number, rewound in (
        ("1", S.SUBMITTED),
        ("2", S.RETURNED),
        ("3", S.OVERSEER_APPROVED),
        ("4", S.DRAFT),
        ("5", S.DRAFT),
    ):
        stamps: dict[str, object] = {"accepted_at": None, "accepted_by": None}
        if rewound != S.OVERSEER_APPROVED:
            stamps |= {"approved_at": None, "approved_by": None}
        if rewound == S.DRAFT:
            stamps |= {"submitted_at": None, "submitted_by": None}
        Submission.objects.filter(round=state.round, kpi__number=number).update(
            state=rewound, **stamps
        )
    return state.round
