"""The coordinator's reminders for unacknowledged circulation and unanswered data requests
(issue 16 item 3): one person or everyone, through the notification path, rate-limited per
person and subject, audited, and only by the coordinator (or an administrator)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Acknowledgement, Agreement
from core.models import AuditEvent
from notifications.models import Notification
from notifications.nudges import NudgeTooSoonError

pytestmark = pytest.mark.django_db
S = Agreement.State
TODAY = timezone.localdate()


def _nudges(user, prefix: str) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, dedupe_key__startswith=f"nudge:{prefix}")
    )


@pytest.fixture
def circulated(cycle, coordinator) -> Agreement:
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.SIGNED, signed_on=TODAY)
    cycle.agreement.refresh_from_db()
    services.agreement_circulate(coordinator, cycle.agreement)
    agreement: Agreement = cycle.agreement
    return agreement


def test_remind_one_unacknowledged_person_rate_limited_and_audited(
    circulated, coordinator, owner, overseer
):
    ack = Acknowledgement.objects.get(agreement=circulated, person__user=owner)
    result = services.acknowledgements_remind(coordinator, circulated, person_id=ack.person_id)
    assert [t.recipient.pk for t in result.sent] == [owner.pk]
    [sent] = _nudges(owner, "agreements.acknowledgement")
    assert sent.kind == "agreements.acknowledge" and sent.email_wanted
    assert not _nudges(overseer, "agreements.acknowledgement")
    event = AuditEvent.objects.get(action="agreements.acknowledgement.reminded")
    assert event.actor_id == coordinator.pk
    assert event.data["sent"] == [[owner.pk, f"agreements.acknowledgement:{ack.pk}"]]
    with pytest.raises(NudgeTooSoonError) as too_soon:
        services.acknowledgements_remind(coordinator, circulated, person_id=ack.person_id)
    assert "ส่งได้อีกครั้งหลัง" in too_soon.value.messages[0]
    # Everyone: the overseer is reminded, the owner (reminded a moment ago) is skipped.
    everyone = services.acknowledgements_remind(coordinator, circulated)
    assert [t.recipient.pk for t in everyone.sent] == [overseer.pk]
    assert [t.recipient.pk for t, _when in everyone.refused] == [owner.pk]
    assert everyone.next_allowed == sent.created_at + datetime.timedelta(hours=24)


def test_acknowledged_people_are_not_reminded(circulated, coordinator, owner, overseer):
    services.agreement_acknowledge(owner, circulated)
    services.acknowledgements_remind(coordinator, circulated)
    assert not _nudges(owner, "agreements.acknowledgement")
    assert len(_nudges(overseer, "agreements.acknowledgement")) == 1


def test_only_the_coordinator_reminds_about_circulation(
    circulated, owner, overseer, executive, staff, admin_user
):
    for user in (owner, overseer, executive, staff):
        with pytest.raises(PermissionDenied):
            services.acknowledgements_remind(user, circulated)
    assert not Notification.objects.filter(dedupe_key__startswith="nudge:").exists()
    services.acknowledgements_remind(admin_user, circulated)
    assert Notification.objects.filter(dedupe_key__startswith="nudge:").count() == 2


def test_remind_one_data_request_then_refused_until_the_window_passes(
    cycle, org, coordinator, owner, overseer, settings
):
    settings.PRAMOEN_NUDGE_HOURS = 2
    eia = services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="ข้อมูลฐาน", details="", due_on=TODAY
    )
    result = services.data_requests_remind(coordinator, cycle.agreement, request_id=eia.pk)
    assert {t.recipient.pk for t in result.sent} == {owner.pk, overseer.pk}
    assert AuditEvent.objects.get(action="agreements.data_request.reminded").data["notified"] == 2
    with pytest.raises(NudgeTooSoonError) as too_soon:
        services.data_requests_remind(coordinator, cycle.agreement, request_id=eia.pk)
    [sent] = _nudges(owner, "agreements.data_request")
    assert too_soon.value.next_allowed == sent.created_at + datetime.timedelta(hours=2)


def test_only_the_coordinator_reminds_about_data_requests(cycle, org, coordinator, owner):
    services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="x", details="", due_on=TODAY
    )
    with pytest.raises(PermissionDenied):
        services.data_requests_remind(owner, cycle.agreement)
    assert not Notification.objects.filter(dedupe_key__startswith="nudge:").exists()


def test_signing_page_offers_reminders_to_the_coordinator_only(
    client, circulated, coordinator, owner
):
    url = reverse("agreements:signing", kwargs={"code": "onep", "year": 2569})
    remind = reverse("agreements:acknowledgements_remind", kwargs={"code": "onep", "year": 2569})
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert remind in page and "เตือนทุกคนที่ยังไม่รับทราบ" in page
    answer = client.post(remind, follow=True).content.decode()
    assert "ส่งการเตือนแล้ว 2 คน" in answer
    client.force_login(owner)
    assert remind not in client.get(url).content.decode()
