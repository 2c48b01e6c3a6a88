"""Demo agreement cycles (domain §12), idempotent. Years and dates come from one day
(`accounts.demo.DemoYears`; FY 2569 and 2570 when today is in FY 2570):

Last year (N−1): signed, circulated and published (intranet and public page), with its whole
history. The current year (N): the framework is copied from last year's
(frameworks.services.framework_copy), the KPI sheets are carried over as drafts, the committee has
approved them, and the negotiation with OPDC is in step 2 with one round recorded and OPDC's
counter-proposal on the table; the divisions are asked for the data the negotiation needs.

Everything goes through the services, so the history pages show real events; only dates that a
service sets to "today" are moved back afterwards so the finished year reads as it happened.
Dates of the current year are never later than the demo's today (early in October everything
happened on the first days of the year).
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

from accounts.demo import DemoYears
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
from indicators.demo import FY2569
from indicators.models import Kpi

# Thai public holidays (illustrative list the coordinator maintains): (month, day, name), in
# last year and the current year.
HOLIDAYS: Sequence[tuple[int, int, str]] = (
    (10, 13, "วันนวมินทรมหาราช"),
    (10, 23, "วันปิยมหาราช"),
    (12, 5, "วันคล้ายวันพระบรมราชสมภพ ร.9 และวันพ่อแห่งชาติ"),
    (12, 10, "วันรัฐธรรมนูญ"),
    (12, 31, "วันสิ้นปี"),
    (1, 1, "วันขึ้นปีใหม่"),
    (4, 13, "วันสงกรานต์"),
    (5, 1, "วันแรงงานแห่งชาติ"),
)
# Units asked, during the negotiation, for the data OPDC wants (due a week after today).
NEGOTIATION_REQUESTS: Sequence[tuple[str, str]] = (
    ("eia", "สถิติการพิจารณารายงาน EIA รายเดือนประกอบข้อเสนอปรับค่าเป้าหมายของสำนักงาน ก.พ.ร."),
    ("eia-energy", "ระยะเวลาพิจารณารายงานโครงการพลังงานรายโครงการ ประกอบการเจรจา"),
    ("quality", "ผลการขับเคลื่อนแผนปฏิบัติการของหน่วยงานภาคี ประกอบการเจรจา"),
    ("international", "ข้อมูลการลดก๊าซเรือนกระจกที่ผ่านการทวนสอบ ประกอบการเจรจา"),
    ("ict", "รายชื่อกระบวนงานที่จะเปิดบริการออนไลน์ในปีนี้ ประกอบการเจรจา"),
    ("secretariat", "แผนพัฒนาบุคลากรรายบุคคลของปีนี้ ประกอบการเจรจา"),
    ("planning", "งบประมาณที่ได้รับจัดสรรของโครงการตามตัวชี้วัด ประกอบการเจรจา"),
    ("natural", "แผนการดำเนินงานด้านสิ่งแวดล้อมธรรมชาติและศิลปกรรม ประกอบการเจรจา"),
    ("finance", "ผลการเบิกจ่ายงบประมาณย้อนหลัง 3 ปี ประกอบการเจรจา"),
)
RECEIVER = ("นายจตุพร บุรุษพัฒน์", "ปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม")
# The agreement's receivers (issue 17 item 7): the minister and the permanent secretary receive
# it, the department's head (the signer, เลขาธิการ) gives it. The minister's name is invented.
MINISTER = ("นายสุรศักดิ์ พิทักษ์ไพร", "รัฐมนตรีว่าการกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม")
RECEIVERS = (MINISTER, RECEIVER)


def _user(username: str) -> AbstractBaseUser | None:
    user: AbstractBaseUser | None = get_user_model().objects.filter(username=username).first()
    return user


def _pdf(title: str) -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{title}.pdf", BytesIO(body).read(), content_type="application/pdf")


def _holidays(department: Department, years: DemoYears) -> None:
    for fiscal_year in years.role_years:
        start = years.start(fiscal_year)
        for month, day_of_month, name in HOLIDAYS:
            year = start.year if month >= start.month else start.year + 1
            day = datetime.date(year, month, day_of_month)
            if not Holiday.objects.filter(department=department, date=day).exists():
                Holiday.objects.create(department=department, date=day, name=name)


def _ensure_role(username: str, role: str, department: Department, year: int) -> None:
    person = Person.objects.filter(user__username=username).first()
    if person is not None:
        RoleAssignment.objects.get_or_create(
            person=person, role=role, fiscal_year=year, department=department, unit=None
        )


def _step1(
    agreement: Agreement,
    coordinator: AbstractBaseUser,
    committee: AbstractBaseUser,
    year: int,
    years: DemoYears,
) -> None:
    """Guidelines, briefing, data requests answered, submitted, returned once, approved."""
    department = agreement.framework.department
    services.guideline_upload(
        coordinator, agreement, upload=_pdf("คู่มือการประเมิน"), title=f"คู่มือการประเมินส่วนราชการ ปี {year}"
    )
    services.briefing_record(
        coordinator,
        agreement,
        held_on=years.day(year, 10, 2),
        title="ประชุมชี้แจงกรอบการประเมินผลการปฏิบัติราชการ",
        attendees="ผู้อำนวยการกองทุกกอง\nผู้ประสานงานตัวชี้วัดของทุกหน่วยงาน\nกลุ่มพัฒนาระบบบริหาร",
        minutes="ชี้แจงกรอบ Performance 70 / Potential 30 และกำหนดส่งข้อมูลภายใน 3 วันทำการ",
    )
    for code, subject, answer in (
        (
            "eia",
            "ผลการพิจารณารายงาน EIA ย้อนหลัง 3 ปี",
            f"ปี {year - 3} ร้อยละ 82, {year - 2} ร้อยละ 85, {year - 1} ร้อยละ 88",
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
            due_on=years.day(year, 10, 6),
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
        meeting_date=years.day(year, 10, 7),
        text="ให้ทบทวนค่าเป้าหมายของตัวชี้วัดที่ 1 ให้สอดคล้องกับข้อมูลพื้นฐาน",
    )
    services.agreement_submit_to_committee(coordinator, agreement)
    services.committee_resolve(
        committee,
        agreement,
        decision="approve",
        meeting_number=f"2/{year - 1}",
        meeting_date=years.day(year, 10, 9),
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


def _name_receivers(coordinator: AbstractBaseUser, agreement: Agreement) -> None:
    services.agreement_parties_update(
        coordinator,
        agreement,
        givers=(),
        receivers=[services.PartyInput(name, position) for name, position in RECEIVERS],
    )


def _load_last(department: Department, framework: Framework, years: DemoYears) -> None:
    """Last year's cycle, finished: signed, circulated, acknowledged and published."""
    year = framework.fiscal_year
    day = years.day
    coordinator, committee = _user("somchai"), _user("kanya")
    evaluator, executive = _user("kamonwan"), _user("prasert")
    if None in (coordinator, committee, evaluator, executive):
        return
    assert coordinator and committee and evaluator and executive
    agreement = services.agreement_start(coordinator, framework, started_on=years.start(year))
    services.agreement_update_settings(
        coordinator,
        agreement,
        started_on=agreement.started_on,
        day_basis=Agreement.DayBasis.WORKING,
        negotiation_due=day(year, 11, 14),
    )
    _name_receivers(coordinator, agreement)
    _step1(agreement, coordinator, committee, year, years)
    services.negotiation_start(coordinator, agreement, started_on=day(year, 10, 20))
    _round(agreement, evaluator, day(year, 11, 5), settle=True)
    services.agreement_mark_agreed(  # OPDC's evaluator records the agreed summary (§8)
        evaluator,
        agreement,
        summary="สำนักงาน ก.พ.ร. เห็นชอบตัวชี้วัด 7 ตัวตามที่ส่วนราชการเสนอ "
        "น้ำหนัก Performance 70 และ Potential 30",
        agreed_on=day(year, 11, 12),
    )
    with contextlib.suppress(ValidationError):  # raised when every sheet is approved already
        services.agreement_lock_kpis(coordinator, agreement)
    services.agreement_sign(
        executive, agreement, signed_on=day(year, 11, 20), scan=_pdf("คำรับรองที่ลงนาม")
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
    published = timezone.make_aware(datetime.datetime.combine(day(year, 11, 25), datetime.time(10)))
    Agreement.objects.filter(pk=agreement.pk).update(
        circulated_on=day(year, 11, 21),
        published_at=published,
        public_published_at=published,
    )
    # Sheets approved by the lock are stamped "now": the lock happened on the agreed day.
    locked = timezone.make_aware(datetime.datetime.combine(day(year, 11, 13), datetime.time(10)))
    Kpi.objects.filter(framework=framework, approved_at__gt=published).update(approved_at=locked)


def _copy_kpis(actor: AbstractBaseUser, source: Framework, target: Framework) -> None:
    """Carry last year's sheets over as drafts, as a coordinator does (issue 17 item 6: the
    whole sheet, its assessment points and origin, pointing at last year's as predecessor).
    Per-round rules belong to each year's agreement, so the open-data KPI's "from the
    12-month round" is set again for this year, as the department proposes it."""
    from indicators.services import kpi_update, kpis_carry_forward
    from indicators.validation import RoundExpectationInput

    components = {c.code for c in target.components.all()}
    taken = set(Kpi.objects.filter(framework=target).values_list("number", flat=True))
    sources = [
        kpi
        for kpi in framework_kpis(source)
        if kpi.component.code in components and kpi.number not in taken
    ]
    if not sources:
        return
    carried = kpis_carry_forward(actor, target, sources)
    for kpi in carried:
        spec = next((s for s in FY2569 if s.number == kpi.number and s.starts_at), None)
        if spec is None:
            continue
        kpi_update(
            actor,
            kpi,
            round_expectations=[
                RoundExpectationInput(
                    expectation.round,
                    expectation.expectation,
                    in_force=expectation.round.months >= spec.starts_at,
                    reason=spec.starts_reason if expectation.round.months < spec.starts_at else "",
                )
                for expectation in kpi.round_expectations.select_related("round")
            ],
        )


def _load_current(department: Department, source: Framework, years: DemoYears) -> None:
    """The current year's cycle, in step 2: OPDC's counter-proposal is on the table and the
    divisions are asked for the data the negotiation needs."""
    try:
        from frameworks.services import framework_copy
    except ImportError:  # pragma: no cover - the frameworks app ships the copy service
        return
    year = years.current
    coordinator, evaluator = _user("somchai"), _user("kamonwan")
    if coordinator is None or evaluator is None:
        return
    framework = Framework.objects.filter(department=department, fiscal_year=year).first()
    if framework is None:
        framework = framework_copy(coordinator, source, fiscal_year=year)
    if Agreement.objects.filter(framework=framework).exists():
        return
    # accounts.demo assigns every role of the current year; these two act in it first.
    _ensure_role("kanya", Role.COMMITTEE, department, year)
    _ensure_role("kamonwan", Role.EVALUATOR, department, year)
    committee = _user("kanya")
    assert committee is not None
    _copy_kpis(coordinator, source, framework)
    agreement = services.agreement_start(coordinator, framework, started_on=years.start(year))
    december = years.start(year).replace(month=12, day=15)
    services.agreement_update_settings(
        coordinator,
        agreement,
        started_on=agreement.started_on,
        day_basis=Agreement.DayBasis.WORKING,
        # OPDC's date for the negotiation: mid-December, or two weeks ahead when that is past.
        negotiation_due=max(december, years.today + datetime.timedelta(days=14)),
    )
    _name_receivers(coordinator, agreement)
    _step1(agreement, coordinator, committee, year, years)
    services.negotiation_start(coordinator, agreement, started_on=years.day(year, 10, 15))
    _round(agreement, evaluator, years.day(year, 11, 10), settle=False)
    # OPDC asked for more data at the round: each division has a request due in a week.
    for code, subject in NEGOTIATION_REQUESTS:
        unit = OrgUnit.objects.filter(department=department, code=code).first()
        if unit is not None:
            services.data_request_create(
                coordinator,
                agreement,
                unit=unit,
                subject=subject,
                details="สำนักงาน ก.พ.ร. ขอข้อมูลเพิ่มเติมในการเจรจารอบที่ 1",
                due_on=years.today + datetime.timedelta(days=7),
            )


def load_demo(agency: str, years: DemoYears | None = None) -> None:
    years = years or DemoYears.of()
    department = Department.objects.filter(code=agency).first()
    if department is None:
        return
    source = Framework.objects.filter(department=department, fiscal_year=years.last).first()
    if source is None or not Kpi.objects.filter(framework=source).exists():
        return  # the frameworks and indicators demos come first
    with transaction.atomic():
        _holidays(department, years)
        if not Agreement.objects.filter(framework=source).exists():
            _load_last(department, source, years)
        _load_current(department, source, years)
