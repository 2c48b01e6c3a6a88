"""The review flow of a submission and the round's open/closed state, as data (style.md "One
transition helper"; domain §9).

draft → submitted (owner/collector) → overseer_approved (overseer) → accepted (coordinator);
submitted/overseer_approved/accepted → returned (coordinator; the overseer may return what is
waiting for them) → draft again when the owner saves it (a declared transition, audited as the
save). Closing the round locks everything (each transition's guard says so); after that only the
coordinator reopens a submission (any state → draft, with a reason).

Who may act is asked of `reporting.permissions`; this module only says which question each
transition asks, and in Thai why not. Pages draw their review buttons from `review_actions`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.transitions import Actor, Transition, Workflow
from reporting import permissions
from reporting.models import Appeal, RoundState, Submission

S = Submission.State


def _reporter(actor: Any, submission: Submission) -> bool:
    return permissions.can_report(actor, submission)


def _overseer(actor: Any, submission: Submission) -> bool:
    return permissions.can_oversee(actor, submission)


def _coordinator(actor: Any, submission: Submission) -> bool:
    return permissions.can_coordinate(actor, submission.round)


def _returner(actor: Any, submission: Submission) -> bool:
    return _coordinator(actor, submission) or (
        submission.state == S.SUBMITTED and _overseer(actor, submission)
    )


def _unlocked(submission: Submission) -> str | None:
    """Open round, or reopened by the coordinator after the close (domain §9)."""
    if permissions.is_unlocked(submission):
        return None
    return permissions.edit_refusal(submission)


def _round_closed(submission: Submission) -> str | None:
    """Reopening is for after the close only (domain §9)."""
    state = permissions.round_state_of(submission.round)
    if state is not None and state.state == RoundState.State.CLOSED:
        return None
    return str(_("รอบนี้ยังไม่ปิด จึงไม่ต้องเปิดรายงานให้แก้ไข (ใช้การส่งกลับให้แก้ไขแทน)"))


NOT_REPORTER = _("คุณไม่ใช่ผู้รับผิดชอบหรือผู้จัดเก็บข้อมูลของตัวชี้วัดนี้")
NOT_RETURNER = _("คุณไม่มีสิทธิ์ส่งรายงานนี้กลับให้แก้ไข")

SUBMISSION_FLOW = Workflow(
    transitions=(
        Transition(S.DRAFT, S.SUBMITTED, "reporting.submission.submitted", _reporter,
                   refusal=NOT_REPORTER, guard=_unlocked),
        Transition(S.RETURNED, S.SUBMITTED, "reporting.submission.submitted", _reporter,
                   refusal=NOT_REPORTER, guard=_unlocked),
        # Saving a returned report makes it a draft again (the owner is working on it).
        Transition(S.RETURNED, S.DRAFT, "reporting.submission.saved", _reporter,
                   refusal=NOT_REPORTER, guard=_unlocked),
        Transition(S.SUBMITTED, S.OVERSEER_APPROVED, "reporting.submission.overseer_approved",
                   _overseer, refusal=_("เฉพาะผู้กำกับดูแลตัวชี้วัดนี้เท่านั้นที่ให้ความเห็นชอบได้"),
                   guard=_unlocked),
        Transition(S.OVERSEER_APPROVED, S.ACCEPTED, "reporting.submission.accepted",
                   _coordinator, refusal=_("เฉพาะผู้ประสานงานเท่านั้นที่ตรวจรับรายงานได้"),
                   guard=_unlocked),
        *(
            Transition(source, S.RETURNED, "reporting.submission.returned", _returner,
                       refusal=NOT_RETURNER, guard=_unlocked)
            for source in (S.SUBMITTED, S.OVERSEER_APPROVED, S.ACCEPTED)
        ),
        *(
            Transition(source, S.DRAFT, "reporting.submission.reopened", _coordinator,
                       refusal=_("เฉพาะผู้ประสานงานเท่านั้นที่เปิดรายงานให้แก้ไขหลังปิดรอบได้"),
                       guard=_round_closed)
            for source in (S.DRAFT, S.SUBMITTED, S.OVERSEER_APPROVED, S.ACCEPTED, S.RETURNED)
        ),
    ),
    unreachable={
        S.SUBMITTED: _("ส่งรายงานได้เฉพาะรายงานฉบับร่างหรือที่ถูกส่งกลับให้แก้ไข"),
        S.OVERSEER_APPROVED: _("ให้ความเห็นชอบได้เฉพาะรายงานที่ส่งแล้วและรอความเห็นชอบ"),
        S.ACCEPTED: _("ตรวจรับได้เฉพาะรายงานที่ผู้กำกับดูแลเห็นชอบแล้ว"),
        S.RETURNED: _("ส่งกลับได้เฉพาะรายงานที่ส่งมาแล้ว"),
    },
)  # fmt: skip


def review_actions(user: Actor, submission: Submission) -> dict[str, bool]:
    """The review buttons of a report (the page and the API ask this one function)."""
    return {
        "can_approve": SUBMISSION_FLOW.check(submission, S.OVERSEER_APPROVED, user) is None,
        "can_accept": SUBMISSION_FLOW.check(submission, S.ACCEPTED, user) is None,
        "can_return": SUBMISSION_FLOW.check(submission, S.RETURNED, user) is None,
    }


def _round_coordinator(actor: Any, state: RoundState) -> bool:
    return permissions.can_coordinate(actor, state.round)


ROUND_FLOW = Workflow(
    transitions=(
        Transition(
            RoundState.State.OPEN,
            RoundState.State.CLOSED,
            "reporting.round.closed",
            _round_coordinator,
            refusal=_("เฉพาะผู้ประสานงานเท่านั้นที่ปิดรอบการรายงานได้"),
        ),
        Transition(
            RoundState.State.CLOSED,
            RoundState.State.OPEN,
            "reporting.round.reopened",
            _round_coordinator,
            refusal=_("เฉพาะผู้ประสานงานเท่านั้นที่เปิดรอบการรายงานอีกครั้งได้"),
        ),
    )
)


def _evaluator(actor: Any, appeal: Appeal) -> bool:
    return permissions.is_evaluator(actor, appeal.submission.round)


NOT_EVALUATOR = _("เฉพาะผู้ประเมินของสำนักงาน ก.พ.ร. ที่รับผิดชอบส่วนราชการนี้เท่านั้น")
ANSWERED = _("คำอุทธรณ์นี้พิจารณาไปแล้ว")

# The evaluator answers an appeal once: the score is changed (upheld) or kept (rejected).
APPEAL_FLOW = Workflow(
    transitions=(
        Transition(Appeal.State.PENDING, Appeal.State.UPHELD, "reporting.appeal.answered",
                   _evaluator, refusal=NOT_EVALUATOR),
        Transition(Appeal.State.PENDING, Appeal.State.REJECTED, "reporting.appeal.answered",
                   _evaluator, refusal=NOT_EVALUATOR),
    ),
    unreachable={Appeal.State.UPHELD: ANSWERED, Appeal.State.REJECTED: ANSWERED},
)  # fmt: skip
