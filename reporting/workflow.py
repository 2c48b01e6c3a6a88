"""The review flow of a submission and the round's open/closed state, as data (style.md "One
transition helper"; domain §9).

draft → submitted (owner/collector) → overseer_approved (overseer) → accepted (coordinator);
submitted/overseer_approved/accepted → returned (coordinator; the overseer may return what is
waiting for them) → draft again on the next save. Closing the round locks everything; after that
only the coordinator reopens a submission (any state → draft, with a reason).
"""

from __future__ import annotations

from typing import Any

from core.transitions import Transition, Workflow
from reporting import permissions
from reporting.models import RoundState, Submission

S = Submission.State


def _reporter(actor: Any, submission: Submission) -> bool:
    return permissions.is_unlocked(submission) and permissions.can_report(actor, submission)


def _overseer(actor: Any, submission: Submission) -> bool:
    return permissions.is_unlocked(submission) and permissions.can_oversee(actor, submission)


def _coordinator(actor: Any, submission: Submission) -> bool:
    return permissions.is_unlocked(submission) and permissions.can_coordinate(
        actor, submission.round
    )


def _returner(actor: Any, submission: Submission) -> bool:
    return _coordinator(actor, submission) or (
        submission.state == S.SUBMITTED and _overseer(actor, submission)
    )


def _reopener(actor: Any, submission: Submission) -> bool:
    """Only after the round has closed, only the coordinator (domain §9)."""
    state = permissions.round_state_of(submission.round)
    return (
        state is not None
        and state.state == RoundState.State.CLOSED
        and permissions.can_coordinate(actor, submission.round)
    )


SUBMISSION_FLOW = Workflow(
    transitions=(
        Transition(S.DRAFT, S.SUBMITTED, "reporting.submission.submitted", _reporter),
        Transition(S.RETURNED, S.SUBMITTED, "reporting.submission.submitted", _reporter),
        Transition(
            S.SUBMITTED, S.OVERSEER_APPROVED, "reporting.submission.overseer_approved", _overseer
        ),
        Transition(S.OVERSEER_APPROVED, S.ACCEPTED, "reporting.submission.accepted", _coordinator),
        Transition(S.SUBMITTED, S.RETURNED, "reporting.submission.returned", _returner),
        Transition(S.OVERSEER_APPROVED, S.RETURNED, "reporting.submission.returned", _returner),
        Transition(S.ACCEPTED, S.RETURNED, "reporting.submission.returned", _returner),
        *(
            Transition(source, S.DRAFT, "reporting.submission.reopened", _reopener)
            for source in (S.DRAFT, S.SUBMITTED, S.OVERSEER_APPROVED, S.ACCEPTED, S.RETURNED)
        ),
    )
)


def _round_coordinator(actor: Any, state: RoundState) -> bool:
    return permissions.can_coordinate(actor, state.round)


ROUND_FLOW = Workflow(
    transitions=(
        Transition(
            RoundState.State.OPEN,
            RoundState.State.CLOSED,
            "reporting.round.closed",
            _round_coordinator,
        ),
        Transition(
            RoundState.State.CLOSED,
            RoundState.State.OPEN,
            "reporting.round.reopened",
            _round_coordinator,
        ),
    )
)
