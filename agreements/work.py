"""Steps 1–3 tasks on "My work" (issue 16 item 1), derived from the agreement's state: a data
request to answer (the division), the draft to review (committee members), a returned draft to
fix and resubmit (the coordinator), the negotiation to hold, KPI positions waiting for OPDC and
then the agreed summary to record (the assigned evaluator), OPDC's counter-proposals on the table
for the department to answer at the next round (the coordinator), the agreement to sign (the
executive) and the signed agreement to acknowledge (each responsible person). Each rule is the
one in `agreements.permissions` or the service that performs the work, so a task shows exactly
when the action is allowed.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from agreements import permissions
from agreements.models import (
    Acknowledgement,
    Agreement,
    DataRequest,
    KpiPosition,
    NegotiationRound,
)
from agreements.selectors import agreements_visible_to
from agreements.services._common import page_url
from agreements.services.drafting import answering_unit_ids
from core.work import WorkItem

S = Agreement.State
LOCKED = (S.SIGNED, S.CIRCULATED)
NEGOTIATION_STATES = (S.NEGOTIATING, S.AGREED)


def agreement_work_items(user: AbstractBaseUser) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    return [*_data_requests(user), *_agreement_steps(user), *_acknowledgements(user)]


def _label(agreement: Agreement) -> dict[str, object]:
    return {"year": agreement.fiscal_year, "department": agreement.framework.department.name_th}


def _department(agreement: Agreement) -> dict[str, str]:
    """The department an evaluator's item is about (core.work.WorkItem.department)."""
    department = agreement.framework.department
    return {"department_code": department.code, "department": department.name_th}


def _data_requests(user: AbstractBaseUser) -> list[WorkItem]:
    requests = (
        DataRequest.objects.filter(
            answered_at__isnull=True, agreement__in=agreements_visible_to(user).values("pk")
        )
        .exclude(agreement__state__in=LOCKED)
        .select_related("agreement__framework__department", "unit")
    )
    units: dict[int, set[int]] = {}
    items = []
    for request in requests:
        year = request.agreement.fiscal_year
        if year not in units:
            units[year] = answering_unit_ids(user, year)
        if request.unit_id not in units[year]:
            continue
        items.append(
            WorkItem(
                title=_("ส่งข้อมูล: %(subject)s (%(unit)s)")
                % {"subject": request.subject, "unit": request.unit.name_th},
                url=page_url(request.agreement, "data_request", pk=request.pk),
                kind="data_request",
                label=_("ตอบการขอข้อมูล"),
                due=request.due_on,
                fiscal_year=year,
                # Asked while drafting (step 1) or for the negotiation with OPDC (step 2).
                step=2 if request.agreement.state in NEGOTIATION_STATES else 1,
            )
        )
    return items


