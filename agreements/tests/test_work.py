"""Steps 1–3 tasks on "My work" appear and disappear with the agreement's state (issue 16
item 1), one test per kind, as the persona who owns it — whoever does the work, and whether or
not the notification was read."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agreements import services
from agreements.models import Agreement
from agreements.services._common import page_url
from agreements.terms import snapshot_of
from core.work import work_items_for
from indicators.models import Kpi
from notifications.models import Notification

pytestmark = pytest.mark.django_db
S = Agreement.State
TODAY = timezone.localdate()


def kinds(user) -> list[str]:
    return [item.kind for item in work_items_for(user)]


def _approved(agreement, coordinator, committee_member):
    services.agreement_submit_to_committee(coordinator, agreement)
    services.committee_resolve(
        committee_member, agreement, decision="approve", meeting_number="1/2568",
        meeting_date=TODAY, text="เห็นชอบ",
    )  # fmt: skip
    return agreement


def test_data_request_to_answer_disappears_when_the_division_answers(
    cycle, org, coordinator, owner, overseer
):
    request = services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="ผลการพิจารณารายงาน EIA 3 ปี",
        details="", due_on=TODAY + datetime.timedelta(days=5),
    )  # fmt: skip
    [item] = work_items_for(owner)
    assert item.kind == "data_request" and item.step == 1
    assert item.due == TODAY + datetime.timedelta(days=5) and item.overdue_days == -5
    assert item.fiscal_year == cycle.framework.fiscal_year
    assert item.url == page_url(cycle.agreement, "data_request", pk=request.pk)
    assert kinds(overseer) == ["data_request"]
    assert "data_request" not in kinds(coordinator)  # who asked does not answer
    # The overseer answers; the owner's task goes too, though their notification is unread.
    services.data_request_respond(overseer, request, text="ปี 2566: 82%")
    assert Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()
    assert kinds(owner) == [] and kinds(overseer) == []


def test_committee_review_disappears_when_the_committee_resolves(
    cycle, coordinator, committee_member, owner
):
    assert kinds(committee_member) == []
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    [item] = work_items_for(committee_member)
    assert item.kind == "committee_review" and item.step == 1
    assert item.url == page_url(cycle.agreement, "committee")
    assert "committee_review" not in kinds(owner)
    services.committee_resolve(
        committee_member, cycle.agreement, decision="return", meeting_number="1/2568",
        meeting_date=TODAY, text="ปรับค่าเป้าหมาย",
    )  # fmt: skip
    assert kinds(committee_member) == []


def test_returned_draft_waits_for_the_coordinator_until_resubmitted(
    cycle, coordinator, committee_member
):
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    assert kinds(coordinator) == []
    services.committee_resolve(
        committee_member, cycle.agreement, decision="return", meeting_number="1/2568",
        meeting_date=TODAY, text="ปรับค่าเป้าหมาย",
    )  # fmt: skip
    [item] = work_items_for(coordinator)
    assert item.kind == "committee_resubmit" and item.step == 1
    assert item.url == page_url(cycle.agreement, "committee")
    services.agreement_reopen(coordinator, cycle.agreement)
    assert kinds(coordinator) == ["committee_resubmit"]  # reopened, not yet resubmitted
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    assert kinds(coordinator) == []
    assert kinds(committee_member) == ["committee_review"]


def test_negotiation_positions_wait_for_the_evaluator_until_settled(
    cycle, coordinator, committee_member, evaluator
):
    agreement = _approved(cycle.agreement, coordinator, committee_member)
    assert kinds(evaluator) == []
    services.negotiation_start(coordinator, agreement)
    assert kinds(evaluator) == ["negotiation_position"]  # the meeting to hold
    round_ = services.negotiation_round_create(
        evaluator, agreement, held_on=TODAY, participants="สำนักงาน ก.พ.ร.\nสผ.", minutes=""
    )
    [item] = work_items_for(evaluator)
    assert item.kind == "negotiation_position" and item.step == 2
    assert item.url == page_url(agreement, "negotiation")
    assert "negotiation_position" not in kinds(coordinator)
    for position in round_.positions.all():
        services.position_settle(evaluator, position, outcome="accepted")
    assert "negotiation_position" not in kinds(evaluator)


def test_the_agreed_summary_waits_for_the_evaluator_until_recorded(
    cycle, coordinator, committee_member, evaluator
):
    """Issue 14 item 1: the agreed summary is OPDC's, so its task is the evaluator's."""
    agreement = _approved(cycle.agreement, coordinator, committee_member)
    services.negotiation_start(coordinator, agreement)
    round_ = services.negotiation_round_create(
        evaluator, agreement, held_on=TODAY, participants="สำนักงาน ก.พ.ร.", minutes=""
    )
    assert "negotiation_agree" not in kinds(evaluator)  # positions still open
    for position in round_.positions.all():
        services.position_settle(evaluator, position, outcome="accepted")
    [item] = work_items_for(evaluator)
    assert item.kind == "negotiation_agree" and item.step == 2
    assert item.url == page_url(agreement, "negotiation")
    assert "negotiation_agree" not in kinds(coordinator)
    services.agreement_mark_agreed(evaluator, agreement, summary="ตกลง", agreed_on=TODAY)
    assert kinds(evaluator) == []


def test_signature_waits_for_the_executive_until_signed(cycle, executive, coordinator):
    agreement = cycle.agreement
    agreement.agreed_snapshot = snapshot_of(cycle.framework)
    agreement.state = S.AGREED
    agreement.save()
    [item] = work_items_for(executive)
    assert item.kind == "signature" and item.step == 3
    assert item.url == page_url(agreement, "signing")
    assert "signature" not in kinds(coordinator)
    services.agreement_lock_kpis(coordinator, agreement)
    services.agreement_sign(executive, agreement, signed_on=TODAY)
    assert agreement.state == S.SIGNED
    assert kinds(executive) == []


def test_acknowledgement_disappears_when_acknowledged(cycle, coordinator, owner, overseer):
    Kpi.objects.filter(framework=cycle.framework).update(
        state=Kpi.State.APPROVED, approved_at=timezone.now()
    )
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.SIGNED, signed_on=TODAY)
    cycle.agreement.refresh_from_db()
    assert kinds(owner) == []
    services.agreement_circulate(coordinator, cycle.agreement)
    [item] = work_items_for(owner)
    assert item.kind == "acknowledgement" and item.step == 3
    assert item.url == page_url(cycle.agreement, "intranet")
    services.agreement_acknowledge(owner, cycle.agreement)
    assert kinds(owner) == []
    assert kinds(overseer) == ["acknowledgement"]  # each person acknowledges for themselves


def test_home_page_queries_do_not_grow_with_data_requests(
    client, cycle, org, coordinator, owner, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    def ask(n: int) -> None:
        services.data_request_create(
            coordinator, cycle.agreement, unit=org.eia, subject=f"ข้อมูลชุดที่ {n}",
            details="", due_on=TODAY + datetime.timedelta(days=n),
        )  # fmt: skip

    ask(1)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as few:
        assert "ข้อมูลชุดที่ 1" in client.get(reverse("home")).content.decode()
    for n in range(2, 12):
        ask(n)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("home")).content.decode()
    assert "ข้อมูลชุดที่ 11" in page and "ขั้นตอนที่ 1 จัดทำร่างตัวชี้วัด" in page


def test_home_groups_tasks_of_every_open_year(client, cycle, org, coordinator, owner):
    """In December the coordinator runs FY N and finishes FY N−1: both years are listed."""
    from django.urls import reverse

    from accounts.models import Person, Role, RoleAssignment
    from agreements.tests.factories import make_agreement, make_framework

    year = cycle.framework.fiscal_year
    RoleAssignment.objects.create(
        person=Person.objects.get(user=owner), role=Role.OWNER, fiscal_year=year - 1,
        department=org.department, unit=org.eia,
    )  # fmt: skip
    RoleAssignment.objects.create(
        person=Person.objects.get(user=coordinator), role=Role.COORDINATOR,
        fiscal_year=year - 1, department=org.department,
    )  # fmt: skip
    last = make_agreement(make_framework(org.department, year - 1))
    for agreement in (cycle.agreement, last):
        services.data_request_create(
            coordinator, agreement, unit=org.eia, subject=f"ข้อมูลปี {agreement.fiscal_year}",
            details="", due_on=TODAY,
        )  # fmt: skip
    client.force_login(owner)
    page = client.get(reverse("home")).content.decode()
    assert page.index(f"ปีงบประมาณ {year}</h3>") < page.index(f"ปีงบประมาณ {year - 1}</h3>")
    assert f"ข้อมูลปี {year}" in page and f"ข้อมูลปี {year - 1}" in page
    assert "ครบกำหนดวันนี้" in page
