"""The whole cycle as personas (domain §7 steps 1–3), through the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agreements import services
from agreements.checklist import checklist_passes, verification_checklist
from agreements.models import Agreement, KpiPosition, Resolution
from agreements.services.negotiation import standing_positions
from agreements.terms import diff_snapshots
from agreements.tests.factories import pdf_upload, person
from core.models import AuditEvent
from core.transitions import TransitionError
from indicators.models import Kpi
from notifications.models import Notification

pytestmark = pytest.mark.django_db
S = Agreement.State
TODAY = timezone.localdate()


def counter_terms(**changes):
    terms = {
        "name_th": "ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จภายในเวลาที่กฎหมายกำหนด",
        "weight": "40",
        "method": "levels",
        "direction": "higher",
        "levels": [
            {"label": "ขั้นต้น", "target": "85", "score": "50"},
            {"label": "มาตรฐาน", "target": "92", "score": "70"},
            {"label": "ขั้นสูง", "target": "100", "score": "100"},
        ],
    }
    return {**terms, **changes}


def test_the_whole_path_from_draft_to_published(
    cycle, org, coordinator, owner, overseer, committee_member, executive, evaluator, staff
):
    agreement = cycle.agreement
    kpi1, _kpi2, _kpi3, kpi4 = cycle.kpis

    # Step 1: the coordinator studies, briefs, asks for data and submits the draft.
    services.guideline_upload(coordinator, agreement, upload=pdf_upload(), title="คู่มือ ปี 2569")
    services.briefing_record(
        coordinator, agreement, held_on=TODAY, title="ชี้แจงกรอบการประเมิน",
        attendees="ผอ.กอง\nผู้ประสานงาน", minutes="รับทราบกรอบ",
    )  # fmt: skip
    request = services.data_request_create(
        coordinator, agreement, unit=org.eia, subject="ผลการพิจารณารายงาน EIA 3 ปี",
        details="", due_on=TODAY + datetime.timedelta(days=5),
    )  # fmt: skip
    services.data_request_respond(owner, request, text="ปี 2566: 82%, 2567: 85%, 2568: 88%")
    services.agreement_submit_to_committee(coordinator, agreement)
    assert agreement.state == S.COMMITTEE_REVIEW
    assert agreement.submission_count == 1

    # The committee comments on KPI 1 and returns the draft.
    services.committee_comment_add(
        committee_member, agreement, text="ค่าเป้าหมายต่ำกว่าผลปีก่อน", kpi_key=kpi1.key
    )
    services.committee_resolve(
        committee_member, agreement, decision="return", meeting_number="2/2568",
        meeting_date=TODAY, text="ให้ปรับค่าเป้าหมายตัวชี้วัดที่ 1",
    )  # fmt: skip
    assert agreement.state == S.RETURNED
    assert Notification.objects.filter(recipient=coordinator, kind="agreements.returned").exists()

    # The coordinator fixes the draft and resubmits; the committee approves.
    services.agreement_reopen(coordinator, agreement)
    assert agreement.state == S.DRAFT
    kpi1.levels.filter(order=1).update(target=Decimal(82))
    services.agreement_submit_to_committee(coordinator, agreement)
    assert agreement.submission_count == 2
    resolution = services.committee_resolve(
        committee_member, agreement, decision="approve", meeting_number="3/2568",
        meeting_date=TODAY, text="เห็นชอบร่างตัวชี้วัด",
    )  # fmt: skip
    assert agreement.state == S.COMMITTEE_APPROVED
    assert resolution.decision == Resolution.Decision.APPROVE
    approved_targets = agreement.approved_snapshot["kpis"][0]["levels"][0]["target"]
    assert approved_targets == "82"

    # Step 2: negotiation with the evaluator.
    services.negotiation_start(coordinator, agreement)
    round_ = services.negotiation_round_create(
        evaluator, agreement, held_on=TODAY, participants="สำนักงาน ก.พ.ร.\nสผ.", minutes="เจรจา"
    )
    positions = {p.number: p for p in round_.positions.all()}
    assert set(positions) == {"1", "2", "3", "4"}
    services.position_counter_record(evaluator, positions["1"], terms=counter_terms())
    services.position_counter_record(evaluator, positions["4"], terms=None)
    added = services.position_add(
        evaluator, round_, component=cycle.framework.components.get(code="potential"),
        number="5", terms=counter_terms(name_th="การพัฒนาบุคลากร", weight="10"),
    )  # fmt: skip
    services.position_settle(evaluator, positions["1"], outcome="changed", terms=counter_terms())
    for number in ("2", "3"):
        services.position_settle(evaluator, positions[number], outcome="accepted")
    services.position_settle(evaluator, positions["4"], outcome="dropped")
    services.position_settle(evaluator, added, outcome="accepted")
    services.agreement_mark_agreed(
        evaluator, agreement, summary="ปรับเป้าหมายตัวชี้วัดที่ 1 ตัดตัวที่ 4 เพิ่มตัวที่ 5",
        agreed_on=TODAY,
    )  # fmt: skip
    assert agreement.state == S.AGREED
    # The sheets took the agreed terms: KPI 1 retargeted, KPI 4 gone, KPI 5 created.
    kpi1.refresh_from_db()
    assert [lv.target for lv in kpi1.levels.order_by("order")] == [85, 92, 100]
    assert not Kpi.objects.filter(pk=kpi4.pk).exists()
    new = Kpi.objects.get(framework=cycle.framework, number="5")
    assert new.key == added.kpi_key
    statuses = {d.number: d.status for d in diff_snapshots(
        agreement.approved_snapshot, agreement.agreed_snapshot)}  # fmt: skip
    assert statuses == {"1": "changed", "2": "unchanged", "3": "unchanged", "4": "dropped",
                        "5": "added"}  # fmt: skip

    # Step 3: the checklist stops signing until KPI 5 is complete and every sheet is locked.
    with pytest.raises(ValidationError) as refused:
        services.agreement_sign(executive, agreement, signed_on=TODAY)
    assert "ยังลงนามไม่ได้" in refused.value.messages[0]
    Kpi.objects.filter(pk=new.pk).update(
        responsible_unit=org.admdev, overseer=person(overseer), evidence_required="หลักฐาน"
    )
    new.collectors.set([person(owner)])
    assert services.agreement_lock_kpis(coordinator, agreement) == 4
    assert checklist_passes(verification_checklist(agreement))
    services.agreement_sign(executive, agreement, signed_on=TODAY, scan=pdf_upload("signed.pdf"))
    assert agreement.state == S.SIGNED
    assert agreement.signer == person(executive)
    # No giver was named: the signer is recorded as the giver (issue 17 item 7).
    assert [(p.side, p.name) for p in agreement.parties.all()] == [
        ("giver", person(executive).full_name)
    ]
    assert len(agreement.signed_snapshot["kpis"]) == 4

    # Circulation and acknowledgements.
    asked = services.agreement_circulate(coordinator, agreement)
    assert asked == 2  # the overseer and the collector (who is also the EIA owner)
    services.agreement_acknowledge(owner, agreement)
    assert agreement.acknowledgements.filter(acknowledged_at__isnull=False).count() == 1

    # Publication.
    services.agreement_publish(coordinator, agreement, public=True)
    agreement.refresh_from_db()
    assert agreement.published_at is not None and agreement.public
    assert agreement.state == S.CIRCULATED

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "agreements.agreement.submitted",
        "agreements.agreement.returned",
        "agreements.agreement.approved",
        "agreements.agreement.agreed",
        "agreements.agreement.signed",
        "agreements.agreement.circulated",
        "agreements.agreement.published",
    } <= actions


ILLEGAL = [
    # (state, service call, expected words of the Thai message)
    (S.DRAFT, lambda p, a: services.agreement_sign(p["executive"], a, signed_on=TODAY),
     "ลงนามได้เฉพาะคำรับรองที่เจรจาได้ข้อยุติแล้ว"),
    (S.DRAFT, lambda p, a: services.committee_resolve(
        p["committee_member"], a, decision="approve", meeting_number="1", meeting_date=TODAY,
        text="x"), "คณะกรรมการเห็นชอบได้เฉพาะร่างที่เสนอคณะกรรมการแล้ว"),
    (S.DRAFT, lambda p, a: services.negotiation_start(p["coordinator"], a),
     "เริ่มการเจรจาได้หลังคณะกรรมการเห็นชอบร่างแล้วเท่านั้น"),
    (S.COMMITTEE_REVIEW, lambda p, a: services.agreement_submit_to_committee(p["coordinator"], a),
     "เสนอคณะกรรมการได้เฉพาะร่าง"),
    (S.COMMITTEE_APPROVED, lambda p, a: services.agreement_mark_agreed(
        p["evaluator"], a, summary="x", agreed_on=TODAY), "บันทึกผลที่ตกลงได้เฉพาะระหว่างการเจรจา"),
    (S.NEGOTIATING, lambda p, a: services.agreement_circulate(p["coordinator"], a),
     "แจ้งเวียนได้เฉพาะคำรับรองที่ลงนามแล้ว"),
    (S.AGREED, lambda p, a: services.agreement_publish(p["coordinator"], a, public=False),
     "เผยแพร่ได้เฉพาะคำรับรองที่ลงนามแล้ว"),
    (S.SIGNED, lambda p, a: services.agreement_reopen(p["coordinator"], a),
     "นำกลับมาแก้ไขได้เฉพาะร่างที่คณะกรรมการส่งกลับ"),
    (S.CIRCULATED, lambda p, a: services.negotiation_reopen(p["coordinator"], a),
     "เปิดการเจรจาอีกครั้งได้เฉพาะก่อนการลงนาม"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "call", "words"), ILLEGAL)
def test_illegal_transition_is_refused_with_a_thai_message(
    cycle, coordinator, committee_member, executive, evaluator, state, call, words
):
    agreement = cycle.agreement
    Agreement.objects.filter(pk=agreement.pk).update(state=state)
    agreement.refresh_from_db()
    people = {
        "coordinator": coordinator,
        "committee_member": committee_member,
        "executive": executive,
        "evaluator": evaluator,
    }
    with pytest.raises(TransitionError) as refused:
        call(people, agreement)
    assert words in str(refused.value)
    assert "สถานะปัจจุบัน" in str(refused.value)
    agreement.refresh_from_db()
    assert agreement.state == state


def test_owner_cannot_approve_the_draft(cycle, coordinator, owner):
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    with pytest.raises(PermissionDenied) as refused:
        services.committee_resolve(
            owner, cycle.agreement, decision="approve", meeting_number="1/2568",
            meeting_date=TODAY, text="เห็นชอบ",
        )  # fmt: skip
    assert "กรรมการ" in str(refused.value)
    cycle.agreement.refresh_from_db()
    assert cycle.agreement.state == S.COMMITTEE_REVIEW


def test_coordinator_cannot_approve_their_own_submission(cycle, coordinator):
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    with pytest.raises(PermissionDenied):
        services.committee_resolve(
            coordinator, cycle.agreement, decision="approve", meeting_number="1",
            meeting_date=TODAY, text="x",
        )  # fmt: skip


def test_only_the_executive_signs(cycle, coordinator):
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.AGREED)
    cycle.agreement.refresh_from_db()
    with pytest.raises(PermissionDenied) as refused:
        services.agreement_sign(coordinator, cycle.agreement, signed_on=TODAY)
    assert "ผู้บริหาร" in str(refused.value)


def test_empty_draft_cannot_be_submitted(cycle, coordinator):
    Kpi.objects.filter(framework=cycle.framework).delete()
    with pytest.raises(ValidationError) as refused:
        services.agreement_submit_to_committee(coordinator, cycle.agreement)
    assert "ยังไม่มีตัวชี้วัด" in refused.value.messages[0]


def test_committee_reviews_the_frozen_submission_not_later_edits(cycle, coordinator):
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    Kpi.objects.filter(pk=cycle.kpis[0].pk).update(name_th="ชื่อที่แก้ภายหลัง")
    names = [k["name_th"] for k in cycle.agreement.submitted_snapshot["kpis"]]
    assert "ชื่อที่แก้ภายหลัง" not in names


def test_a_stale_agreement_is_a_clear_error_not_an_overwrite(cycle, coordinator):
    stale = Agreement.objects.get(pk=cycle.agreement.pk)
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    stale.state = S.DRAFT  # what the other tab still shows
    with pytest.raises(TransitionError) as refused:
        services.agreement_submit_to_committee(coordinator, stale)
    assert "ผู้อื่น" in str(refused.value)


def test_pending_positions_stop_the_agreement(cycle, coordinator, evaluator):
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.NEGOTIATING)
    cycle.agreement.refresh_from_db()
    services.negotiation_round_create(evaluator, cycle.agreement, held_on=TODAY, participants="x",
                                      minutes="")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.agreement_mark_agreed(evaluator, cycle.agreement, summary="x", agreed_on=TODAY)
    assert any("ยังไม่ได้บันทึกผลการเจรจา" in m for m in refused.value.messages)


def test_a_second_round_carries_the_agreed_terms_and_leaves_dropped_kpis_out(
    cycle, coordinator, evaluator
):
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.NEGOTIATING)
    cycle.agreement.refresh_from_db()
    first = services.negotiation_round_create(
        evaluator, cycle.agreement, held_on=TODAY, participants="x", minutes=""
    )
    by_number = {p.number: p for p in first.positions.all()}
    services.position_settle(evaluator, by_number["1"], outcome="changed",
                             terms=counter_terms())  # fmt: skip
    services.position_settle(evaluator, by_number["4"], outcome="dropped")
    second = services.negotiation_round_create(
        evaluator, cycle.agreement, held_on=TODAY, participants="x", minutes=""
    )
    carried = {p.number: p for p in second.positions.all()}
    assert "4" not in carried
    assert carried["1"].proposed["levels"][0]["target"] == "85"
    assert carried["1"].outcome == KpiPosition.Outcome.PENDING
    # The first round is now a record: it cannot be changed.
    with pytest.raises(ValidationError):
        services.position_settle(evaluator, by_number["2"], outcome="accepted")
    assert len(standing_positions(cycle.agreement)) == 4


def test_counter_proposal_with_bad_criteria_is_refused_in_thai(cycle, evaluator):
    Agreement.objects.filter(pk=cycle.agreement.pk).update(state=S.NEGOTIATING)
    cycle.agreement.refresh_from_db()
    round_ = services.negotiation_round_create(
        evaluator, cycle.agreement, held_on=TODAY, participants="x", minutes=""
    )
    position = round_.positions.get(number="1")
    bad = counter_terms(levels=[{"label": "a", "target": "90", "score": "50"},
                                {"label": "b", "target": "80", "score": "70"}])  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.position_counter_record(evaluator, position, terms=bad)
    assert "เรียงจากน้อยไปมาก" in refused.value.message_dict["levels"][0]