def _agreement_steps(user: AbstractBaseUser) -> list[WorkItem]:
    agreements = (
        agreements_visible_to(user)
        .filter(
            Q(state__in=[S.COMMITTEE_REVIEW, S.RETURNED, S.NEGOTIATING, S.AGREED])
            | Q(state=S.DRAFT, submission_count__gt=0)
        )
        .annotate(
            positions_pending=Exists(
                KpiPosition.objects.filter(
                    round__agreement=OuterRef("pk"), outcome=KpiPosition.Outcome.PENDING
                )
            ),
            has_rounds=Exists(NegotiationRound.objects.filter(agreement=OuterRef("pk"))),
            # A counter-proposal still open in the latest round (the next round carries it).
            countered=Exists(
                KpiPosition.objects.filter(
                    round__agreement=OuterRef("pk"),
                    outcome=KpiPosition.Outcome.PENDING,
                    counter__isnull=False,
                    round__number=Subquery(
                        NegotiationRound.objects.filter(agreement=OuterRef(OuterRef("pk")))
                        .order_by("-number")
                        .values("number")[:1]
                    ),
                )
            ),
        )
    )
    items = []
    for agreement in agreements:
        if agreement.state == S.COMMITTEE_REVIEW and permissions.is_committee(user, agreement):
            items.append(
                WorkItem(
                    title=_("พิจารณาร่างตัวชี้วัด %(department)s ปีงบประมาณ %(year)s") % _label(agreement),
                    url=page_url(agreement, "committee"),
                    kind="committee_review",
                    label=_("คณะกรรมการพิจารณา"),
                    fiscal_year=agreement.fiscal_year,
                    step=1,
                )
            )
        elif agreement.state in (S.RETURNED, S.DRAFT) and permissions.is_coordinator(
            user, agreement
        ):
            # Returned by the committee (and maybe reopened): done when submitted again.
            items.append(
                WorkItem(
                    title=_("แก้ไขร่างตัวชี้วัดตามมติคณะกรรมการ %(department)s ปีงบประมาณ %(year)s")
                    % _label(agreement),
                    url=page_url(agreement, "committee"),
                    kind="committee_resubmit",
                    label=_("เสนอคณะกรรมการอีกครั้ง"),
                    fiscal_year=agreement.fiscal_year,
                    step=1,
                )
            )
        elif (
            agreement.state == S.NEGOTIATING
            and (agreement.positions_pending or not agreement.has_rounds)
            and permissions.is_evaluator(user, agreement)
        ):
            # OPDC holds the meeting, then answers each KPI on the table.
            items.append(
                WorkItem(
                    title=_("เจรจาตัวชี้วัด %(department)s ปีงบประมาณ %(year)s") % _label(agreement),
                    url=page_url(agreement, "negotiation"),
                    kind="negotiation_position",
                    label=_("การเจรจา"),
                    due=agreement.negotiation_due,
                    fiscal_year=agreement.fiscal_year,
                    step=2,
                    **_department(agreement),
                )
            )
        elif (
            agreement.state == S.NEGOTIATING
            and agreement.has_rounds
            and permissions.is_evaluator(user, agreement)
        ):
            # Every KPI settled: OPDC records the agreed summary (issue 14 item 1).
            items.append(
                WorkItem(
                    title=_("บันทึกผลการเจรจาที่ตกลง %(department)s ปีงบประมาณ %(year)s")
                    % _label(agreement),
                    url=page_url(agreement, "negotiation"),
                    kind="negotiation_agree",
                    label=_("บันทึกผลการเจรจาที่ตกลง"),
                    due=agreement.negotiation_due,
                    fiscal_year=agreement.fiscal_year,
                    step=2,
                    **_department(agreement),
                )
            )
        elif (
            agreement.state == S.NEGOTIATING
            and agreement.countered
            and permissions.is_coordinator(user, agreement)
        ):
            # The department answers OPDC's counter-proposal at the next round (or OPDC settles).
            items.append(
                WorkItem(
                    title=_("ตอบข้อเสนอปรับตัวชี้วัดของสำนักงาน ก.พ.ร. %(department)s ปีงบประมาณ %(year)s")
                    % _label(agreement),
                    url=page_url(agreement, "negotiation"),
                    kind="negotiation_counter",
                    label=_("ข้อเสนอของสำนักงาน ก.พ.ร."),
                    due=agreement.negotiation_due,
                    fiscal_year=agreement.fiscal_year,
                    step=2,
                )
            )
        elif agreement.state == S.AGREED and permissions.is_executive(user, agreement):
            items.append(
                WorkItem(
                    title=_("ลงนามคำรับรอง %(department)s ปีงบประมาณ %(year)s") % _label(agreement),
                    url=page_url(agreement, "signing"),
                    kind="signature",
                    label=_("ลงนาม"),
                    fiscal_year=agreement.fiscal_year,
                    step=3,
                )
            )
    return items


def _acknowledgements(user: AbstractBaseUser) -> list[WorkItem]:
    acks = Acknowledgement.objects.filter(
        person__user_id=user.pk, acknowledged_at__isnull=True, agreement__state=S.CIRCULATED
    ).select_related("agreement__framework__department")
    return [
        WorkItem(
            title=_("รับทราบคำรับรอง %(department)s ปีงบประมาณ %(year)s") % _label(ack.agreement),
            url=page_url(ack.agreement, "intranet"),
            kind="acknowledgement",
            label=_("รับทราบ"),
            fiscal_year=ack.agreement.fiscal_year,
            step=3,
        )
        for ack in acks
    ]
