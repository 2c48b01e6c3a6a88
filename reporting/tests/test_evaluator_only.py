"""Issue 14 item 1: reviewer scores and appeal answers are the assigned OPDC evaluator's alone.

403 for who sees the report (the coordinator), 404 for who does not; a staff member holding an
evaluator row that breaks the rule (not a person of the evaluating body) gets nothing from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from conftest import RoleAssignmentFactory
from reporting import permissions, services
from reporting.models import Appeal, ReviewerScore, Submission
from reporting.selectors import submissions_visible_to
from reporting.services import SubmissionInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(submission, owner, overseer, coordinator) -> Submission:
    services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal(45), "b": Decimal(50)}),
        expected_version=0,
    )
    services.submission_submit(owner, submission)
    services.submission_approve(overseer, submission)
    return services.submission_accept(coordinator, submission)


@pytest.fixture
def staff_made_evaluator(org, staff):
    RoleAssignmentFactory(person=staff.person, role=Role.EVALUATOR, department=org.department)
    return staff


def _score(client, submission: Submission):
    return client.post(
        reverse("reporting:reviewer_score", args=[submission.pk]),
        {"score": "100", "comment": "ให้คะแนนตัวเอง"},
    )


def test_coordinator_sees_the_report_but_scoring_it_is_403(client, accepted, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reporting:submission", args=[accepted.pk])).status_code == 200
    assert _score(client, accepted).status_code == 403
    assert not ReviewerScore.objects.exists()


def test_a_bad_evaluator_row_grants_nothing(client, accepted, staff_made_evaluator):
    staff = staff_made_evaluator
    assert not permissions.is_evaluator(staff, accepted.round)
    assert not submissions_visible_to(staff).filter(pk=accepted.pk).exists()
    with pytest.raises(PermissionDenied):
        services.reviewer_score_set(staff, accepted, score=Decimal(100))
    client.force_login(staff)
    assert _score(client, accepted).status_code == 404
    assert not ReviewerScore.objects.exists()


def test_a_bad_row_cannot_overwrite_opdcs_score(accepted, evaluator, staff_made_evaluator):
    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    with pytest.raises(PermissionDenied):
        services.reviewer_score_set(staff_made_evaluator, accepted, score=Decimal(100))
    assert ReviewerScore.objects.get().final_score == Decimal(50)


def test_a_bad_row_cannot_answer_an_appeal(accepted, evaluator, coordinator, staff_made_evaluator):
    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    appeal = services.appeal_file(coordinator, accepted, reason="ขอทบทวน")
    with pytest.raises(PermissionDenied):
        services.appeal_answer(staff_made_evaluator, appeal, answer="ได้", new_score=Decimal(100))
    with pytest.raises(PermissionDenied):
        services.appeal_answer(coordinator, appeal, answer="ได้", new_score=Decimal(100))
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.PENDING
    assert ReviewerScore.objects.get().final_score == Decimal(50)


def test_the_assigned_evaluator_still_scores(client, accepted, evaluator):
    client.force_login(evaluator)
    assert _score(client, accepted).status_code == 302
    assert ReviewerScore.objects.get().score == Decimal(100)
