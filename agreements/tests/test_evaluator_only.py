"""Issue 14 item 1: OPDC's part of the cycle is the assigned evaluator's alone (domain §8).

Counter-proposals, KPIs added by OPDC, the agreed values and amendment decisions are refused to
anyone else: 403 where the agreement is visible to them, 404 where it is not. A staff member
holding an evaluator row (a bad row: not a person of the evaluating body) gets nothing from it.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import Role
from agreements import services
from agreements.models import Agreement, Amendment, KpiPosition
from conftest import PERSONA_FY, RoleAssignmentFactory
from indicators.models import Kpi

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 10, 1)
S = Agreement.State


def url(name: str, **kwargs: object) -> str:
    return reverse(f"agreements:{name}", kwargs={"code": "onep", "year": PERSONA_FY, **kwargs})


@pytest.fixture
def position(cycle, coordinator, committee_member, evaluator) -> KpiPosition:
    agreement = cycle.agreement
    services.agreement_submit_to_committee(coordinator, agreement)
    services.committee_resolve(
        committee_member, agreement, decision="approve", meeting_number="1/2568",
        meeting_date=TODAY, text="เห็นชอบ",
    )  # fmt: skip
    services.negotiation_start(coordinator, agreement)
    round_ = services.negotiation_round_create(
        evaluator, agreement, held_on=TODAY, participants="สำนักงาน ก.พ.ร.", minutes=""
    )
    return round_.positions.get(number="1")


@pytest.fixture
def staff_made_evaluator(org, staff):
    """A bad row: onep's staff member holding the evaluator role in onep."""
    RoleAssignmentFactory(person=staff.person, role=Role.EVALUATOR, department=org.department)
    return staff


def _counter(position: KpiPosition) -> dict[str, object]:
    return {**position.proposed, "name_th": "ชื่อที่ส่วนราชการอยากได้"}


def test_department_coordinator_cannot_counter_propose(position, coordinator):
    with pytest.raises(PermissionDenied):
        services.position_counter_record(coordinator, position, terms=_counter(position))
    with pytest.raises(PermissionDenied):
        services.position_counter_record(coordinator, position, terms=None)
    position.refresh_from_db()
    assert position.counter is None


def test_department_coordinator_cannot_settle_or_add(cycle, position, coordinator):
    with pytest.raises(PermissionDenied):
        services.position_settle(coordinator, position, outcome=KpiPosition.Outcome.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.position_add(
            coordinator,
            position.round,
            component=cycle.framework.components.get(code="potential"),
            number="9",
            terms=_counter(position),
        )
    position.refresh_from_db()
    assert position.outcome == KpiPosition.Outcome.PENDING
    assert position.round.positions.count() == len(cycle.kpis)


def test_counter_proposal_page_answers_403_to_the_coordinator(client, position, coordinator):
    client.force_login(coordinator)
    page = client.get(url("position", pk=position.pk))
    assert page.status_code == 200
    assert 'name="save_counter"' not in page.content.decode()
    response = client.post(
        url("position", pk=position.pk),
        {"save_settle": "1", "settle-outcome": "accepted"},
    )
    assert response.status_code == 403
    position.refresh_from_db()
    assert position.outcome == KpiPosition.Outcome.PENDING


def test_department_coordinator_makes_staff_an_evaluator_and_is_refused(
    client, org, position, coordinator, staff
):
    with pytest.raises(PermissionDenied):
        accounts_services.role_assign(
            coordinator,
            person=staff.person,
            role=Role.EVALUATOR,
            fiscal_year=PERSONA_FY,
            department=org.department,
        )
    with pytest.raises(PermissionDenied):
        services.position_settle(staff, position, outcome=KpiPosition.Outcome.ACCEPTED)


def test_a_bad_evaluator_row_grants_nothing_in_the_negotiation(
    client, position, staff_made_evaluator
):
    staff = staff_made_evaluator
    with pytest.raises(PermissionDenied):
        services.position_counter_record(staff, position, terms=None)
    client.force_login(staff)
    # The unpublished agreement stays hidden: 404, not 403.
    assert client.get(url("negotiation")).status_code == 404
    response = client.post(
        url("position", pk=position.pk), {"save_settle": "1", "settle-outcome": "accepted"}
    )
    assert response.status_code == 404
    position.refresh_from_db()
    assert position.outcome == KpiPosition.Outcome.PENDING


def _signed_with_request(cycle, coordinator) -> Amendment:
    Kpi.objects.filter(framework=cycle.framework).update(
        state=Kpi.State.APPROVED, approved_at=timezone.now()
    )
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.SIGNED, signed_on=TODAY)
    cycle.agreement.refresh_from_db()
    return services.amendment_request(
        coordinator,
        cycle.agreement,
        kpi=Kpi.objects.get(pk=cycle.kpis[0].pk),
        reason="ข้อมูลฐานเปลี่ยน",
        proposed_change="ลดเป้าหมาย",
    )


