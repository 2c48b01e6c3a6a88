"""Demo agreement cycles (domain §12), idempotent.

FY 2569: signed, circulated and published (intranet and public page), with its whole history.
FY 2570: the framework is copied from 2569 (frameworks.services.framework_copy), the KPI sheets
are carried over as drafts, the committee has approved them, and the negotiation with OPDC is
in step 2 with one round recorded.

Everything goes through the services, so the history pages show real events; only dates that a
service sets to "today" are moved back afterwards so the finished year reads as it happened.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Department, OrgUnit, Person, Role, RoleAssignment
from agreements import services
from agreements.models import (
    Acknowledgement,
    Agreement,
    DataRequest,
    DataResponse,
    Holiday,
    KpiPosition,
)
from agreements.terms import framework_kpis
from frameworks.models import Framework
from indicators.models import Kpi

# Thai public holidays in the demo years (illustrative list the coordinator maintains).
HOLIDAYS: Sequence[tuple[datetime.date, str]] = (
    (datetime.date(2025, 10, 13), "วันนวมินทรมหาราช"),
    (datetime.date(2025, 10, 23), "วันปิยมหาราช"),
    (datetime.date(2025, 12, 5), "วันคล้ายวันพระบรมราชสมภพ ร.9 และวันพ่อแห่งชาติ"),
    (datetime.date(2025, 12, 10), "วันรัฐธรรมนูญ"),
    (datetime.date(2025, 12, 31), "วันสิ้นปี"),
    (datetime.date(2026, 1, 1), "วันขึ้นปีใหม่"),
    (datetime.date(2026, 10, 13), "วันนวมินทรมหาราช"),
    (datetime.date(2026, 10, 23), "วันปิยมหาราช"),
    (datetime.date(2026, 12, 7), "ชดเชยวันคล้ายวันพระบรมราชสมภพ ร.9"),
    (datetime.date(2026, 12, 10), "วันรัฐธรรมนูญ"),
    (datetime.date(2026, 12, 31), "วันสิ้นปี"),
    (datetime.date(2027, 1, 1), "วันขึ้นปีใหม่"),
)
RECEIVER = ("นายจตุพร บุรุษพัฒน์", "ปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม")


def _user(username: str) -> AbstractBaseUser | None:
    user: AbstractBaseUser | None = get_user_model().objects.filter(username=username).first()
    return user


def _pdf(title: str) -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{title}.pdf", BytesIO(body).read(), content_type="application/pdf")


def _holidays(department: Department) -> None:
    for day, name in HOLIDAYS:
        if not Holiday.objects.filter(department=department, date=day).exists():
            Holiday.objects.create(department=department, date=day, name=name)


def _ensure_role(username: str, role: str, department: Department, year: int) -> None:
    person = Person.objects.filter(user__username=username).first()
    if person is not None:
        RoleAssignment.objects.get_or_create(
            person=person, role=role, fiscal_year=year, department=department, unit=None
        )


def _step1(
    agreement: Agreement, coordinator: AbstractBaseUser, committee: AbstractBaseUser, year: int
) -> None:
    """Guidelines, briefing, data requests answered, submitted, returned once, approved."""
    ce = year - 543 - 1  # the fiscal year starts in October of this C.E. year
    department = agreement.framework.department
    services.guideline_upload(
        coordinator, agreement, upload=_pdf("คู่มือการประเมิน"), title=f"คู่มือการประเมินส่วนราชการ ปี {year}"
    )
    services.briefing_record(
        coordinator,
        agreement,
        held_on=datetime.date(ce, 10, 2),
        title="ประชุมชี้แจงกรอบการประเมินผลการปฏิบัติราชการ",
        attendees="ผู้อำนวยการกองทุกกอง\nผู้ประสานงานตัวชี้วัดของทุกหน่วยงาน\nกลุ่มพัฒนาระบบบริหาร",
        minutes="ชี้แจงกรอบ Performance 70 / Potential 30 และกำหนดส่งข้อมูลภายใน 3 วันทำการ",
    )
    for code, subject, answer in (
        (
            "eia",
            "ผลการพิจารณารายงาน EIA ย้อนหลัง 3 ปี",
            "ปี 2566 ร้อยละ 82, 2567 ร้อยละ 85, 2568 ร้อยละ 88",
        ),
        ("quality", "แผนจัดการคุณภาพสิ่งแวดล้อมและผลการดำเนินงาน", "แนบแผนและรายงานผลแล้ว"),
        ("ict", "สถานะการเปิดเผยข้อมูลบน data.go.th", ""),
    ):
        unit = OrgUnit.objects.filter(department=department, code=code).first()
        if unit is None:
            continue
        # Past due dates are history, not new work: no reminders for them.
        request = DataRequest.objects.create(
            agreement=agreement,
            unit=unit,
            subject=subject,
            due_on=datetime.date(ce, 10, 6),
            created_by_id=coordinator.pk,
        )
        if answer:
            DataResponse.objects.create(
                request=request, author=None, author_name=unit.name_th, text=answer
            )
            DataRequest.objects.filter(pk=request.pk).update(answered_at=timezone.now())
    services.agreement_submit_to_committee(coordinator, agreement)
    first_kpi = (agreement.submitted_snapshot.get("kpis") or [{}])[0]
    if first_kpi.get("key"):
        services.committee_comment_add(
            committee,
            agreement,
            text="ค่าเป้าหมายขั้นต้นควรไม่ต่ำกว่าผลการดำเนินงานปีที่ผ่านมา",
            kpi_key=uuid.UUID(first_kpi["key"]),
        )
    services.committee_resolve(
        committee,
        agreement,
        decision="return",
        meeting_number=f"1/{year - 1}",
        meeting_date=datetime.date(ce, 10, 7),
        text="ให้ทบทวนค่าเป้าหมายของตัวชี้วัดที่ 1 ให้สอดคล้องกับข้อมูลพื้นฐาน",
    )
    services.agreement_submit_to_committee(coordinator, agreement)
    services.committee_resolve(
        committee,
        agreement,
        decision="approve",
        meeting_number=f"2/{year - 1}",
        meeting_date=datetime.date(ce, 10, 9),
        text="เห็นชอบร่างตัวชี้วัดและค่าเป้าหมาย ให้นำไปเจรจากับสำนักงาน ก.พ.ร.",
    )


def _round(
    agreement: Agreement, evaluator: AbstractBaseUser, held_on: datetime.date, *, settle: bool
) -> None:
    round_ = services.negotiation_round_create(
        evaluator,
        agreement,
        held_on=held_on,
        participants="นางสาวกัญญา ประเมินดี (สำนักงาน ก.พ.ร.)\nผู้แทนกลุ่มพัฒนาระบบบริหาร สผ.\n"
        "ผู้อำนวยการกองพิจารณารายงานฯ",
        minutes="สำนักงาน ก.พ.ร. เสนอปรับค่าเป้าหมายตัวชี้วัดที่ 1 ให้ท้าทายขึ้น",
    )
    positions = list(round_.positions.order_by("component__order", "number"))
    for index, position in enumerate(positions):
        if index == 0:
            counter = dict(position.proposed)
            counter["levels"] = [
                {**level, "target": str(Decimal(str(level["target"])) + Decimal(2))}
                if i < len(counter["levels"]) - 1
                else level
                for i, level in enumerate(counter["levels"])
            ]
            try:
                services.position_counter_record(
                    evaluator, position, terms=counter, note="ปรับเป้าหมายให้ท้าทายขึ้น"
                )
            except ValidationError:
                continue
        if settle:
            services.position_settle(evaluator, position, outcome=KpiPosition.Outcome.ACCEPTED)


def _load_2569(department: Department, framework: Framework) -> None:
    coordinator, committee = _user("somchai"), _user("kanya")
    evaluator, executive = _user("kamonwan"), _user("prasert")
    if None in (coordinator, committee, evaluator, executive):
        return
    assert coordinator and committee and evaluator and executive
    agreement = services.agreement_start(
        coordinator, framework, started_on=datetime.date(2025, 10, 1)
    )
    services.agreement_update_settings(
        coordinator,
        agreement,
        started_on=agreement.started_on,
        day_basis=Agreement.DayBasis.WORKING,
        negotiation_due=datetime.date(2025, 11, 14),
        receiver_name=RECEIVER[0],
        receiver_position=RECEIVER[1],
    )
    _step1(agreement, coordinator, committee, 2569)
    services.negotiation_start(coordinator, agreement, started_on=datetime.date(2025, 10, 20))
    _round(agreement, evaluator, datetime.date(2025, 11, 5), settle=True)
    services.agreement_mark_agreed(  # OPDC's evaluator records the agreed summary (§8)
        evaluator,
        agreement,
        summary="สำนักงาน ก.พ.ร. เห็นชอบตัวชี้วัด 7 ตัวตามที่ส่วนราชการเสนอ "
        "น้ำหนัก Performance 70 และ Potential 30",
        agreed_on=datetime.date(2025, 11, 12),
    )
    with contextlib.suppress(ValidationError):  # raised when every sheet is approved already
        services.agreement_lock_kpis(coordinator, agreement)
    services.agreement_sign(
        executive, agreement, signed_on=datetime.date(2025, 11, 20), scan=_pdf("คำรับรองที่ลงนาม")
    )
    services.agreement_circulate(coordinator, agreement)
    for username in ("nattaya", "ratana", "supachai", "pornthip"):
        user = _user(username)
        if (
            user is not None
            and Acknowledgement.objects.filter(
                agreement=agreement, person__user_id=user.pk
            ).exists()
        ):
            services.agreement_acknowledge(user, agreement)
    services.agreement_publish(coordinator, agreement, public=True)
    # Move "today" stamps of the finished year back to when they happened.
    published = timezone.make_aware(datetime.datetime(2025, 11, 25, 10, 0))
    Agreement.objects.filter(pk=agreement.pk).update(
        circulated_on=datetime.date(2025, 11, 21),
        published_at=published,
        public_published_at=published,
    )
    # Sheets approved by the lock are stamped "now": the lock happened on the agreed day.
    locked = timezone.make_aware(datetime.datetime(2025, 11, 13, 10, 0))
    Kpi.objects.filter(framework=framework, approved_at__gt=published).update(approved_at=locked)


def _copy_kpis(actor: AbstractBaseUser, source: Framework, target: Framework) -> None:
    """Carry last year's sheets over as drafts, as they were signed."""
    from indicators.services import kpi_create
    from indicators.validation import LevelInput

    components = {c.code: c for c in target.components.all()}
    for kpi in framework_kpis(source):
        component = components.get(kpi.component.code)
        if component is None or Kpi.objects.filter(framework=target, number=kpi.number).exists():
            continue
        kpi_create(
            actor,
            target,
            component=component,
            number=kpi.number,
            name_th=kpi.name_th,
            name_en=kpi.name_en,
            unit=kpi.unit,
            weight=kpi.weight,
            description=kpi.description,
            method=kpi.method,
            direction=kpi.direction,
            evidence_required=kpi.evidence_required,
            responsible_unit=kpi.responsible_unit,
            overseer=kpi.overseer,
            collectors=list(kpi.collectors.all()),
            levels=[
                LevelInput(
                    level.target, level.score, level.label, level.description, level.evidence
                )
                for level in kpi.levels.all()
            ],
        )


