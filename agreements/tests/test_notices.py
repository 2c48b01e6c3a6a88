"""Who is told what, and which reminders are scheduled and cancelled (domain §7)."""

import datetime

import pytest
from django.utils import timezone

from agreements import services
from agreements.models import Agreement
from agreements.tests.factories import make_agreement, make_framework
from notifications.models import Notification, Reminder
from notifications.nudges import NudgeTooSoonError
from notifications.services import reminders_send_due

pytestmark = pytest.mark.django_db
S = Agreement.State
TODAY = timezone.localdate()


def test_data_request_notifies_the_division_and_schedules_a_reminder(
    cycle, org, coordinator, owner, overseer, staff
):
    request = services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="ข้อมูลฐาน", details="",
        due_on=TODAY + datetime.timedelta(days=10),
    )  # fmt: skip
    told = set(Notification.objects.filter(kind="agreements.data_request").values_list(
        "recipient__username", flat=True))  # fmt: skip
    assert told == {"owner", "overseer"}
    reminders = Reminder.objects.filter(dedupe_key=request.reminder_key)
    assert {r.recipient.username for r in reminders} == {"owner", "overseer"}
    assert all(
        timezone.localtime(r.send_at).date() == TODAY + datetime.timedelta(days=8)
        for r in reminders
    )
    services.data_request_respond(owner, request, text="ส่งแล้ว")
    assert all(r.cancelled_at is not None for r in reminders.all())
    assert Notification.objects.filter(recipient=coordinator, kind="agreements.data_response")


def test_answered_requests_are_not_reminded_and_reminders_send_once(
    cycle, org, coordinator, owner, overseer
):
    answered = services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="ตอบแล้ว", details="", due_on=TODAY
    )
    open_ = services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="ยังไม่ตอบ", details="", due_on=TODAY
    )
    services.data_request_respond(owner, answered, text="ok")
    later = timezone.now() + datetime.timedelta(days=1)
    assert reminders_send_due(later) == 2  # owner and overseer, for the open one only
    assert reminders_send_due(later) == 0
    reminded = Notification.objects.filter(title__contains="ใกล้ครบกำหนด")
    assert reminded.count() == 2
    assert all("ยังไม่ตอบ" in n.title for n in reminded)
    assert open_.reminder_key


def test_nudging_unanswered_divisions_twice_a_day_tells_them_once(cycle, org, coordinator, owner):
    services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="x", details="", due_on=TODAY
    )
    first = services.data_requests_remind(coordinator, cycle.agreement)
    assert first.people >= 1
    with pytest.raises(NudgeTooSoonError):  # rate-limited: says when the next is allowed
        services.data_requests_remind(coordinator, cycle.agreement)


def test_submission_asks_the_committee_and_return_tells_the_coordinator(
    cycle, coordinator, committee_member
):
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    review = Notification.objects.get(recipient=committee_member)
    assert review.kind == "agreements.committee_review"
    assert review.url.endswith("/committee/")
    services.committee_resolve(
        committee_member, cycle.agreement, decision="return", meeting_number="1/2568",
        meeting_date=TODAY, text="แก้ไข",
    )  # fmt: skip
    returned = Notification.objects.get(recipient=coordinator, kind="agreements.returned")
    assert "แก้ไข" in returned.body


def test_step_deadline_reminders_move_with_the_steps(org, coordinator):
    framework = make_framework(org.department)
    agreement = services.agreement_start(coordinator, framework, started_on=TODAY)
    due = Reminder.objects.get(dedupe_key=f"agreements:step1:{agreement.pk}:due")
    assert due.recipient == coordinator
    assert due.cancelled_at is None
    Agreement.objects.filter(pk=agreement.pk).update(state=S.COMMITTEE_REVIEW, submission_count=1)
    agreement.refresh_from_db()
    from accounts.models import Role
    from conftest import make_persona

    member = make_persona("member", org.department, Role.COMMITTEE)
    services.committee_resolve(
        member, agreement, decision="approve", meeting_number="1", meeting_date=TODAY, text="ok"
    )
    due.refresh_from_db()
    assert due.cancelled_at is not None


def test_circulation_asks_each_responsible_person_and_acknowledging_cancels_their_reminder(
    cycle, coordinator, owner, overseer
):
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.SIGNED, signed_on=TODAY)
    cycle.agreement.refresh_from_db()
    services.agreement_circulate(coordinator, cycle.agreement)
    asked = Notification.objects.filter(kind="agreements.acknowledge")
    assert {n.recipient.username for n in asked} == {"owner", "overseer"}
    services.agreement_acknowledge(owner, cycle.agreement)
    reminders = {
        r.recipient.username: r for r in Reminder.objects.filter(kind="agreements.acknowledge")
    }
    assert reminders["owner"].cancelled_at is not None
    assert reminders["overseer"].cancelled_at is None


def test_negotiation_news_reaches_the_evaluator(cycle, coordinator, evaluator):
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.COMMITTEE_APPROVED)
    cycle.agreement.refresh_from_db()
    services.negotiation_start(coordinator, cycle.agreement)
    services.negotiation_round_create(
        coordinator, cycle.agreement, held_on=TODAY, participants="x", minutes=""
    )
    assert (
        Notification.objects.filter(recipient=evaluator, kind="agreements.negotiation").count() == 2
    )


def test_an_agreement_without_framework_days_schedules_no_deadline(org, coordinator):
    framework = make_framework(org.department, steps=(None, None, None, None))
    agreement = make_agreement(framework)
    from agreements.services.cycle import schedule_step_deadline

    schedule_step_deadline(agreement, 1, TODAY)
    assert not Reminder.objects.exists()
