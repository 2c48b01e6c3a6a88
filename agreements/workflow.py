"""The agreement's allowed transitions and in-state activities, as data (style.md "One
transition helper").

    draft ──submit──▶ committee_review ──approve──▶ committee_approved ──start──▶ negotiating
      ▲                 │        ▲                                                  │   ▲
      └──reopen── returned ◀─return   └──resubmit── returned                       agree  reopen
                                                                                    ▼   │
                               circulated ◀──circulate── signed ◀──sign── agreed ───┘

Every transition and activity names who may take it (domain §8) and, in Thai, why not: services
call `AGREEMENT_WORKFLOW.require(agreement, target, actor)` and pages ask `check` for buttons.
Amendments after signing have their own small flow (requested → approved / rejected).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Amendment, KpiPosition
from agreements.permissions import (
    can_negotiate,
    is_committee,
    is_coordinator,
    is_evaluator,
    is_executive,
)
from core.transitions import Activity, Transition, Workflow

S = Agreement.State

NOT_COORDINATOR = _("เฉพาะผู้ประสานงานของส่วนราชการนี้เท่านั้นที่ดำเนินการนี้ได้")
NOT_COMMITTEE = _("เฉพาะกรรมการ กพร. ของส่วนราชการนี้เท่านั้นที่ดำเนินการนี้ได้")
NOT_NEGOTIATOR = _("เฉพาะผู้ประสานงาน หรือผู้ประเมินของสำนักงาน ก.พ.ร. ที่รับผิดชอบส่วนราชการนี้เท่านั้น")
NOT_EXECUTIVE = _("เฉพาะผู้บริหารของส่วนราชการนี้เท่านั้นที่ลงนามคำรับรองได้")
NOT_EVALUATOR = _("เฉพาะผู้ประเมินของสำนักงาน ก.พ.ร. ที่รับผิดชอบส่วนราชการนี้เท่านั้น")

# In-state activities (nothing moves): names used by services and pages.
COMMENT = "comment"
NEGOTIATE = "negotiate"
LOCK_KPIS = "lock_kpis"
UPLOAD_SCAN = "upload_scan"
PUBLISH = "publish"
REQUEST_AMENDMENT = "request_amendment"
START_NEGOTIATION = "agreements.agreement.negotiation_started"
REOPEN_NEGOTIATION = "agreements.agreement.negotiation_reopened"


def _coordinator_or_executive(actor: Any, agreement: Agreement) -> bool:
    return is_coordinator(actor, agreement) or is_executive(actor, agreement)


SIGNED_STATES = (S.SIGNED, S.CIRCULATED)

AGREEMENT_WORKFLOW = Workflow(
    transitions=(
        Transition(S.DRAFT, S.COMMITTEE_REVIEW, "agreements.agreement.submitted", is_coordinator,
                   label=_("เสนอคณะกรรมการ"), refusal=NOT_COORDINATOR),
        Transition(S.RETURNED, S.COMMITTEE_REVIEW, "agreements.agreement.resubmitted",
                   is_coordinator, label=_("เสนอคณะกรรมการอีกครั้ง"), refusal=NOT_COORDINATOR),
        Transition(S.RETURNED, S.DRAFT, "agreements.agreement.reopened", is_coordinator,
                   label=_("นำกลับมาแก้ไข"), refusal=NOT_COORDINATOR),
        Transition(S.COMMITTEE_REVIEW, S.RETURNED, "agreements.agreement.returned", is_committee,
                   label=_("ส่งกลับให้แก้ไข"), refusal=NOT_COMMITTEE),
        Transition(S.COMMITTEE_REVIEW, S.COMMITTEE_APPROVED, "agreements.agreement.approved",
                   is_committee, label=_("เห็นชอบ"), refusal=NOT_COMMITTEE),
        Transition(S.COMMITTEE_APPROVED, S.NEGOTIATING, START_NEGOTIATION, is_coordinator,
                   label=_("เริ่มการเจรจา"), refusal=NOT_COORDINATOR),
        Transition(S.NEGOTIATING, S.AGREED, "agreements.agreement.agreed", is_evaluator,
                   label=_("บันทึกผลการเจรจาที่ตกลง"), refusal=NOT_EVALUATOR),
        Transition(S.AGREED, S.NEGOTIATING, REOPEN_NEGOTIATION,
                   is_coordinator, label=_("เปิดการเจรจาอีกครั้ง"), refusal=NOT_COORDINATOR),
        Transition(S.AGREED, S.SIGNED, "agreements.agreement.signed", is_executive,
                   label=_("ลงนาม"), refusal=NOT_EXECUTIVE),
        Transition(S.SIGNED, S.CIRCULATED, "agreements.agreement.circulated", is_coordinator,
                   label=_("แจ้งเวียน"), refusal=NOT_COORDINATOR),
    ),
    # Why a target cannot be reached from anywhere but its sources, in the user's words.
    unreachable={
        S.COMMITTEE_REVIEW: _("เสนอคณะกรรมการได้เฉพาะร่างที่อยู่ระหว่างจัดทำหรือที่ถูกส่งกลับให้แก้ไข"),
        S.RETURNED: _("ส่งกลับได้เฉพาะร่างที่อยู่ระหว่างการพิจารณาของคณะกรรมการ"),
        S.DRAFT: _("นำกลับมาแก้ไขได้เฉพาะร่างที่คณะกรรมการส่งกลับ"),
        S.COMMITTEE_APPROVED: _("คณะกรรมการเห็นชอบได้เฉพาะร่างที่เสนอคณะกรรมการแล้ว"),
        S.NEGOTIATING: _("เริ่มการเจรจาได้หลังคณะกรรมการเห็นชอบร่างแล้วเท่านั้น"),
        REOPEN_NEGOTIATION: _("เปิดการเจรจาอีกครั้งได้เฉพาะก่อนการลงนาม"),
        S.AGREED: _("บันทึกผลที่ตกลงได้เฉพาะระหว่างการเจรจา"),
        S.SIGNED: _("ลงนามได้เฉพาะคำรับรองที่เจรจาได้ข้อยุติแล้ว"),
        S.CIRCULATED: _("แจ้งเวียนได้เฉพาะคำรับรองที่ลงนามแล้ว"),
    },
    activities=(
        Activity(COMMENT, (S.COMMITTEE_REVIEW,), is_committee, refusal=NOT_COMMITTEE,
                 unavailable=_("ให้ความเห็นได้เฉพาะระหว่างที่คณะกรรมการพิจารณาร่าง")),
        Activity(NEGOTIATE, (S.NEGOTIATING,), can_negotiate, refusal=NOT_NEGOTIATOR,
                 unavailable=_("บันทึกการเจรจาได้เฉพาะระหว่างขั้นตอนการเจรจา")),
        Activity(LOCK_KPIS, (S.AGREED,), is_coordinator, refusal=NOT_COORDINATOR,
                 unavailable=_("ล็อกรายละเอียดตัวชี้วัดได้หลังเจรจาได้ข้อยุติและก่อนการลงนาม")),
        Activity(UPLOAD_SCAN, SIGNED_STATES, _coordinator_or_executive,
                 refusal=_("เฉพาะผู้ประสานงานหรือผู้บริหารเท่านั้นที่แนบสำเนาคำรับรองได้"),
                 unavailable=_("แนบสำเนาคำรับรองที่ลงนามได้หลังการลงนามแล้ว")),
        Activity(PUBLISH, SIGNED_STATES, is_coordinator, refusal=NOT_COORDINATOR,
                 unavailable=_("เผยแพร่ได้เฉพาะคำรับรองที่ลงนามแล้ว")),
        Activity(REQUEST_AMENDMENT, SIGNED_STATES, is_coordinator, refusal=NOT_COORDINATOR,
                 unavailable=_("ขอปรับตัวชี้วัดได้หลังลงนามคำรับรองแล้วเท่านั้น")),
    ),
)  # fmt: skip


def _amendment_evaluator(actor: Any, amendment: Amendment) -> bool:
    return is_evaluator(actor, amendment.agreement)


DECIDED = _("คำขอนี้พิจารณาไปแล้ว")

AMENDMENT_FLOW = Workflow(
    transitions=(
        Transition(Amendment.State.REQUESTED, Amendment.State.APPROVED,
                   "agreements.amendment.approved", _amendment_evaluator, refusal=NOT_EVALUATOR),
        Transition(Amendment.State.REQUESTED, Amendment.State.REJECTED,
                   "agreements.amendment.rejected", _amendment_evaluator, refusal=NOT_EVALUATOR),
    ),
    unreachable={Amendment.State.APPROVED: DECIDED, Amendment.State.REJECTED: DECIDED},
)  # fmt: skip


def _position_evaluator(actor: Any, position: KpiPosition) -> bool:
    """Counter-proposals and agreed values are OPDC's word (domain §8, issue 14 item 1)."""
    return is_evaluator(actor, position.round.agreement)


COUNTER_RECORDED = "agreements.negotiation.counter_recorded"
POSITION_SETTLED = "agreements.negotiation.position_settled"
_OUTCOMES = tuple(KpiPosition.Outcome)

# A KPI's position in a round: OPDC's counter-proposal keeps its outcome, a settlement sets it
# (and may be corrected while the round is the latest). Both compare-and-swap on `version`.
POSITION_FLOW = Workflow(
    transitions=(
        *(
            Transition(outcome, outcome, COUNTER_RECORDED, _position_evaluator,
                       refusal=NOT_EVALUATOR)
            for outcome in _OUTCOMES
        ),
        *(
            Transition(source, target, POSITION_SETTLED, _position_evaluator,
                       refusal=NOT_EVALUATOR)
            for source in _OUTCOMES
            for target in _OUTCOMES
        ),
    ),
    state_field="outcome",
)  # fmt: skip
