"""Reminders: scheduled once per (recipient, key), sent exactly once when due, never when
cancelled, and never twice even when two runs race."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from conftest import UserFactory
from notifications import services
from notifications.models import Notification, Reminder
from notifications.services import (
    reminder_cancel,
    reminder_schedule,
    reminders_send_due,
)
from notifications.tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def schedule(recipients, *, key="agreement:1:step1", send_at=NOW, **kwargs):
    return reminder_schedule(
        recipients,
        kind=kwargs.pop("kind", "agreements.step_due"),
        title=kwargs.pop("title", "ขั้นตอนที่ 1 ใกล้ครบกำหนด"),
        url=kwargs.pop("url", "/agreements/1/"),
        send_at=send_at,
        dedupe_key=key,
        **kwargs,
    )


def test_schedule_creates_one_reminder_per_recipient(alice, bob):
    reminders = schedule([alice, bob, alice])
    assert [r.recipient_id for r in reminders] == sorted([alice.pk, bob.pk])
    assert Reminder.objects.count() == 2


def test_rescheduling_updates_send_at_instead_of_adding(alice):
    schedule([alice], send_at=NOW)
    later = NOW + datetime.timedelta(days=2)
    [reminder] = schedule([alice], send_at=later, title="ขั้นตอนที่ 1 เลื่อนกำหนด")
    assert Reminder.objects.count() == 1
    assert reminder.send_at == later
    assert reminder.title == "ขั้นตอนที่ 1 เลื่อนกำหนด"


def test_rescheduling_a_sent_reminder_leaves_it_sent(alice):
    [reminder] = schedule([alice], send_at=NOW)
    assert reminders_send_due(now=NOW) == 1
    schedule([alice], send_at=NOW + datetime.timedelta(days=1))
    reminder.refresh_from_db()
    assert reminder.send_at == NOW
    assert reminders_send_due(now=NOW + datetime.timedelta(days=2)) == 0


def test_rescheduling_revives_a_cancelled_reminder(alice):
    schedule([alice])
    reminder_cancel("agreement:1:step1")
    [reminder] = schedule([alice])
    assert reminder.cancelled_at is None
    assert reminders_send_due(now=NOW) == 1


def test_naive_send_at_is_taken_as_local_time(alice):
    [reminder] = schedule([alice], send_at=datetime.datetime(2025, 11, 20, 9, 0))
    assert timezone.localtime(reminder.send_at).hour == 9


def test_due_reminders_are_sent_exactly_once_across_two_runs(
    alice, bob, django_capture_on_commit_callbacks
):
    schedule([alice, bob], due=datetime.date(2025, 11, 25))
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send_due(now=NOW)
        second = reminders_send_due(now=NOW + datetime.timedelta(hours=1))
    assert (first, second) == (2, 0)
    assert Notification.objects.count() == 2
    notification = Notification.objects.get(recipient=alice)
    assert notification.title == "ขั้นตอนที่ 1 ใกล้ครบกำหนด"
    assert notification.due == datetime.date(2025, 11, 25)
    assert notification.dedupe_key.startswith("reminder:")
    assert len(mail.outbox) == 2
    assert all(r.sent_at == NOW for r in Reminder.objects.all())


def test_reminders_not_yet_due_are_not_sent(alice):
    schedule([alice], send_at=NOW + datetime.timedelta(minutes=1))
    assert reminders_send_due(now=NOW) == 0
    assert not Notification.objects.exists()
    assert Reminder.objects.get().sent_at is None


def test_cancelled_reminders_are_never_sent(alice, bob):
    schedule([alice, bob])
    assert reminder_cancel("agreement:1:step1", [alice]) == 1
    assert reminders_send_due(now=NOW) == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [bob.pk]


def test_cancel_without_recipients_cancels_for_everyone(alice, bob):
    schedule([alice, bob])
    assert reminder_cancel("agreement:1:step1") == 2
    assert reminder_cancel("agreement:1:step1") == 0
    assert reminders_send_due(now=NOW) == 0


def test_cancel_does_not_touch_sent_reminders(alice):
    schedule([alice])
    reminders_send_due(now=NOW)
    assert reminder_cancel("agreement:1:step1") == 0
    assert Reminder.objects.get().cancelled_at is None


def test_claim_succeeds_only_once():
    reminder = ReminderFactory()
    assert services._reminder_claim(reminder.pk, NOW) is True
    assert services._reminder_claim(reminder.pk, NOW) is False


def test_a_run_that_lost_the_race_sends_nothing(monkeypatch, django_capture_on_commit_callbacks):
    """Two runs read the same due reminder; the second one's claim fails, so it sends nothing."""
    reminder = ReminderFactory(send_at=NOW - datetime.timedelta(minutes=1))
    stale_ids = services._due_reminder_ids(NOW)  # what a concurrent run read
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(now=NOW) == 1
        monkeypatch.setattr(services, "_due_reminder_ids", lambda now: stale_ids)
        assert reminders_send_due(now=NOW) == 0
    assert Notification.objects.filter(recipient=reminder.recipient).count() == 1
    assert len(mail.outbox) == 1


def test_reminder_for_a_deactivated_user_is_marked_sent_but_not_delivered():
    reminder = ReminderFactory(send_at=NOW)
    reminder.recipient.is_active = False
    reminder.recipient.save()
    assert reminders_send_due(now=NOW) == 0
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert not Notification.objects.exists()


def test_empty_dedupe_key_is_rejected(alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        schedule([alice], key=" ")
    assert "dedupe_key" in error.value.message_dict


def test_send_reminders_command_prints_how_many_were_sent(django_capture_on_commit_callbacks):
    ReminderFactory.create_batch(2)
    ReminderFactory(send_at=timezone.now() + datetime.timedelta(days=1))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "ส่งการเตือนแล้ว 2 รายการ"
    assert len(mail.outbox) == 2


def test_send_due_reminders_task_sends_due_reminders():
    from notifications.tasks import send_due_reminders

    ReminderFactory()
    result = send_due_reminders.enqueue()
    assert result.return_value == 1
    assert Notification.objects.count() == 1


def test_send_reminders_every_keeps_sending_until_interrupted(monkeypatch):
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 1:
            ReminderFactory()  # becomes due between two runs
            return
        raise KeyboardInterrupt

    monkeypatch.setattr("notifications.management.commands.send_reminders.time.sleep", fake_sleep)
    ReminderFactory()
    out = StringIO()
    call_command("send_reminders", "--every", "60", stdout=out)
    assert out.getvalue().splitlines() == ["ส่งการเตือนแล้ว 1 รายการ", "ส่งการเตือนแล้ว 1 รายการ"]
    assert sleeps == [60, 60]


def test_a_failing_reminder_does_not_block_the_others_and_is_retried(monkeypatch):
    bad = ReminderFactory(send_at=NOW - datetime.timedelta(minutes=2))
    good = ReminderFactory(send_at=NOW - datetime.timedelta(minutes=1))
    real_notify = services.notify

    def flaky_notify(recipients, **kwargs):
        if kwargs["dedupe_key"] == f"reminder:{bad.pk}":
            raise RuntimeError("mail queue down")
        return real_notify(recipients, **kwargs)

    monkeypatch.setattr(services, "notify", flaky_notify)
    assert reminders_send_due(now=NOW) == 1
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.sent_at is None
    assert good.sent_at == NOW
    monkeypatch.setattr(services, "notify", real_notify)
    assert reminders_send_due(now=NOW) == 1
    assert Notification.objects.count() == 2
