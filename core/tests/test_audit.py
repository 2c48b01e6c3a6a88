"""The audit trail is written explicitly and is append-only (style.md "Audit is explicit")."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from core.audit import audit_events_for, audit_log
from core.models import AuditEvent, AuditImmutableError
from core.tests.workflowapp.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return get_user_model().objects.create_user(username="alice", password="x")


@pytest.fixture
def ticket(alice):
    return Ticket.objects.create(owner=alice, note="first")


@pytest.fixture
def event(alice, ticket):
    return audit_log(alice, "workflowapp.ticket.noted", ticket, {"note": "first"})


def test_audit_log_records_actor_action_and_object(alice, ticket):
    event = audit_log(alice, "workflowapp.ticket.created", ticket)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == alice
    assert stored.actor_name == "alice"
    assert stored.action == "workflowapp.ticket.created"
    assert stored.content_type == ContentType.objects.get_for_model(Ticket)
    assert stored.object_id == str(ticket.pk)
    assert stored.object_repr == str(ticket)
    assert stored.data == {}


def test_audit_log_serialises_decimal_and_date_in_data(alice, ticket):
    event = audit_log(
        alice,
        "workflowapp.ticket.scored",
        ticket,
        {"score": Decimal("87.50"), "due": datetime.date(2026, 9, 30)},
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.data == {"score": "87.50", "due": "2026-09-30"}


def test_audit_log_without_object(alice):
    event = audit_log(alice, "accounts.login")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.content_type is None
    assert stored.object_id == ""
    assert stored.object_repr == ""


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_anonymous_actor_is_stored_as_no_actor(actor, ticket):
    event = audit_log(actor, "workflowapp.ticket.viewed", ticket)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None
    assert stored.actor_name == ""


def test_audit_events_for_returns_only_that_objects_events(alice, ticket):
    other = Ticket.objects.create(owner=alice)
    first = audit_log(alice, "workflowapp.ticket.created", ticket)
    second = audit_log(alice, "workflowapp.ticket.submitted", ticket)
    audit_log(alice, "workflowapp.ticket.created", other)

    events = list(audit_events_for(ticket))

    assert {e.pk for e in events} == {first.pk, second.pk}
    assert [e.action for e in audit_events_for(other)] == ["workflowapp.ticket.created"]


def test_audit_events_are_newest_first(alice, ticket):
    first = audit_log(alice, "workflowapp.ticket.created", ticket)
    second = audit_log(alice, "workflowapp.ticket.submitted", ticket)

    assert [e.pk for e in audit_events_for(ticket)] == [second.pk, first.pk]


def _assert_unchanged(event):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "workflowapp.ticket.noted"
    assert stored.data == {"note": "first"}
    assert stored.actor_name == "alice"


def test_saving_an_existing_event_again_is_refused(event):
    event.action = "workflowapp.ticket.forged"
    event.data = {"note": "forged"}

    with pytest.raises(AuditImmutableError):
        event.save()

    _assert_unchanged(event)


def test_queryset_update_is_refused(event):
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="workflowapp.ticket.forged")

    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.update(actor_name="mallory")

    _assert_unchanged(event)


def test_instance_delete_is_refused(event):
    with pytest.raises(AuditImmutableError):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()
    _assert_unchanged(event)


def test_queryset_delete_is_refused(event):
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()

    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()

    assert AuditEvent.objects.count() == 1
    _assert_unchanged(event)