def _decide(client, amendment: Amendment):
    return client.post(
        url("amendment_decide", pk=amendment.pk),
        {"decision": "approve", "effective_from": "2026-04-01", "note": "อนุมัติเอง"},
    )


def test_department_coordinator_cannot_approve_an_amendment(client, cycle, coordinator):
    amendment = _signed_with_request(cycle, coordinator)
    with pytest.raises(PermissionDenied):
        services.amendment_decide(
            coordinator, amendment, approve=True, effective_from=TODAY, note=""
        )
    client.force_login(coordinator)
    assert _decide(client, amendment).status_code == 403
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.REQUESTED


def test_a_bad_evaluator_row_cannot_approve_an_amendment(
    client, cycle, coordinator, staff_made_evaluator
):
    amendment = _signed_with_request(cycle, coordinator)
    with pytest.raises(PermissionDenied):
        services.amendment_decide(
            staff_made_evaluator, amendment, approve=True, effective_from=TODAY, note=""
        )
    client.force_login(staff_made_evaluator)
    assert _decide(client, amendment).status_code == 404  # signed, not published: hidden
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.REQUESTED


def test_the_assigned_evaluator_still_decides(client, cycle, coordinator, evaluator):
    amendment = _signed_with_request(cycle, coordinator)
    client.force_login(evaluator)
    assert _decide(client, amendment).status_code == 302
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.APPROVED


def test_bad_row_hears_no_negotiation_news(org, cycle, staff_made_evaluator, evaluator):
    from agreements import notices

    heard = notices.users_with_roles(cycle.agreement, [Role.EVALUATOR])
    assert heard == [evaluator]


# The agreed summary (NEGOTIATING → AGREED) is OPDC's word too --------------------------------


@pytest.fixture
def settled(cycle, position, evaluator) -> None:
    """Every KPI of the round settled by the evaluator; KPI 1 with a changed name."""
    for other in position.round.positions.exclude(pk=position.pk):
        services.position_settle(evaluator, other, outcome=KpiPosition.Outcome.ACCEPTED)
    services.position_settle(
        evaluator, position, outcome=KpiPosition.Outcome.CHANGED, terms=_counter(position)
    )


AGREED_BODY = {"agreed_on": "2025-11-20", "summary": "ข้อยุติการเจรจา"}


def test_department_coordinator_cannot_record_the_agreed_summary(
    client, cycle, settled, coordinator
):
    from core.models import AuditEvent

    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.agreement_mark_agreed(
            coordinator, cycle.agreement, summary="ตกลงเอง", agreed_on=TODAY
        )
    client.force_login(coordinator)
    page = client.get(url("negotiation")).content.decode()
    assert url("agree") not in page  # no button for the department
    assert client.post(url("agree"), AGREED_BODY).status_code == 403
    cycle.agreement.refresh_from_db()
    assert cycle.agreement.state == S.NEGOTIATING
    assert cycle.agreement.agreed_snapshot is None and cycle.agreement.agreed_summary == ""
    assert Kpi.objects.get(pk=cycle.kpis[0].pk).name_th != "ชื่อที่ส่วนราชการอยากได้"
    assert AuditEvent.objects.count() == events


def test_a_bad_evaluator_row_cannot_record_the_agreed_summary(
    client, cycle, settled, staff_made_evaluator
):
    with pytest.raises(PermissionDenied):
        services.agreement_mark_agreed(
            staff_made_evaluator, cycle.agreement, summary="ตกลง", agreed_on=TODAY
        )
    client.force_login(staff_made_evaluator)
    assert client.post(url("agree"), AGREED_BODY).status_code == 404  # hidden before publication
    cycle.agreement.refresh_from_db()
    assert cycle.agreement.state == S.NEGOTIATING


def test_the_assigned_evaluator_records_the_agreed_summary_and_the_sheets_take_it(
    client, cycle, settled, evaluator
):
    from core.models import AuditEvent

    client.force_login(evaluator)
    page = client.get(url("negotiation")).content.decode()
    assert url("agree") in page  # the evaluator's button
    response = client.post(url("agree"), AGREED_BODY)
    assert response.status_code == 302
    assert response["Location"] == url("negotiation_diff")
    cycle.agreement.refresh_from_db()
    assert cycle.agreement.state == S.AGREED
    assert cycle.agreement.agreed_summary == "ข้อยุติการเจรจา"
    # The KPI sheet took the agreed terms, written in the evaluator's name.
    kpi = Kpi.objects.get(pk=cycle.kpis[0].pk)
    assert kpi.name_th == "ชื่อที่ส่วนราชการอยากได้"
    assert AuditEvent.objects.filter(
        action="indicators.kpi.updated", actor=evaluator, object_id=str(kpi.pk)
    ).exists()
    assert AuditEvent.objects.filter(action="agreements.agreement.agreed", actor=evaluator).exists()