def _load_2570(department: Department, source: Framework) -> None:
    try:
        from frameworks.services import framework_copy
    except ImportError:  # pragma: no cover - the frameworks app ships the copy service
        return
    coordinator, evaluator = _user("somchai"), _user("kamonwan")
    if coordinator is None or evaluator is None:
        return
    framework = Framework.objects.filter(department=department, fiscal_year=2570).first()
    if framework is None:
        framework = framework_copy(coordinator, source, fiscal_year=2570)
    if Agreement.objects.filter(framework=framework).exists():
        return
    # The people who act in 2570's cycle so far: the committee member and OPDC's evaluator.
    _ensure_role("kanya", Role.COMMITTEE, department, 2570)
    _ensure_role("kamonwan", Role.EVALUATOR, department, 2570)
    committee = _user("kanya")
    assert committee is not None
    _copy_kpis(coordinator, source, framework)
    agreement = services.agreement_start(
        coordinator, framework, started_on=datetime.date(2026, 10, 1)
    )
    services.agreement_update_settings(
        coordinator,
        agreement,
        started_on=agreement.started_on,
        day_basis=Agreement.DayBasis.WORKING,
        negotiation_due=datetime.date(2026, 12, 15),
        receiver_name=RECEIVER[0],
        receiver_position=RECEIVER[1],
    )
    _step1(agreement, coordinator, committee, 2570)
    services.negotiation_start(coordinator, agreement, started_on=datetime.date(2026, 10, 15))
    _round(agreement, evaluator, datetime.date(2026, 11, 10), settle=False)


def load_demo(agency: str) -> None:
    department = Department.objects.filter(code=agency).first()
    if department is None:
        return
    source = Framework.objects.filter(department=department, fiscal_year=2569).first()
    if source is None or not Kpi.objects.filter(framework=source).exists():
        return  # the frameworks and indicators demos come first
    with transaction.atomic():
        _holidays(department)
        if not Agreement.objects.filter(framework=source).exists():
            _load_2569(department, source)
        _load_2570(department, source)
