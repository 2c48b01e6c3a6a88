"""Verification checklist, timeline, amendments, the document content and the history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.checklist import checklist_passes, verification_checklist
from agreements.content import agreement_content, agreement_for_document
from agreements.history import history_rows
from agreements.models import Agreement, AgreementParty, Amendment
from agreements.terms import snapshot_of
from agreements.timeline import cycle_steps
from indicators.models import Kpi

pytestmark = pytest.mark.django_db
S = Agreement.State
TODAY = timezone.localdate()


def _failing(agreement):
    return {
        check.label: check.problems for check in verification_checklist(agreement) if not check.ok
    }


def test_checklist_names_what_is_missing(cycle, org):
    kpi = cycle.kpis[0]
    Kpi.objects.filter(pk=kpi.pk).update(overseer=None, weight=Decimal(35), evidence_required="")
    kpi.collectors.clear()
    failing = _failing(cycle.agreement)
    assert failing["น้ำหนักรวมทุกตัวชี้วัดเท่ากับ 100"] == ["รวมได้ 95.00"]
    assert "องค์ประกอบ Performance Base: น้ำหนักตัวชี้วัดรวมเท่ากับ 70.00" in failing
    name = f"{kpi.number} {kpi.name_th}"
    assert failing["ทุกตัวชี้วัดมีผู้กำกับดูแลตัวชี้วัด"] == [name]
    assert failing["ทุกตัวชี้วัดมีผู้จัดเก็บข้อมูล"] == [name]
    assert failing["ทุกตัวชี้วัดระบุเอกสาร/หลักฐานประกอบ"] == [name]


def test_checklist_passes_when_complete_agreed_and_locked(cycle):
    agreement = cycle.agreement
    agreement.agreed_snapshot = snapshot_of(cycle.framework)
    agreement.save()
    assert not checklist_passes(verification_checklist(agreement))  # drafts not locked yet
    Kpi.objects.filter(framework=cycle.framework).update(state=Kpi.State.APPROVED)
    assert checklist_passes(verification_checklist(agreement))
    Kpi.objects.filter(pk=cycle.kpis[1].pk).update(name_th="เปลี่ยนหลังตกลง")
    assert "รายละเอียดตัวชี้วัดตรงกับผลการเจรจาที่ตกลง" in _failing(agreement)


def test_timeline_marks_overdue_and_done_late(cycle):
    agreement = cycle.agreement  # started 1 Oct 2025, step 1 = 7 working days → 10 Oct
    steps = cycle_steps(agreement, today=datetime.date(2025, 10, 20))
    assert steps[0].deadline == datetime.date(2025, 10, 10)
    assert steps[0].status == "overdue"
    Agreement.objects.filter(pk=agreement.pk).update(
        approved_on=datetime.date(2025, 10, 14), state=S.COMMITTEE_APPROVED
    )
    agreement.refresh_from_db()
    steps = cycle_steps(agreement, today=datetime.date(2025, 10, 20))
    assert steps[0].status == "done_late"
    assert steps[1].status == "in_progress"  # no OPDC date yet: no deadline
    assert steps[3].deadline == datetime.date(2026, 10, 31)  # the last report's due date


def test_opdc_date_is_the_negotiation_deadline(cycle, coordinator):
    services.agreement_update_settings(
        coordinator, cycle.agreement, started_on=datetime.date(2025, 10, 1), day_basis="working",
        negotiation_due=datetime.date(2025, 11, 20),
    )  # fmt: skip
    Agreement.objects.filter(pk=cycle.agreement.pk).update(approved_on=datetime.date(2025, 10, 9))
    cycle.agreement.refresh_from_db()
    assert cycle_steps(cycle.agreement)[1].deadline == datetime.date(2025, 11, 20)


def test_only_the_coordinator_changes_settings_and_holidays(cycle, org, owner):
    with pytest.raises(PermissionDenied):
        services.agreement_update_settings(
            owner, cycle.agreement, started_on=TODAY, day_basis="calendar", negotiation_due=None,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.holiday_add(owner, org.department, date=TODAY, name="x")


def _signed(cycle):
    Kpi.objects.filter(framework=cycle.framework).update(
        state=Kpi.State.APPROVED, approved_at=timezone.now()
    )
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.SIGNED, signed_on=TODAY)
    cycle.agreement.refresh_from_db()
    return cycle.agreement


def test_amendment_needs_opdc_approval_and_keeps_the_signed_version(
    cycle, coordinator, evaluator, owner
):
    agreement = _signed(cycle)
    signed = Kpi.objects.get(pk=cycle.kpis[0].pk)
    amendment = services.amendment_request(
        coordinator, agreement, kpi=signed, reason="ข้อมูลฐานเปลี่ยน", proposed_change="ลดเป้าหมาย"
    )
    with pytest.raises(ValidationError):
        services.amendment_start_version(coordinator, amendment)  # not approved yet
    with pytest.raises(PermissionDenied):
        services.amendment_decide(owner, amendment, approve=True, effective_from=TODAY, note="")
    services.amendment_decide(
        evaluator, amendment, approve=True, effective_from=datetime.date(2026, 4, 1), note="ได้"
    )
    new = services.amendment_start_version(coordinator, amendment)
    assert new.version == 2 and new.state == Kpi.State.DRAFT
    signed.refresh_from_db()
    assert signed.state == Kpi.State.APPROVED  # still readable and in force until approved
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.APPROVED
    assert amendment.effective_from == datetime.date(2026, 4, 1)
    assert amendment.new_kpi == new


def test_amendment_only_after_signing(cycle, coordinator):
    with pytest.raises(Exception) as refused:
        services.amendment_request(
            coordinator, cycle.agreement, kpi=cycle.kpis[0], reason="x", proposed_change="y"
        )
    assert "หลังลงนาม" in str(refused.value)


def test_agreement_content_for_document_builders(cycle, coordinator, executive):
    agreement = _signed(cycle)
    from accounts.models import Person

    signer = Person.objects.get(user=executive)
    Agreement.objects.filter(pk=agreement.pk).update(
        signer=signer, signed_snapshot=snapshot_of(cycle.framework),
    )  # fmt: skip
    AgreementParty.objects.create(
        agreement=agreement, side="receiver", order=1, name="นายปลัด กระทรวง",
        position="ปลัดกระทรวง",
    )  # fmt: skip
    content = agreement_content(agreement_for_document("onep", 2569))
    assert content.source == "signed"
    assert content.giver is not None and content.giver.name == signer.full_name
    assert content.receiver is not None and content.receiver.position == "ปลัดกระทรวง"
    assert [c.weight for c in content.components] == [Decimal(70), Decimal(30)]
    assert content.total_weight == Decimal(100)
    first = content.components[0].kpis[0]
    assert first.weight == Decimal(40)
    assert [lv.target for lv in first.levels] == [Decimal(80), Decimal(90), Decimal(100)]
    assert content.period_start == datetime.date(2025, 10, 1)
    with pytest.raises(Agreement.DoesNotExist):
        agreement_for_document("onep", 2570)


def test_history_lists_who_did_what_in_thai(cycle, coordinator, client):
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    rows = history_rows(cycle.agreement)
    assert rows[0].what == "เสนอร่างตัวชี้วัดต่อคณะกรรมการ"
    assert rows[0].who.startswith("นางสาวสมศรี")
    client.force_login(coordinator)
    html = client.get(
        reverse("agreements:history", kwargs={"code": "onep", "year": 2569})
    ).content.decode()
    assert "เสนอร่างตัวชี้วัดต่อคณะกรรมการ" in html


def test_step_4_ticks_a_reporting_round_once_it_is_closed(cycle):
    from reporting.models import RoundState

    six = cycle.framework.rounds.get(months=6)
    items = {item.label: item for item in cycle_steps(cycle.agreement)[3].items}
    assert not items[six.name_th].done and "กำหนดส่ง" in items[six.name_th].detail

    RoundState.objects.create(round=six, state=RoundState.State.OPEN, opened_at=timezone.now())
    items = {item.label: item for item in cycle_steps(cycle.agreement)[3].items}
    assert not items[six.name_th].done and "เปิดรับรายงาน" in items[six.name_th].detail

    RoundState.objects.filter(round=six).update(
        state=RoundState.State.CLOSED,
        closed_at=timezone.make_aware(datetime.datetime(2026, 5, 8, 17)),
    )
    items = {item.label: item for item in cycle_steps(cycle.agreement)[3].items}
    assert items[six.name_th].done and items[six.name_th].detail == "ปิดรอบแล้ว 8 พ.ค. 69"
    twelve = cycle.framework.rounds.get(months=12)
    assert not items[twelve.name_th].done
