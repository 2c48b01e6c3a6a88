"""Inbox page, mark-as-read, the work provider on "My work" and the unread-count context."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from conftest import UserFactory
from notifications.context_processors import unread
from notifications.models import Notification
from notifications.services import notify
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def test_inbox_requires_login(client):
    response = client.get(reverse("inbox"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_inbox_lists_own_notifications_newest_first_in_thai(client, alice, bob):
    NotificationFactory(recipient=alice, title="เรื่องเก่า")
    NotificationFactory(
        recipient=alice, title="เรื่องใหม่", due=datetime.date(2025, 11, 25), url="/kpis/7/"
    )
    NotificationFactory(recipient=bob, title="เรื่องของบ็อบ")
    client.force_login(alice)
    response = client.get(reverse("inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "กล่องข้อความ" in html
    assert html.index("เรื่องใหม่") < html.index("เรื่องเก่า")
    assert "เรื่องของบ็อบ" not in html
    assert "25 พ.ย. 68" in html
    assert 'href="/kpis/7/"' in html
    assert "ยังไม่ได้อ่าน 2 รายการ" in html
    assert html.count('class="inbox-item unread"') == 2


def test_read_notifications_are_not_highlighted(client, alice):
    NotificationFactory(
        recipient=alice, title="อ่านแล้ว", read_at=datetime.datetime.now(datetime.UTC)
    )
    client.force_login(alice)
    html = client.get(reverse("inbox")).content.decode()
    assert 'class="inbox-item"' in html
    assert "unread" not in html.split("inbox-items", 1)[1]
    assert "อ่านครบทุกรายการแล้ว" in html


def test_empty_inbox_says_so(client, alice):
    client.force_login(alice)
    assert "ยังไม่มีข้อความ" in client.get(reverse("inbox")).content.decode()


def test_inbox_is_paginated_with_constant_queries(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    NotificationFactory.create_batch(3, recipient=alice)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("inbox"))
    NotificationFactory.create_batch(60, recipient=alice)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("inbox"))
    assert len(response.context["notifications"]) == 25
    assert "หน้า 1 จาก 3" in response.content.decode()
    page3 = client.get(reverse("inbox") + "?page=3")
    assert len(page3.context["notifications"]) == 13


def test_mark_one_read_without_js_redirects_back(client, alice):
    notification = NotificationFactory(recipient=alice)
    other = NotificationFactory(recipient=alice)
    client.force_login(alice)
    response = client.post(
        reverse("inbox_mark_read"), {"id": notification.pk, "next": "/inbox/?page=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/inbox/?page=1"
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None
    assert other.read_at is None


def test_mark_all_read(client, alice):
    NotificationFactory.create_batch(3, recipient=alice)
    client.force_login(alice)
    client.post(reverse("inbox_mark_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()


def test_marking_someone_elses_notification_does_nothing(client, alice, bob):
    theirs = NotificationFactory(recipient=bob)
    client.force_login(alice)
    response = client.post(reverse("inbox_mark_read"), {"id": theirs.pk})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_does_not_touch_other_inboxes(client, alice, bob):
    theirs = NotificationFactory(recipient=bob)
    client.force_login(alice)
    client.post(reverse("inbox_mark_read"), {"all": "1"})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_rejects_get(client, alice):
    client.force_login(alice)
    assert client.get(reverse("inbox_mark_read")).status_code == 405


def test_mark_read_ignores_offsite_next(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("inbox_mark_read"), {"all": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("inbox")


def test_htmx_mark_read_returns_the_list_fragment(client, alice):
    notification = NotificationFactory(recipient=alice, title="เรื่องทดสอบ htmx")
    client.force_login(alice)
    response = client.post(
        reverse("inbox_mark_read"), {"id": notification.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="inbox-list"')
    assert "<html" not in html
    assert "อ่านครบทุกรายการแล้ว" in html


def test_unread_notifications_are_not_tasks_on_my_work(client, alice):
    """My work is derived from state (issue 16 item 1); the inbox keeps the messages."""
    notify(
        [alice],
        kind="reminder",
        title="ส่งข้อมูลตัวชี้วัดรอบ 6 เดือน",
        url="/kpis/7/",
        due=datetime.date(2026, 4, 30),
    )
    client.force_login(alice)
    home = client.get(reverse("home")).content.decode()
    assert "ส่งข้อมูลตัวชี้วัดรอบ 6 เดือน" not in home
    assert "ไม่มีงานค้างในขณะนี้" in home
    assert "ส่งข้อมูลตัวชี้วัดรอบ 6 เดือน" in client.get(reverse("inbox")).content.decode()


def test_unread_count_is_lazy_and_counts_only_own_unread(alice, bob, django_assert_num_queries):
    NotificationFactory.create_batch(2, recipient=alice)
    NotificationFactory(recipient=alice, read_at=datetime.datetime.now(datetime.UTC))
    NotificationFactory(recipient=bob)
    request = RequestFactory().get("/")
    request.user = alice
    with django_assert_num_queries(0):
        context = unread(request)
    with django_assert_num_queries(1):
        rendered = Template("{% if unread_count %}{{ unread_count }}{% endif %}").render(
            Context(context)
        )
    assert rendered == "2"


def test_unread_count_is_zero_for_anonymous(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert unread(request) == {"unread_count": 0}


def test_nav_has_inbox_item(client, alice):
    client.force_login(alice)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("inbox")}"' in html
    assert "กล่องข้อความ" in html


@pytest.mark.parametrize("model", ["notification", "reminder"])
def test_admin_lists_notifications_and_reminders(client, admin_user, model):
    from notifications.tests.factories import ReminderFactory

    NotificationFactory(title="เรื่องในหน้าผู้ดูแล")
    ReminderFactory(title="เรื่องในหน้าผู้ดูแล")
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:notifications_{model}_changelist"))
    assert response.status_code == 200
    assert "เรื่องในหน้าผู้ดูแล" in response.content.decode()
