"""The agreement's allowed transitions, as data (style.md "One transition helper").

    draft ──submit──▶ committee_review ──approve──▶ committee_approved ──start──▶ negotiating
      ▲                 │        ▲                                                  │   ▲
      └──reopen── returned ◀─return   └──resubmit── returned                       agree  reopen
                                                                                    ▼   │
                               circulated ◀──circulate── signed ◀──sign── agreed ───┘

Every transition names who may take it (domain §8). `require_transition` refuses an illegal one
with a Thai message that names both states, before `Workflow.apply` is reached.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from agreements.permissions import is_committee, is_coordinator, is_executive
from core.transitions import Transition, TransitionNotAllowedError, Workflow

S = Agreement.State

AGREEMENT_WORKFLOW = Workflow(
    transitions=(
        Transition(S.DRAFT, S.COMMITTEE_REVIEW, "agreements.agreement.submitted", is_coordinator,
                   label="เสนอคณะกรรมการ"),
        Transition(S.RETURNED, S.COMMITTEE_REVIEW, "agreements.agreement.resubmitted",
                   is_coordinator, label="เสนอคณะกรรมการอีกครั้ง"),
        Transition(S.RETURNED, S.DRAFT, "agreements.agreement.reopened", is_coordinator,
                   label="นำกลับมาแก้ไข"),
        Transition(S.COMMITTEE_REVIEW, S.RETURNED, "agreements.agreement.returned", is_committee,
                   label="ส่งกลับให้แก้ไข"),
        Transition(S.COMMITTEE_REVIEW, S.COMMITTEE_APPROVED, "agreements.agreement.approved",
                   is_committee, label="เห็นชอบ"),
        Transition(S.COMMITTEE_APPROVED, S.NEGOTIATING, "agreements.agreement.negotiation_started",
                   is_coordinator, label="เริ่มการเจรจา"),
        Transition(S.NEGOTIATING, S.AGREED, "agreements.agreement.agreed", is_coordinator,
                   label="บันทึกผลการเจรจาที่ตกลง"),
        Transition(S.AGREED, S.NEGOTIATING, "agreements.agreement.negotiation_reopened",
                   is_coordinator, label="เปิดการเจรจาอีกครั้ง"),
        Transition(S.AGREED, S.SIGNED, "agreements.agreement.signed", is_executive,
                   label="ลงนาม"),
        Transition(S.SIGNED, S.CIRCULATED, "agreements.agreement.circulated", is_coordinator,
                   label="แจ้งเวียน"),
    )
)  # fmt: skip

# Why a target cannot be reached from anywhere but its sources, in the user's words.
_WHY = {
    S.COMMITTEE_REVIEW: gettext_lazy("เสนอคณะกรรมการได้เฉพาะร่างที่อยู่ระหว่างจัดทำหรือที่ถูกส่งกลับให้แก้ไข"),
    S.RETURNED: gettext_lazy("ส่งกลับได้เฉพาะร่างที่อยู่ระหว่างการพิจารณาของคณะกรรมการ"),
    S.DRAFT: gettext_lazy("นำกลับมาแก้ไขได้เฉพาะร่างที่คณะกรรมการส่งกลับ"),
    S.COMMITTEE_APPROVED: gettext_lazy("คณะกรรมการเห็นชอบได้เฉพาะร่างที่เสนอคณะกรรมการแล้ว"),
    S.NEGOTIATING: gettext_lazy("เริ่มการเจรจาได้หลังคณะกรรมการเห็นชอบร่างแล้วเท่านั้น"),
    S.AGREED: gettext_lazy("บันทึกผลที่ตกลงได้เฉพาะระหว่างการเจรจา"),
    S.SIGNED: gettext_lazy("ลงนามได้เฉพาะคำรับรองที่เจรจาได้ข้อยุติแล้ว"),
    S.CIRCULATED: gettext_lazy("แจ้งเวียนได้เฉพาะคำรับรองที่ลงนามแล้ว"),
}


def require_transition(agreement: Agreement, target: str) -> None:
    """Raise TransitionNotAllowedError with a Thai message if `target` is not reachable now."""
    if AGREEMENT_WORKFLOW.find(agreement.state, target) is not None:
        return
    reason = _WHY.get(S(target), _("ไม่สามารถดำเนินการนี้ได้ในสถานะปัจจุบัน"))
    raise TransitionNotAllowedError(
        _("%(reason)s (สถานะปัจจุบัน: %(state)s)")
        % {"reason": reason, "state": agreement.get_state_display()}
    )
