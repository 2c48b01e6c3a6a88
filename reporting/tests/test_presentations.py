"""The record that a round's results were presented to the executives (issue 6 item 7): the
coordinator records it on the round page (audited); others cannot; it shows on the page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from reporting.models import ExecutivePresentation
from reporting.services.presentations import presentation_delete, presentation_record

MEETING = "การประชุมผู้บริหาร สผ. ครั้งที่ 5/2569"


def test_coordinator_records_a_presentation_with_an_audit_event(setup, coordinator):
    presentation = presentation_record(
        coordinator, setup.round, presented_on=datetime.date(2026, 5, 12), meeting=f"  {MEETING} "
    )

    assert presentation.meeting == MEETING and presentation.recorded_by == coordinator
    event = AuditEvent.objects.get(action="reporting.presentation.recorded")
    assert event.data["meeting"] == MEETING and event.data["presented_on"] == "2026-05-12"


@pytest.mark.parametrize("persona", ["owner", "overseer", "executive", "outsider"])
def test_only_the_coordinator_may_record_a_presentation(request, setup, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied, match="ผู้ประสานงาน"):
        presentation_record(
            user, setup.round, presented_on=datetime.date(2026, 5, 12), meeting=MEETING
        )
    assert not ExecutivePresentation.objects.exists()


def test_a_presentation_needs_a_past_date_and_a_meeting(setup, coordinator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        presentation_record(coordinator, setup.round, presented_on=tomorrow, meeting=" ")

    assert set(error.value.message_dict) == {"presented_on", "meeting"}
    assert "อนาคต" in error.value.message_dict["presented_on"][0]
    assert not ExecutivePresentation.objects.exists()


def test_deleting_a_presentation_is_audited_and_refused_to_others(setup, coordinator, owner):
    presentation = presentation_record(
        coordinator, setup.round, presented_on=datetime.date(2026, 5, 12), meeting=MEETING
    )
    with pytest.raises(PermissionDenied):
        presentation_delete(owner, presentation)

    presentation_delete(coordinator, presentation)

    assert not ExecutivePresentation.objects.exists()
    assert (
        AuditEvent.objects.get(action="reporting.presentation.deleted").data["meeting"] == MEETING
    )


def test_round_page_records_and_lists_presentations(client, setup, coordinator):
    client.force_login(coordinator)
    page = reverse("reporting:round_detail", args=[setup.round.pk])

    response = client.post(
        reverse("reporting:presentation_add", args=[setup.round.pk]),
        {"presented_on": "2026-05-12", "meeting": MEETING, "note": "ผู้บริหารรับทราบ"},
    )

    assert response.status_code == 302 and response["Location"].startswith(page)
    content = client.get(page).content.decode()
    assert MEETING in content and "12 พฤษภาคม 2569" in content and "ผู้บริหารรับทราบ" in content


def test_round_page_form_errors_are_shown_in_thai(client, setup, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("reporting:presentation_add", args=[setup.round.pk]),
        {"presented_on": "", "meeting": ""},
        follow=True,
    )

    assert "กรุณาระบุวันที่นำเสนอผลต่อผู้บริหาร" in response.content.decode()
    assert not ExecutivePresentation.objects.exists()


def test_a_refused_presentation_keeps_what_was_typed(client, setup, coordinator):
    """Issue 16 item 5: the round page comes back with the form as typed, not a redirect."""
    client.force_login(coordinator)

    response = client.post(
        reverse("reporting:presentation_add", args=[setup.round.pk]),
        {"presented_on": "31/02/2569", "meeting": MEETING, "note": "บันทึกที่พิมพ์ไว้ยาว ๆ"},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert MEETING in page and "บันทึกที่พิมพ์ไว้ยาว ๆ" in page and "31/02/2569" in page
    assert 'class="error-summary"' in page and "data-dirty" in page
    assert not ExecutivePresentation.objects.exists()


def test_an_owner_cannot_post_a_presentation(client, setup, owner):
    client.force_login(owner)

    response = client.post(
        reverse("reporting:presentation_add", args=[setup.round.pk]),
        {"presented_on": "2026-05-12", "meeting": MEETING},
    )

    assert response.status_code == 403 and not ExecutivePresentation.objects.exists()


def test_an_outsider_cannot_reach_the_round(client, setup, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("reporting:presentation_add", args=[setup.round.pk]),
        {"presented_on": "2026-05-12", "meeting": MEETING},
    )

    assert response.status_code == 404


def test_round_page_offers_the_round_documents_to_the_coordinator_only(
    client, setup, coordinator, owner
):
    links = [
        reverse("document_sar_build", args=[setup.round.pk, "pdf"]),
        reverse("document_sar_build", args=[setup.round.pk, "docx"]),
        reverse("document_esar", args=[setup.round.pk, "xlsx"]),
        reverse("reporting:esar", args=[setup.round.pk]),
        reverse("document_executive_summary_build", args=[setup.round.pk, "pdf"]),
        reverse("document_executive_summary_build", args=[setup.round.pk, "docx"]),
    ]
    page = reverse("reporting:round_detail", args=[setup.round.pk])
    client.force_login(coordinator)
    as_coordinator = client.get(page).content.decode()
    client.force_login(owner)
    as_owner = client.get(page).content.decode()

    assert all(link in as_coordinator for link in links)
    assert not any(link in as_owner for link in links)
