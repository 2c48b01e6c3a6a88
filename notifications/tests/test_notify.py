"""notify(): inbox rows, one e-mail per recipient after commit, dedupe, inactive users."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import PersonFactory, UserFactory
from core.models import AuditEvent
from notifications.models import Notification
from notifications.services import notification_mark_read, notify
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return PersonFactory(user__username="alice", first_name_th="อลิส", last_name_th="ใจดี").user


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def test_notify_puts_one_row_in_each_inbox_and_emails_each_once(
    alice, bob, django_capture_on_commit_callbacks, settings
):
    settings.PRAMOEN_BASE_URL = "https://pramoen.example.go.th"
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            [alice, bob, alice],
            kind="agreements.data_request",
            title="ขอข้อมูลตัวชี้วัดกองประเมินผลกระทบสิ่งแวดล้อม",
            body="กรุณาส่งข้อมูลผลการดำเนินงานปี 2568",
            url="/agreements/1/",
            due=datetime.date(2025, 11, 25),
        )
    assert {n.recipient_id for n in created} == {alice.pk, bob.pk}
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.go.th", "bob@example.go.th"]
    message = next(m for m in mail.outbox if m.to == ["alice@example.go.th"])
    assert message.subject == "[ประเมิน] ขอข้อมูลตัวชี้วัดกองประเมินผลกระทบสิ่งแวดล้อม"
    assert "เรียน นางสาวอลิส ใจดี" in message.body
    assert "https://pramoen.example.go.th/agreements/1/" in message.body
    assert "กรุณาส่งข้อมูลผลการดำเนินงานปี 2568" in message.body
    assert "กำหนดเสร็จ: 25 พฤศจิกายน 2568" in message.body
    assert all(n.emailed_at is not None for n in Notification.objects.all())


def test_email_is_sent_only_after_commit(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([alice], kind="x.y", title="เรื่องทดสอบ")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_email_false_sends_no_email(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([alice], kind="x.y", title="เรื่องทดสอบ", email=False)
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=alice).exists()


def test_email_task_running_twice_sends_once(alice, django_capture_on_commit_callbacks):
    from notifications.tasks import send_notification_emails

    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify([alice], kind="x.y", title="เรื่องทดสอบ")
    send_notification_emails.enqueue([notification.pk])
    assert len(mail.outbox) == 1


def test_dedupe_key_makes_notify_idempotent(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify([alice], kind="x.y", title="เรื่องเดิม", dedupe_key="kpi:7:approved")
        second = notify([alice, bob], kind="x.y", title="เรื่องเดิม", dedupe_key="kpi:7:approved")
    assert len(first) == 1
    assert [n.recipient_id for n in second] == [bob.pk]
    assert Notification.objects.filter(dedupe_key="kpi:7:approved").count() == 2
    assert len(mail.outbox) == 2


def test_without_dedupe_key_each_call_notifies_again(alice):
    notify([alice], kind="x.y", title="เรื่องเดิม")
    notify([alice], kind="x.y", title="เรื่องเดิม")
    assert Notification.objects.filter(recipient=alice).count() == 2


def test_inactive_users_are_skipped(alice, bob, django_capture_on_commit_callbacks):
    bob.is_active = False
    bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        created = notify([alice, bob], kind="x.y", title="เรื่องทดสอบ")
    assert [n.recipient_id for n in created] == [alice.pk]
    assert not Notification.objects.filter(recipient=bob).exists()
    assert [m.to for m in mail.outbox] == [["alice@example.go.th"]]


def test_recipient_without_address_gets_inbox_row_but_no_email(
    django_capture_on_commit_callbacks,
):
    carol = UserFactory(username="carol", email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify([carol], kind="x.y", title="เรื่องทดสอบ")
    assert Notification.objects.filter(recipient=carol).exists()
    assert mail.outbox == []


def test_person_email_is_used_when_account_has_none(django_capture_on_commit_callbacks):
    dave = PersonFactory(user__username="dave", user__email="", email="dave@onep.go.th").user
    with django_capture_on_commit_callbacks(execute=True):
        notify([dave], kind="x.y", title="เรื่องทดสอบ")
    assert [m.to for m in mail.outbox] == [["dave@onep.go.th"]]


def test_one_audit_event_per_call(alice, bob):
    notify([alice, bob], kind="agreements.circulated", title="เวียนคำรับรอง")
    events = AuditEvent.objects.filter(action="notifications.sent")
    assert events.count() == 1
    assert events.get().data["count"] == 2
    assert events.get().data["kind"] == "agreements.circulated"


def test_nothing_new_writes_no_audit_event(alice):
    notify([alice], kind="x.y", title="เรื่อง", dedupe_key="k")
    notify([alice], kind="x.y", title="เรื่อง", dedupe_key="k")
    assert AuditEvent.objects.filter(action="notifications.sent").count() == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "agreements/1/"])
def test_unsafe_or_relative_links_are_rejected(alice, url):
    with pytest.raises(ValidationError) as error:
        notify([alice], kind="x.y", title="เรื่อง", url=url)
    assert "url" in error.value.message_dict


def test_empty_title_is_rejected_in_thai(alice):
    with pytest.raises(ValidationError) as error:
        notify([alice], kind="x.y", title="  ")
    assert error.value.message_dict["title"] == ["ต้องระบุเรื่องของการแจ้งเตือน"]


def test_long_title_is_clipped(alice):
    [notification] = notify([alice], kind="x.y", title="ก" * 400)
    assert len(notification.title) == 300
    assert notification.title.endswith("…")


def test_mark_read_touches_only_own_notifications(alice, bob):
    mine = NotificationFactory(recipient=alice)
    theirs = NotificationFactory(recipient=bob)
    assert notification_mark_read(alice, [mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_mark_read_without_ids_marks_all_unread(alice, bob):
    NotificationFactory.create_batch(3, recipient=alice)
    NotificationFactory(recipient=bob)
    assert notification_mark_read(alice) == 3
    assert notification_mark_read(alice) == 0
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 1


def test_anonymous_cannot_mark_read():
    with pytest.raises(PermissionDenied):
        notification_mark_read(AnonymousUser())  # type: ignore[arg-type]
