"""notifications.nudges: a reminder per person and subject at most once in the window, through
notify(); the window comes from settings; two clicks in the same moment make one notification."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from conftest import UserFactory
from notifications.models import Notification
from notifications.nudges import (
    NudgeTarget,
    NudgeTooSoonError,
    nudge_allowed_after,
    nudge_result_message,
    nudges_send,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="alice@example.go.th")


@pytest.fixture
def carol():
    return UserFactory(username="carol")


def _target(user, subject: str = "reporting.submission:1") -> NudgeTarget:
    return NudgeTarget(recipient=user, subject=subject, kind="reporting.reminder", title="ทวงถาม")


def test_a_nudge_is_an_inbox_notification_and_an_email(
    alice, carol, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = nudges_send([_target(alice)], actor=carol)
    assert result.people == 1
    assert Notification.objects.get(recipient=alice).title == "ทวงถาม"
    assert [m.to for m in mail.outbox] == [["alice@example.go.th"]]


def test_the_window_is_per_person_and_subject_and_from_settings(alice, carol, settings):
    settings.PRAMOEN_NUDGE_HOURS = 6
    now = timezone.now()
    nudges_send([_target(alice)], actor=carol, now=now)
    assert nudge_allowed_after(alice.pk, "reporting.submission:1") == (
        Notification.objects.get(recipient=alice).created_at + datetime.timedelta(hours=6)
    )
    # Another subject, or another person, is not held back.
    other = nudges_send(
        [_target(alice), _target(alice, "reporting.submission:2"), _target(carol)], actor=carol
    )
    assert [(t.recipient.pk, t.subject) for t in other.sent] == [
        (alice.pk, "reporting.submission:2"),
        (carol.pk, "reporting.submission:1"),
    ]
    assert len(other.refused) == 1
    assert "ส่งได้อีกครั้งหลัง" in nudge_result_message(other)
    with pytest.raises(NudgeTooSoonError):
        nudges_send([_target(alice)], actor=carol)


def test_two_clicks_in_the_same_moment_make_one_notification(alice, carol):
    now = timezone.now()
    nudges_send([_target(alice)], actor=carol, now=now)
    # As if the second request had not seen the first (a race): the bucket key still holds.
    Notification.objects.filter(recipient=alice).update(created_at=now - datetime.timedelta(days=2))
    with pytest.raises(NudgeTooSoonError):
        nudges_send([_target(alice)], actor=carol, now=now)
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_an_inactive_person_is_not_nudged(alice, carol):
    alice.is_active = False
    alice.save()
    result = nudges_send([_target(alice)], actor=carol)
    assert result.sent == [] and result.refused == []  # not "too soon": nobody to tell
    assert not Notification.objects.exists()
