"""Two OPDC negotiators editing the same KPI position never silently overwrite each other
(issue 15 item 4): the counter and settle forms send back the version they were opened with; a
stale one answers 409 with what changed, in Thai, and stores nothing."""

from __future__ import annotations

import pytest

from agreements import services
from agreements.models import KpiPosition
from agreements.services.negotiation import PositionConflictError
from agreements.tests.test_position_page import NEW, OLD, counter_post, position, url
from core.audit import audit_events_for

__all__ = ["position"]  # the fixture, shared with the position page tests

pytestmark = pytest.mark.django_db


def test_the_forms_carry_the_positions_version(client, position, evaluator):
    client.force_login(evaluator)
    page = client.get(url("position", pk=position.pk)).content.decode()

    assert 'name="counter-version" value="0"' in page
    assert 'name="settle-version" value="0"' in page


def test_each_save_moves_the_version_and_is_audited(position, evaluator):
    services.position_counter_record(evaluator, position, terms=None, expected_version=0)
    services.position_settle(evaluator, position, outcome="dropped", expected_version=1)

    stored = KpiPosition.objects.get(pk=position.pk)
    assert (stored.version, stored.outcome) == (2, "dropped")
    actions = [e.action for e in audit_events_for(position.round.agreement).order_by("id")]
    assert actions[-2:] == [
        "agreements.negotiation.counter_recorded",
        "agreements.negotiation.position_settled",
    ]


def test_a_stale_counter_proposal_is_refused_and_changes_nothing(position, evaluator):
    first = KpiPosition.objects.select_related("round__agreement").get(pk=position.pk)
    second = KpiPosition.objects.select_related("round__agreement").get(pk=position.pk)
    services.position_counter_record(evaluator, first, terms=None, note="ตัดออก")

    with pytest.raises(PositionConflictError) as excinfo:
        services.position_settle(
            evaluator, second, outcome="accepted", note="ยอมรับ", expected_version=0
        )

    assert excinfo.value.current.counter == {"drop": True}
    stored = KpiPosition.objects.get(pk=position.pk)
    assert (stored.outcome, stored.note, stored.version) == ("pending", "ตัดออก", 1)


def test_a_stale_page_answers_409_with_what_changed_in_thai(client, position, evaluator):
    client.force_login(evaluator)
    opened = counter_post(position, NEW)
    opened["counter-version"] = "0"
    # Another negotiator saves first: drop the KPI.
    services.position_counter_record(evaluator, position, terms=None, note="ตัดออก")

    response = client.post(url("position", pk=position.pk), opened)

    page = response.content.decode()
    assert response.status_code == 409
    assert "มีผู้อื่นบันทึกข้อเสนอของตัวชี้วัดนี้" in page
    assert "เสนอให้ตัดออก" in page and "ตัดออก" in page
    assert NEW[0] in page  # what they typed is kept
    assert 'name="counter-version" value="1"' in page  # saving again is a deliberate choice
    stored = KpiPosition.objects.get(pk=position.pk)
    assert stored.counter == {"drop": True}
    assert OLD[0] not in str(stored.counter)


def test_negotiation_buttons_follow_workflow_check(client, position, evaluator, coordinator):
    """The page asks AGREEMENT_WORKFLOW.check (via `may`): both sides record rounds, only the
    assigned evaluator records the agreed summary (issue 14 item 1)."""
    new_round = url("round_new")
    agree = url("agree")

    client.force_login(evaluator)
    theirs = client.get(url("negotiation")).content.decode()
    client.force_login(coordinator)
    mine = client.get(url("negotiation")).content.decode()

    assert new_round in theirs and agree in theirs
    assert new_round in mine and agree not in mine
