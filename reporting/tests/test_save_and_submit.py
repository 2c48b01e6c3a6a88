"""A refused "save and submit" changes nothing (issue 15 item 3): the stored report is exactly
as before, the page shows what the user typed with the reason, and a returned report keeps its
state and the reviewer's instructions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import audit_events_for
from reporting import services
from reporting.models import Submission
from reporting.services import SubmissionInput

pytestmark = pytest.mark.django_db

INSTRUCTIONS = "กรุณาแก้ค่าจำนวนรายงานที่เสร็จตามกำหนดให้ตรงกับทะเบียน"


@pytest.fixture
def returned(submission, owner, coordinator) -> Submission:
    saved = services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal("45"), "b": Decimal("50")}, obstacles="เดิม"),
        expected_version=submission.version,
    )
    services.submission_submit(owner, saved)
    services.submission_return(coordinator, saved, comment=INSTRUCTIONS)
    return Submission.objects.get(pk=submission.pk)


def _stored(submission: Submission) -> tuple[object, ...]:
    row = Submission.objects.get(pk=submission.pk)
    return (row.state, row.version, row.values, row.result, row.self_score, row.obstacles)


def _post_missing_value(client, submission: Submission):
    return client.post(
        reverse("reporting:submission", args=[submission.pk]),
        {
            "version": str(submission.version),
            "activity_count": "3",
            "value_a": "",  # the missing value
            "value_b": "60",
            "obstacles": "ข้อความที่พิมพ์ใหม่",
            "action": "submit",
        },
    )


def test_refused_save_and_submit_keeps_the_stored_report(client, returned, owner):
    before = _stored(returned)
    events = audit_events_for(returned).count()
    client.force_login(owner)

    response = _post_missing_value(client, returned)

    assert response.status_code == 422
    assert _stored(returned) == before
    assert audit_events_for(returned).count() == events


def test_refused_save_and_submit_keeps_a_returned_report_returned(client, returned, owner):
    client.force_login(owner)

    _post_missing_value(client, returned)

    stored = Submission.objects.get(pk=returned.pk)
    assert stored.state == Submission.State.RETURNED
    assert stored.values == {"a": "45", "b": "50"}


def test_refused_save_and_submit_shows_instructions_typed_values_and_reason(
    client, returned, owner
):
    client.force_login(owner)

    page = _post_missing_value(client, returned).content.decode()

    assert INSTRUCTIONS in page  # the reviewer's instructions are still there
    assert "ข้อความที่พิมพ์ใหม่" in page  # what they typed
    assert 'value="60"' in page
    assert "กรุณากรอกผลการดำเนินงานให้ครบ" in page  # why


def test_save_and_submit_service_is_one_transaction(returned, owner):
    before = _stored(returned)

    with pytest.raises(ValidationError):
        services.submission_save_and_submit(
            owner,
            returned,
            SubmissionInput(values={"a": None, "b": Decimal("60")}),
            expected_version=returned.version,
        )

    assert _stored(returned) == before


def test_save_and_submit_sends_a_complete_report(returned, owner):
    sent = services.submission_save_and_submit(
        owner,
        returned,
        SubmissionInput(values={"a": Decimal("48"), "b": Decimal("50")}),
        expected_version=returned.version,
    )

    stored = Submission.objects.get(pk=returned.pk)
    assert sent.state == stored.state == Submission.State.SUBMITTED
    assert stored.values == {"a": "48", "b": "50"}
    assert [e.action for e in audit_events_for(stored).order_by("-id")[:2]] == [
        "reporting.submission.submitted",
        "reporting.submission.saved",
    ]


def test_saving_a_returned_report_is_the_declared_transition(returned, owner):
    from reporting.workflow import SUBMISSION_FLOW

    assert SUBMISSION_FLOW.check(returned, Submission.State.DRAFT, owner) is None
    services.submission_save(
        owner,
        returned,
        SubmissionInput(values={"a": Decimal("46"), "b": Decimal("50")}),
        expected_version=returned.version,
    )

    event = audit_events_for(returned).order_by("-id").first()
    assert event is not None and event.action == "reporting.submission.saved"
    assert (event.data["from"], event.data["to"]) == ("returned", "draft")
    assert Submission.objects.get(pk=returned.pk).state == Submission.State.DRAFT
