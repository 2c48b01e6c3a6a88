"""The one transition helper (style.md "One transition helper"), exercised on a test Ticket."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from core.audit import audit_events_for
from core.models import AuditEvent
from core.tests.workflowapp.models import Ticket
from core.transitions import (
    Activity,
    ConcurrentUpdateError,
    Transition,
    TransitionForbiddenError,
    TransitionNotAllowedError,
    Workflow,
)

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0E00-\u0E7F]")


def _is_owner(actor, ticket) -> bool:
    return bool(actor.is_authenticated and ticket.owner_id == actor.pk)


def _is_staff(actor, ticket) -> bool:
    return bool(actor.is_authenticated and actor.is_staff)


def _frozen(ticket) -> str | None:
    return "ตั๋วนี้ถูกระงับ" if ticket.note == "frozen" else None


TICKET_WORKFLOW = Workflow(
    transitions=(
        Transition(
            "draft",
            "submitted",
            "workflowapp.ticket.submitted",
            _is_owner,
            "ส่ง",
            refusal="เฉพาะเจ้าของตั๋วเท่านั้นที่ส่งได้",
            guard=_frozen,
        ),
        Transition("submitted", "approved", "workflowapp.ticket.approved", _is_staff, "อนุมัติ"),
        Transition("submitted", "draft", "workflowapp.ticket.returned", _is_staff, "ส่งคืน"),
        # Two ways from submitted back to draft: the owner withdraws, staff return.
        Transition("submitted", "draft", "workflowapp.ticket.withdrawn", _is_owner, "ถอน"),
    ),
    unreachable={"approved": "อนุมัติได้เฉพาะตั๋วที่ส่งแล้ว"},
    activities=(
        Activity(
            "comment",
            ("submitted",),
            _is_staff,
            refusal="เฉพาะเจ้าหน้าที่เท่านั้นที่ให้ความเห็นได้",
            unavailable="ให้ความเห็นได้เฉพาะตั๋วที่ส่งแล้ว",
        ),
    ),
)


@pytest.fixture
def alice():
    """Owner of the ticket."""
    return get_user_model().objects.create_user(username="alice", password="x")


@pytest.fixture
def bob():
    """Another ordinary user."""
    return get_user_model().objects.create_user(username="bob", password="x")


@pytest.fixture
def charlie():
    """A staff reviewer."""
    return get_user_model().objects.create_user(username="charlie", password="x", is_staff=True)


@pytest.fixture
def ticket(alice):
    return Ticket.objects.create(owner=alice, state="draft", note="original")


def _assert_thai_message(error: BaseException) -> None:
    message = str(error)
    assert message
    assert THAI.search(message)


def test_owner_can_submit(alice, ticket):
    result = TICKET_WORKFLOW.apply(ticket, "submitted", alice)

    assert result is ticket
    assert ticket.state == "submitted"
    assert ticket.version == 1
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version) == ("submitted", 1)
    events = list(audit_events_for(ticket))
    assert len(events) == 1
    assert events[0].action == "workflowapp.ticket.submitted"
    assert events[0].actor == alice
    assert events[0].data == {"from": "draft", "to": "submitted"}


def test_extra_audit_data_is_recorded_with_from_and_to(alice, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice, data={"comment": "พร้อมแล้ว"})

    event = audit_events_for(ticket).get()
    assert event.data == {"from": "draft", "to": "submitted", "comment": "พร้อมแล้ว"}


def test_disallowed_transition_raises_and_changes_nothing(charlie, ticket):
    with pytest.raises(TransitionNotAllowedError) as excinfo:
        TICKET_WORKFLOW.apply(ticket, "approved", charlie)

    _assert_thai_message(excinfo.value)
    assert ticket.state == "draft"
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version) == ("draft", 0)
    assert not AuditEvent.objects.exists()


def test_permission_refusal(bob, ticket):
    with pytest.raises(TransitionForbiddenError) as excinfo:
        TICKET_WORKFLOW.apply(ticket, "submitted", bob)

    assert isinstance(excinfo.value, PermissionDenied)
    _assert_thai_message(excinfo.value)
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version) == ("draft", 0)
    assert not AuditEvent.objects.exists()


def test_owner_cannot_approve_own_ticket(alice, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)

    with pytest.raises(TransitionForbiddenError):
        TICKET_WORKFLOW.apply(ticket, "approved", alice)

    assert Ticket.objects.get(pk=ticket.pk).state == "submitted"
    assert audit_events_for(ticket).count() == 1


def test_staff_can_approve_and_return(alice, charlie, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    TICKET_WORKFLOW.apply(ticket, "draft", charlie)
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    TICKET_WORKFLOW.apply(ticket, "approved", charlie)

    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version) == ("approved", 4)
    assert [e.action for e in audit_events_for(ticket)] == [
        "workflowapp.ticket.approved",
        "workflowapp.ticket.submitted",
        "workflowapp.ticket.returned",
        "workflowapp.ticket.submitted",
    ]


def test_lost_compare_and_swap_race(alice, charlie, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    first = Ticket.objects.get(pk=ticket.pk)
    second = Ticket.objects.get(pk=ticket.pk)

    TICKET_WORKFLOW.apply(first, "approved", charlie, changes={"note": "approved"})
    with pytest.raises(ConcurrentUpdateError) as excinfo:
        TICKET_WORKFLOW.apply(second, "draft", charlie, changes={"note": "returned"})

    _assert_thai_message(excinfo.value)
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version, stored.note) == ("approved", 2, "approved")
    assert [e.action for e in audit_events_for(ticket)] == [
        "workflowapp.ticket.approved",
        "workflowapp.ticket.submitted",
    ]


def test_stale_version_alone_loses_the_race(alice, charlie, ticket):
    """Same state but an older version (submit → return → submit happened meanwhile)."""
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    stale = Ticket.objects.get(pk=ticket.pk)
    TICKET_WORKFLOW.apply(ticket, "draft", charlie)
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    assert stale.state == ticket.state

    with pytest.raises(ConcurrentUpdateError):
        TICKET_WORKFLOW.apply(stale, "approved", charlie)

    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version) == ("submitted", 3)
    assert audit_events_for(ticket).count() == 3


def test_after_commit_runs_only_on_commit(alice, ticket, django_capture_on_commit_callbacks):
    calls: list[str] = []

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        TICKET_WORKFLOW.apply(ticket, "submitted", alice, after_commit=lambda: calls.append("x"))
        assert calls == []
    assert len(callbacks) == 1
    assert calls == []

    ticket2 = Ticket.objects.create(owner=alice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        TICKET_WORKFLOW.apply(ticket2, "submitted", alice, after_commit=lambda: calls.append("y"))
        assert calls == []
    assert len(callbacks) == 1
    assert calls == ["y"]


def test_after_commit_is_not_scheduled_when_the_transition_fails(
    bob, ticket, django_capture_on_commit_callbacks
):
    calls: list[str] = []

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionForbiddenError),
    ):
        TICKET_WORKFLOW.apply(ticket, "submitted", bob, after_commit=lambda: calls.append("x"))

    assert callbacks == []
    assert calls == []


def test_changes_are_written_with_the_transition(alice, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice, changes={"note": "x"})

    assert ticket.note == "x"
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version, stored.note) == ("submitted", 1, "x")


def test_changes_are_not_written_when_the_transition_is_refused(bob, ticket):
    with pytest.raises(TransitionForbiddenError):
        TICKET_WORKFLOW.apply(ticket, "submitted", bob, changes={"note": "x"})

    assert Ticket.objects.get(pk=ticket.pk).note == "original"


def test_available_lists_only_permitted_transitions(alice, bob, charlie, ticket):
    assert [t.target for t in TICKET_WORKFLOW.available(ticket, alice)] == ["submitted"]
    assert TICKET_WORKFLOW.available(ticket, bob) == []
    assert TICKET_WORKFLOW.available(ticket, charlie) == []

    TICKET_WORKFLOW.apply(ticket, "submitted", alice)

    assert [t.action for t in TICKET_WORKFLOW.available(ticket, alice)] == [
        "workflowapp.ticket.withdrawn"
    ]
    assert [t.target for t in TICKET_WORKFLOW.available(ticket, charlie)] == ["approved", "draft"]


def test_workflow_without_version_field_still_compares_state(alice, ticket):
    unversioned = Workflow(transitions=TICKET_WORKFLOW.transitions, version_field=None)
    stale = Ticket.objects.get(pk=ticket.pk)

    unversioned.apply(ticket, "submitted", alice)
    with pytest.raises(ConcurrentUpdateError):
        unversioned.apply(stale, "submitted", alice)

    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.state, stored.version) == ("submitted", 0)
    assert audit_events_for(ticket).count() == 1


# Workflow.check: "may this actor do this now, and if not why" (issue 15 item 4) -------------


def test_check_is_none_when_the_actor_may_take_the_transition_now(alice, ticket):
    assert TICKET_WORKFLOW.check(ticket, "submitted", alice) is None


def test_check_names_the_transitions_refusal_when_the_actor_may_not(bob, ticket):
    assert TICKET_WORKFLOW.check(ticket, "submitted", bob) == "เฉพาะเจ้าของตั๋วเท่านั้นที่ส่งได้"


def test_check_gives_the_state_reason_with_the_current_state(charlie, ticket):
    reason = TICKET_WORKFLOW.check(ticket, "approved", charlie)

    assert reason == "อนุมัติได้เฉพาะตั๋วที่ส่งแล้ว (สถานะปัจจุบัน: draft)"


def test_check_without_a_declared_reason_names_both_states(alice, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)

    reason = TICKET_WORKFLOW.check(ticket, "submitted", alice)

    assert reason is not None and "submitted" in reason and THAI.search(reason)


def test_check_reports_a_guard_and_apply_refuses_with_it(alice, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(note="frozen")
    ticket.refresh_from_db()

    assert TICKET_WORKFLOW.check(ticket, "submitted", alice) == "ตั๋วนี้ถูกระงับ"
    with pytest.raises(TransitionNotAllowedError, match="ตั๋วนี้ถูกระงับ"):
        TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    assert Ticket.objects.get(pk=ticket.pk).state == "draft"


def test_apply_raises_the_same_refusal_check_gives(bob, ticket):
    with pytest.raises(TransitionForbiddenError) as excinfo:
        TICKET_WORKFLOW.apply(ticket, "submitted", bob)

    assert str(excinfo.value) == TICKET_WORKFLOW.check(ticket, "submitted", bob)


def test_who_is_answered_before_when(bob, ticket):
    """Someone who may never approve hears that, not that the ticket is in the wrong state."""
    with pytest.raises(TransitionForbiddenError):
        TICKET_WORKFLOW.apply(ticket, "approved", bob)


def test_the_transition_the_actor_may_take_is_chosen_and_audited(alice, charlie, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    TICKET_WORKFLOW.apply(ticket, "draft", alice)
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)
    TICKET_WORKFLOW.apply(ticket, "draft", charlie)

    actions = [e.action for e in audit_events_for(ticket).order_by("id")]
    assert actions[1] == "workflowapp.ticket.withdrawn"
    assert actions[3] == "workflowapp.ticket.returned"


def test_activity_check_and_require(alice, bob, charlie, ticket):
    assert TICKET_WORKFLOW.check(ticket, "comment", bob) == "เฉพาะเจ้าหน้าที่เท่านั้นที่ให้ความเห็นได้"
    assert TICKET_WORKFLOW.check(ticket, "comment", charlie) == (
        "ให้ความเห็นได้เฉพาะตั๋วที่ส่งแล้ว (สถานะปัจจุบัน: draft)"
    )
    with pytest.raises(TransitionNotAllowedError):
        TICKET_WORKFLOW.require(ticket, "comment", charlie)
    with pytest.raises(TransitionForbiddenError):
        TICKET_WORKFLOW.require(ticket, "comment", bob)

    TICKET_WORKFLOW.apply(ticket, "submitted", alice)

    assert TICKET_WORKFLOW.check(ticket, "comment", charlie) is None
    assert TICKET_WORKFLOW.require(ticket, "comment", charlie) is None


def test_an_activity_is_not_a_transition(alice, charlie, ticket):
    TICKET_WORKFLOW.apply(ticket, "submitted", alice)

    with pytest.raises(TransitionNotAllowedError):
        TICKET_WORKFLOW.apply(ticket, "comment", charlie)
    assert Ticket.objects.get(pk=ticket.pk).state == "submitted"


def test_expected_version_from_the_form_loses_against_a_newer_row(alice, ticket):
    """The form was opened at version 0; someone saved since (version 1)."""
    Ticket.objects.filter(pk=ticket.pk).update(version=1)
    ticket.refresh_from_db()

    with pytest.raises(ConcurrentUpdateError):
        TICKET_WORKFLOW.apply(ticket, "submitted", alice, expected_version=0)

    assert Ticket.objects.get(pk=ticket.pk).state == "draft"
    TICKET_WORKFLOW.apply(ticket, "submitted", alice, expected_version=1)
    assert Ticket.objects.get(pk=ticket.pk).version == 2


def test_audit_on_records_the_event_on_the_parent(alice, ticket):
    parent = Ticket.objects.create(owner=alice, note="parent")

    TICKET_WORKFLOW.apply(ticket, "submitted", alice, audit_on=parent)

    assert not audit_events_for(ticket).exists()
    assert audit_events_for(parent).get().action == "workflowapp.ticket.submitted"


def test_refusal_messages_may_be_lazy_translations(bob, ticket):
    from django.utils.translation import gettext_lazy

    lazy = Workflow(
        transitions=(
            Transition(
                "draft", "submitted", "x.y.z", _is_owner, refusal=gettext_lazy("ไม่ใช่เจ้าของ")
            ),
        )
    )

    assert lazy.check(ticket, "submitted", bob) == "ไม่ใช่เจ้าของ"


def test_buttons_answer_templates_from_check(alice, bob, ticket):
    from django.template import Context, Template

    template = Template("{% if may.submitted %}ส่ง{% else %}{{ may.why.submitted }}{% endif %}")

    mine = template.render(Context({"may": TICKET_WORKFLOW.buttons(ticket, alice)}))
    theirs = template.render(Context({"may": TICKET_WORKFLOW.buttons(ticket, bob)}))

    assert mine == "ส่ง"
    assert theirs == "เฉพาะเจ้าของตั๋วเท่านั้นที่ส่งได้"
