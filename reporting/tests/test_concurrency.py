"""No lost update (issue 6 item 5): two people save the same report from pages opened on the
same version — one wins, the other gets a conflict that keeps what they typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from conftest import make_persona
from core.transitions import ConcurrentUpdateError
from reporting import services
from reporting.models import Submission
from reporting.services import SubmissionConflictError, SubmissionInput


@pytest.fixture
def colleague(org, setup):
    user = make_persona("colleague", org.department, Role.OWNER, role_unit=org.eia)
    return user


def test_second_stale_save_is_refused_and_nothing_is_lost(submission, owner, colleague):
    opened_at = submission.version  # both pages were opened on this version
    first = services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal(45), "b": Decimal(50)}, obstacles="ข้อมูลล่าช้า"),
        expected_version=opened_at,
    )
    with pytest.raises(SubmissionConflictError) as conflict:
        services.submission_save(
            colleague,
            submission,
            SubmissionInput(values={"a": Decimal(40), "b": Decimal(50)}),
            expected_version=opened_at,
        )
    assert conflict.value.current.version == first.version
    assert conflict.value.current.value_of("a") == Decimal(45)
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.values == {"a": "45", "b": "50"} and stored.obstacles == "ข้อมูลล่าช้า"


def test_two_stale_saves_through_the_page(client, submission, owner, colleague):
    url = reverse("reporting:submission", args=[submission.pk])
    form = {
        "version": str(submission.version),
        "activity_count": "3",
        "value_a": "45",
        "value_b": "50",
        "obstacles": "ฝนตกหนัก",
        "action": "save",
    }
    client.force_login(owner)
    assert client.post(url, form).status_code == 302
    client.force_login(colleague)
    stale = client.post(url, {**form, "value_a": "41", "obstacles": "งบประมาณล่าช้า"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "มีผู้อื่นบันทึกรายงานนี้" in page
    # What the colleague typed is still in the form, and the stored values are shown beside it.
    assert 'value="41"' in page and "งบประมาณล่าช้า" in page
    assert "ฝนตกหนัก" in page
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.value_of("a") == Decimal(45) and stored.obstacles == "ฝนตกหนัก"
    # Saving again from the conflict page (it carries the new version) wins.
    fresh_version = stored.version
    assert f'name="version" value="{fresh_version}"' in page
    again = client.post(url, {**form, "version": str(fresh_version), "value_a": "41"})
    assert again.status_code == 302
    assert Submission.objects.get(pk=submission.pk).value_of("a") == Decimal(41)


def test_stale_transition_is_refused(submission, owner):
    saved = services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal(45), "b": Decimal(50)}),
        expected_version=submission.version,
    )
    with pytest.raises(ConcurrentUpdateError):
        services.submission_submit(owner, saved, expected_version=saved.version - 1)
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.DRAFT
