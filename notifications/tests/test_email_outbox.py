"""The e-mail outbox (issue 15 §6): an e-mail owed is sent by the next sweep whatever stopped
it (a lost task, a failed send, a killed sender), never twice, and a live claim is respected."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from conftest import UserFactory
from notifications.emails import notification_emails_send_pending
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_an_email_whose_task_was_lost_is_sent_by_the_sweep_once(
    django_capture_on_commit_callbacks,
):
    alice = UserFactory(username="alice")
    # The process dies between commit and enqueue: the on-commit callback never runs.
    with django_capture_on_commit_callbacks(execute=False):
        [notification] = notify([alice], kind="x.y", title="เรื่องทดสอบ")
    assert mail.outbox == []
    assert notification_emails_send_pending() == 1
    assert notification_emails_send_pending() == 0
    assert [m.to for m in mail.outbox] == [["alice@example.go.th"]]
    assert (
        mail.outbox[0].extra_headers["Message-ID"].startswith(f"<notification-{notification.pk}@")
    )
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_fresh_claim_is_left_to_its_sender_and_an_expired_one_is_taken_over(settings):
    alice = UserFactory(username="alice")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("notifications.services.transaction.on_commit", lambda *a, **k: None)
        [notification] = notify([alice], kind="x.y", title="เรื่องทดสอบ")
    settings.PRAMOEN_EMAIL_CLAIM_TIMEOUT = 600
    Notification.objects.filter(pk=notification.pk).update(
        email_claimed_at=timezone.now() - datetime.timedelta(seconds=60)
    )
    assert notification_emails_send_pending() == 0, "another sender is sending it right now"
    Notification.objects.filter(pk=notification.pk).update(
        email_claimed_at=timezone.now() - datetime.timedelta(seconds=601)
    )
    assert notification_emails_send_pending() == 1, "its sender died: sent by this run"
    assert len(mail.outbox) == 1


def test_notifications_without_email_or_address_are_not_swept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([UserFactory(username="quiet")], kind="x.y", title="ไม่ส่งอีเมล", email=False)
        notify([UserFactory(username="noaddr", email="")], kind="x.y", title="ไม่มีที่อยู่")
    assert notification_emails_send_pending() == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(email_wanted=True).exists()
