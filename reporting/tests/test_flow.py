"""The round as personas (issue 6 "Tests that must exist"): the owner drafts and submits, the
overseer approves, the coordinator returns, the owner fixes, the coordinator accepts, the round
closes, a late edit is refused and the coordinator's reopen is audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Person, Role
from conftest import make_persona
from core.models import AuditEvent
from notifications.models import Notification, Reminder
from reporting import services
from reporting.models import RoundState, Submission, SubmissionReturn
from reporting.services import ActivityInput, SubmissionInput
from reporting.tests.factories import make_kpi, make_round

S = Submission.State


def _input(a: str, b: str, **extra) -> SubmissionInput:
    return SubmissionInput(
        values={"a": Decimal(a), "b": Decimal(b)},
        activities=(ActivityInput("ประชุม คชก. 12 ครั้ง", "พิจารณารายงาน 45 ฉบับ"),),
        **extra,
    )


def _save(user, submission: Submission, a: str = "45", b: str = "50", **extra) -> Submission:
    submission.refresh_from_db()
    return services.submission_save(
        user, submission, _input(a, b, **extra), expected_version=submission.version
    )


def test_round_as_personas(submission, owner, overseer, coordinator):
    # Owner drafts: 45/50 = 90 % → the standard level's 75 points, computed not typed.
    saved = _save(owner, submission, supporting_factors="ระบบ EIA Online")
    assert saved.state == S.DRAFT
    assert saved.result == Decimal("90.0000")
    assert saved.self_score == Decimal("75.0000")
    assert saved.level_label == "ระดับมาตรฐาน"
    assert [a.title for a in saved.activities.all()] == ["ประชุม คชก. 12 ครั้ง"]

    submitted = services.submission_submit(owner, saved)
    assert submitted.state == S.SUBMITTED
    assert submitted.submitted_by_id == owner.pk

    approved = services.submission_approve(overseer, submitted)
    assert approved.state == S.OVERSEER_APPROVED

    returned = services.submission_return(coordinator, approved, comment="แนบมติ คชก. ให้ครบ")
    assert returned.state == S.RETURNED
    assert SubmissionReturn.objects.get(submission=submission).comment == "แนบมติ คชก. ให้ครบ"

    fixed = _save(owner, returned, a="47", b="50")  # the return becomes a draft again
    assert fixed.state == S.DRAFT
    assert fixed.self_score == Decimal("85.0000")  # 94 %: 75 + 4/10 × 25
    services.submission_submit(owner, fixed)
    services.submission_approve(overseer, Submission.objects.get(pk=submission.pk))
    accepted = services.submission_accept(coordinator, Submission.objects.get(pk=submission.pk))
    assert accepted.state == S.ACCEPTED

    state = services.round_close(coordinator, submission.round, confirmed=True)
    assert state.state == RoundState.State.CLOSED

    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        _save(owner, accepted, a="50", b="50")
    assert Submission.objects.get(pk=submission.pk).result == Decimal("94.0000")

    with pytest.raises(PermissionDenied):
        services.submission_reopen(owner, accepted, reason="ขอแก้")
    reopened = services.submission_reopen(
        coordinator, accepted, reason="สำนักงาน ก.พ.ร. ขอข้อมูลเพิ่มเติม"
    )
    assert reopened.state == S.DRAFT and reopened.reopened
    event = AuditEvent.objects.filter(action="reporting.submission.reopened").get()
    assert event.data["reason"] == "สำนักงาน ก.พ.ร. ขอข้อมูลเพิ่มเติม"
    assert event.actor_id == coordinator.pk
    assert _save(owner, reopened, a="50", b="50").self_score == Decimal("100.0000")


def test_every_step_is_audited(submission, owner, overseer, coordinator):
    services.submission_submit(owner, _save(owner, submission))
    services.submission_approve(overseer, submission)
    services.submission_accept(coordinator, submission)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "reporting.round.opened",
        "reporting.submission.saved",
        "reporting.submission.submitted",
        "reporting.submission.overseer_approved",
        "reporting.submission.accepted",
    } <= actions


def test_returns_are_kept_as_history(submission, owner, overseer, coordinator):
    for comment in ("ครั้งที่หนึ่ง", "ครั้งที่สอง"):
        services.submission_submit(owner, _save(owner, submission))
        services.submission_return(coordinator, submission, comment=comment)
    assert list(
        SubmissionReturn.objects.filter(submission=submission).values_list("comment", flat=True)
    ) == ["ครั้งที่สอง", "ครั้งที่หนึ่ง"]


def test_return_needs_a_comment(submission, owner, coordinator):
    services.submission_submit(owner, _save(owner, submission))
    with pytest.raises(ValidationError) as error:
        services.submission_return(coordinator, submission, comment="  ")
    assert "comment" in error.value.message_dict
    assert Submission.objects.get(pk=submission.pk).state == S.SUBMITTED


def test_overseer_may_return_what_waits_for_them_but_not_accept(
    submission, owner, overseer, coordinator
):
    services.submission_submit(owner, _save(owner, submission))
    services.submission_return(overseer, submission, comment="ตรวจตัวเลขอีกครั้ง")
    services.submission_submit(owner, _save(owner, submission))
    services.submission_approve(overseer, submission)
    with pytest.raises(PermissionDenied):
        services.submission_accept(overseer, submission)


def test_cannot_submit_without_a_result(submission, owner):
    empty = services.submission_save(owner, submission, SubmissionInput(), expected_version=0)
    with pytest.raises(ValidationError, match="ผลการดำเนินงาน"):
        services.submission_submit(owner, empty)


def test_staff_cannot_submit(submission, staff, owner):
    with pytest.raises(PermissionDenied):
        services.submission_save(staff, submission, _input("1", "2"), expected_version=0)
    _save(owner, submission)
    with pytest.raises(PermissionDenied):
        services.submission_submit(staff, submission)


def test_owner_of_another_unit_cannot_report(submission, org):
    other = make_persona("quality-owner", org.department, Role.OWNER, role_unit=org.quality)
    with pytest.raises(PermissionDenied):
        services.submission_save(other, submission, _input("1", "2"), expected_version=0)


def test_owner_of_the_parent_unit_reports_for_its_group(setup, org, owner, coordinator):
    kpi = make_kpi(setup.framework, "2", unit=org.eia_group)
    services.round_open(coordinator, setup.round)
    sub = Submission.objects.get(round=setup.round, kpi=kpi)
    assert _save(owner, sub).self_score == Decimal("75.0000")


def test_listed_collector_reports_for_another_units_kpi(setup, org, coordinator):
    collector = make_persona("collector", org.department, Role.STAFF, unit=org.quality)
    kpi = make_kpi(
        setup.framework,
        "2",
        unit=org.quality,
        collectors=(Person.objects.get(user_id=collector.pk),),
    )
    services.round_open(coordinator, setup.round)
    sub = Submission.objects.get(round=setup.round, kpi=kpi)
    assert _save(collector, sub).result == Decimal("90.0000")


def test_named_overseer_approves(setup, org, owner, coordinator):
    named = make_persona("named-overseer", org.department, Role.EXECUTIVE)
    kpi = make_kpi(
        setup.framework, "2", unit=org.eia, overseer=Person.objects.get(user_id=named.pk)
    )
    services.round_open(coordinator, setup.round)
    sub = Submission.objects.get(round=setup.round, kpi=kpi)
    services.submission_submit(owner, _save(owner, sub))
    assert services.submission_approve(named, sub).state == S.OVERSEER_APPROVED


def test_only_coordinator_opens_and_closes_rounds(setup, owner, overseer, coordinator):
    with pytest.raises(PermissionDenied):
        services.round_open(owner, setup.round)
    services.round_open(coordinator, setup.round)
    with pytest.raises(ValidationError, match="เปิดรับรายงานอยู่แล้ว"):
        services.round_open(coordinator, setup.round)
    with pytest.raises(PermissionDenied):
        services.round_close(overseer, setup.round, confirmed=True)


def test_reopen_needs_a_closed_round_and_a_reason(submission, owner, coordinator):
    with pytest.raises(ValidationError, match="ยังไม่ปิด"):  # the reopen transition's guard
        services.submission_reopen(coordinator, submission, reason="x")
    services.round_close(coordinator, submission.round, confirmed=True)
    with pytest.raises(ValidationError) as error:
        services.submission_reopen(coordinator, submission, reason="")
    assert "reason" in error.value.message_dict


def test_closing_again_locks_reopened_reports(submission, owner, coordinator):
    services.round_close(coordinator, submission.round, confirmed=True)
    services.submission_reopen(coordinator, submission, reason="แก้ตัวเลข")
    _save(owner, submission)
    services.round_open(coordinator, submission.round)
    services.round_close(coordinator, submission.round, confirmed=True)
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        _save(owner, submission)


def test_opening_notifies_owners_and_collectors_with_reminders(setup, org, coordinator, owner):
    collector = make_persona("collector", org.department, Role.STAFF, unit=org.quality)
    setup.kpi.collectors.add(Person.objects.get(user_id=collector.pk))
    future = make_round(
        setup.framework, 12, due=datetime.date.today() + datetime.timedelta(days=30)
    )
    services.round_open(coordinator, future)
    notified = set(
        Notification.objects.filter(kind="reporting.round").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"owner", "collector"}
    assert (
        Notification.objects.filter(recipient=owner, kind="reporting.round").get().due
        == future.due_date
    )
    reminders = Reminder.objects.filter(dedupe_key__startswith=f"reporting:round:{future.pk}:")
    assert reminders.count() == 4  # 7 days and 1 day before, for both people
    services.round_close(coordinator, future, confirmed=True)
    assert not reminders.filter(cancelled_at__isnull=True).exists()


def test_submit_notifies_the_overseer(submission, owner, overseer):
    services.submission_submit(owner, _save(owner, submission))
    assert Notification.objects.filter(recipient=overseer, kind="reporting.review").exists()


def test_round_without_approved_kpis_cannot_open(org, coordinator):
    from reporting.tests.factories import make_framework

    framework = make_framework(org.department, 2570)
    make_kpi(framework, approved=False, unit=org.eia)
    with pytest.raises(ValidationError, match="ยังไม่มีตัวชี้วัด"):
        services.round_open(coordinator, make_round(framework))
