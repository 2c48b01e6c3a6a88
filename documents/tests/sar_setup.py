"""A reporting round for the SAR tests: onep's FY 2569 framework with three KPIs, the 6-month
round opened, two reports accepted (with narrative, evidence and the overseer's approval) and
one still a draft.

KPI 1 (Performance, weight 40): 50 of 50 = 100 % → 100 points × 40 % = 40
KPI 3 (Performance, weight 30): draft → pending ("รอผล")
KPI 2 (Potential, weight 30): 45 of 50 = 90 % → 70 × 30 % = 21
Total 61 → ระดับมาตรฐานขั้นต้น (cut-offs 90 / 75 / 60).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Person
from frameworks.models import ReportingRound
from indicators.models import Kpi
from reporting import services
from reporting.models import Submission
from reporting.services import ActivityInput, SubmissionInput
from reporting.services.evidence_files import evidence_add
from reporting.tests.factories import make_framework, make_kpi, make_round, pdf_bytes, upload

SCORES = ("50", "70", "100")  # the framework's default level scores, so targets align
FIRST_NAME = "ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จ"
SECOND_NAME = "ร้อยละของคำขอที่ดำเนินการแล้วเสร็จ"
PENDING_NAME = "ระดับความสำเร็จของการจัดทำแผนสำนักงาน"
ACTIVITY = "ประชุมคณะกรรมการผู้ชำนาญการ"
ACTIVITY_DETAIL = "จัดประชุม 24 ครั้ง พิจารณารายงานแล้วเสร็จ 50 ฉบับ"
FACTORS = "ระบบติดตามงานแสดงวันครบกำหนดของรายงานทุกฉบับ"
OBSTACLES = "รายงานโครงการขนาดใหญ่ต้องขอข้อมูลเพิ่มเติม"
SUGGESTIONS = "ควรกำหนดแบบฟอร์มข้อมูลขั้นต่ำ"
EVIDENCE_TITLE = "ทะเบียนรายงานที่ครบกำหนดพิจารณา"


@dataclass
class SarRound:
    round: ReportingRound
    first: Kpi
    second: Kpi
    pending: Kpi


def _kpi(framework, number, name, **kwargs) -> Kpi:
    kpi = make_kpi(framework, number, scores=SCORES, **kwargs)
    kpi.name_th = name
    kpi.save(update_fields=["name_th"])
    return kpi


def accepted_round(org, owner, overseer, coordinator) -> SarRound:
    framework = make_framework(org.department)
    overseer_person = Person.objects.get(user=overseer)
    Person.objects.filter(pk=overseer_person.pk).update(
        first_name_th="สุพัฒน์", last_name_th="กำกับดี", title_th="นาย", position="ผู้อำนวยการกอง"
    )
    overseer_person.refresh_from_db()
    first = _kpi(framework, "1", FIRST_NAME, unit=org.eia, weight="40", overseer=overseer_person)
    pending = _kpi(framework, "3", PENDING_NAME, unit=org.eia, weight="30")
    second = _kpi(framework, "2", SECOND_NAME, unit=org.eia, component="potential", weight="30")
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    subs = {s.kpi_id: s for s in Submission.objects.filter(round=round_)}
    _accept(subs[first.pk], owner, overseer, coordinator, 50, 50, evidence=True)
    _accept(subs[second.pk], owner, overseer, coordinator, 45, 50)
    return SarRound(round_, first, second, pending)


def _accept(sub, owner, overseer, coordinator, a, b, *, evidence=False):
    sub.refresh_from_db()
    services.submission_save(
        owner,
        sub,
        SubmissionInput(
            values={"a": Decimal(a), "b": Decimal(b)},
            activities=(ActivityInput(ACTIVITY, ACTIVITY_DETAIL),),
            supporting_factors=FACTORS,
            obstacles=OBSTACLES,
            suggestions=SUGGESTIONS,
        ),
        expected_version=sub.version,
    )
    if evidence:
        evidence_add(owner, sub, upload("register.pdf", pdf_bytes()), title=EVIDENCE_TITLE)
    services.submission_submit(owner, sub)
    services.submission_approve(overseer, sub)
    services.submission_accept(coordinator, sub)
