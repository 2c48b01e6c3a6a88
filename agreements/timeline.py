"""The four steps of the cycle as a dated checklist (domain §7): start, deadline, status, the
artefact that proves the step was done, and what is overdue.

Durations come from the framework's StepDuration rows; deadlines count calendar or working days
(`agreements.deadlines`) skipping the department's holidays.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.deadlines import add_days
from agreements.models import Agreement, Attachment, Holiday, Resolution
from core.thai import thai_date_short
from frameworks.models import ReportingRound, StepDuration

S = Agreement.State
STEP_ROLES = {
    1: gettext_lazy("ผู้ประสานงาน / คณะกรรมการ กพร."),
    2: gettext_lazy("ผู้ประสานงาน / สำนักงาน ก.พ.ร."),
    3: gettext_lazy("ผู้ประสานงาน / ผู้บริหาร"),
    4: gettext_lazy("ผู้ประสานงาน / หน่วยงานผู้รับผิดชอบ"),
}
STATUS_LABELS = {
    "not_started": gettext_lazy("ยังไม่เริ่ม"),
    "in_progress": gettext_lazy("กำลังดำเนินการ"),
    "overdue": gettext_lazy("เลยกำหนด"),
    "done": gettext_lazy("เสร็จแล้ว"),
    "done_late": gettext_lazy("เสร็จหลังกำหนด"),
    "external": gettext_lazy("ติดตามในระบบรายงานผล"),
}
_AFTER = {
    S.DRAFT: 0,
    S.COMMITTEE_REVIEW: 0,
    S.RETURNED: 0,
    S.COMMITTEE_APPROVED: 1,
    S.NEGOTIATING: 1,
    S.AGREED: 2,
    S.SIGNED: 2,
    S.CIRCULATED: 2,
}


@dataclass(frozen=True)
class CheckItem:
    label: str
    done: bool
    detail: str = ""


@dataclass
class StepView:
    number: int
    title: str
    responsible: str
    start: datetime.date | None
    deadline: datetime.date | None
    done_on: datetime.date | None
    artefact: str
    artefact_url: str = ""
    days: int | None = None
    items: list[CheckItem] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)
    # Step 4's progress lives in the reporting rounds, not here: never "overdue" on this page.
    external: bool = False

    @property
    def status(self) -> str:
        if self.external and self.start is not None and self.start <= self.today:
            return "external"
        if self.done_on is not None:
            late = self.deadline is not None and self.done_on > self.deadline
            return "done_late" if late else "done"
        if self.start is None or self.start > self.today:
            return "not_started"
        if self.deadline is not None and self.today > self.deadline:
            return "overdue"
        return "in_progress"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_overdue(self) -> bool:
        return self.status == "overdue"


def holidays_of(agreement: Agreement) -> set[datetime.date]:
    return set(
        Holiday.objects.filter(department_id=agreement.framework.department_id).values_list(
            "date", flat=True
        )
    )


def step_days(agreement: Agreement) -> dict[int, int | None]:
    return dict(
        StepDuration.objects.filter(framework_id=agreement.framework_id).values_list("step", "days")
    )


def deadline_for(
    agreement: Agreement,
    step: int,
    start: datetime.date | None,
    *,
    days: dict[int, int | None] | None = None,
    holidays: set[datetime.date] | None = None,
) -> datetime.date | None:
    """The deadline of step 1–3 from its start (step 2: OPDC's date when set)."""
    if step == 2 and agreement.negotiation_due is not None:
        return agreement.negotiation_due
    durations = days if days is not None else step_days(agreement)
    length = durations.get(step)
    if start is None or length is None:
        return None
    return add_days(
        start,
        length,
        working=agreement.day_basis == Agreement.DayBasis.WORKING,
        holidays=holidays if holidays is not None else holidays_of(agreement),
    )


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def cycle_steps(agreement: Agreement, *, today: datetime.date | None = None) -> list[StepView]:
    """The four steps with their checklists, in a constant number of queries."""
    today = today or timezone.localdate()
    days = step_days(agreement)
    holidays = holidays_of(agreement)
    counts = Agreement.objects.filter(pk=agreement.pk).aggregate(
        guidelines=Count(
            "attachments", filter=Q(attachments__kind=Attachment.Kind.GUIDELINE), distinct=True
        ),
        briefings=Count("briefings", distinct=True),
        requests=Count("data_requests", distinct=True),
        answered=Count(
            "data_requests", filter=Q(data_requests__answered_at__isnull=False), distinct=True
        ),
        rounds=Count("negotiation_rounds", distinct=True),
        acks=Count("acknowledgements", distinct=True),
        acked=Count(
            "acknowledgements",
            filter=Q(acknowledgements__acknowledged_at__isnull=False),
            distinct=True,
        ),
    )
    approval = (
        Resolution.objects.filter(agreement=agreement, decision=Resolution.Decision.APPROVE)
        .order_by("-submission")
        .first()
    )
    rounds = list(
        ReportingRound.objects.filter(framework_id=agreement.framework_id)
        .select_related("reporting_state")
        .order_by("order", "pk")
    )
    passed = _AFTER[S(agreement.state)]

    def deadline(step: int, start: datetime.date | None) -> datetime.date | None:
        return deadline_for(agreement, step, start, days=days, holidays=holidays)

    from agreements.services._common import page_url

    step1 = StepView(
        1,
        _("ศึกษาและจัดทำร่างตัวชี้วัด"),
        str(STEP_ROLES[1]),
        agreement.started_on,
        deadline(1, agreement.started_on),
        agreement.approved_on,
        _("มติคณะกรรมการ กพร. ครั้งที่ %(n)s วันที่ %(d)s")
        % {"n": approval.meeting_number, "d": thai_date_short(approval.meeting_date)}
        if approval
        else _("มติเห็นชอบของคณะกรรมการ กพร. (ยังไม่มี)"),
        page_url(agreement, "committee"),
        days.get(1),
        [
            CheckItem(_("อัปโหลดแนวทางของสำนักงาน ก.พ.ร."), counts["guidelines"] > 0),
            CheckItem(_("ประชุมชี้แจงกรอบการประเมิน"), counts["briefings"] > 0),
            CheckItem(
                _("หน่วยงานส่งข้อมูลครบ"),
                counts["requests"] > 0 and counts["answered"] == counts["requests"],
                _("%(a)s จาก %(n)s หน่วยงาน") % {"a": counts["answered"], "n": counts["requests"]},
            ),
            CheckItem(_("เสนอร่างต่อคณะกรรมการ"), agreement.submission_count > 0),
            CheckItem(_("คณะกรรมการเห็นชอบ"), passed >= 1),
        ],
        today=today,
    )
    start2 = agreement.negotiation_started_on or agreement.approved_on
    step2 = StepView(
        2,
        _("เจรจาตัวชี้วัดกับสำนักงาน ก.พ.ร."),
        str(STEP_ROLES[2]),
        start2,
        deadline(2, start2),
        agreement.agreed_on,
        _("สรุปผลการเจรจาที่ สำนักงาน ก.พ.ร. เห็นชอบ")
        if agreement.agreed_on
        else _("สรุปผลการเจรจา (ยังไม่มี)"),
        page_url(agreement, "negotiation_diff"),
        days.get(2),
        [
            CheckItem(_("เริ่มการเจรจา"), agreement.negotiation_started_on is not None),
            CheckItem(
                _("บันทึกรอบการเจรจา"),
                counts["rounds"] > 0,
                _("%(n)s รอบ") % {"n": counts["rounds"]},
            ),
            CheckItem(_("ได้ข้อยุติ"), passed >= 2),
        ],
        today=today,
    )
    published_on = _local_date(agreement.published_at)
    done3 = (
        max(agreement.circulated_on, published_on)
        if agreement.circulated_on and published_on
        else None
    )
    step3 = StepView(
        3,
        _("จัดทำรายละเอียดและลงนามคำรับรอง"),
        str(STEP_ROLES[3]),
        agreement.agreed_on,
        deadline(3, agreement.agreed_on),
        done3,
        _("หนังสือยืนยันรายละเอียดตัวชี้วัด / คำรับรองลงนามวันที่ %(d)s")
        % {"d": thai_date_short(agreement.signed_on)}
        if agreement.signed_on
        else _("หนังสือยืนยันรายละเอียดตัวชี้วัด (ยังไม่มี)"),
        page_url(agreement, "signing"),
        days.get(3),
        [
            CheckItem(_("ผู้บริหารลงนาม"), agreement.signed_on is not None),
            CheckItem(
                _("ผู้รับผิดชอบรับทราบครบ"),
                counts["acks"] > 0 and counts["acked"] == counts["acks"],
                _("%(a)s จาก %(n)s คน") % {"a": counts["acked"], "n": counts["acks"]},
            ),
            CheckItem(_("เผยแพร่ในอินทราเน็ต"), agreement.published_at is not None),
        ],
        today=today,
    )
    last_due = max((r.due_date for r in rounds), default=None)
    step4 = StepView(
        4,
        _("ติดตามและรายงานผล"),
        str(STEP_ROLES[4]),
        done3,
        last_due,
        None,
        _("รายงานการประเมินตนเอง (SAR) ของแต่ละรอบ"),
        "",
        days.get(4),
        [_round_item(r) for r in rounds],
        today=today,
        external=True,
    )
    return [step1, step2, step3, step4]


RoundItem = Callable[[ReportingRound], CheckItem]
_round_item_rule: list[RoundItem] = []


def register_round_item(rule: RoundItem) -> None:
    """Step 4 lists each reporting round as reporting sees it (done once closed). reporting
    builds on agreements, so it gives the rule at start-up (reporting.apps)."""
    _round_item_rule[:] = [rule]


def _round_item(round_: ReportingRound) -> CheckItem:
    if not _round_item_rule:
        raise ImproperlyConfigured("reporting has not registered the round item of step 4")
    return _round_item_rule[0](round_)
