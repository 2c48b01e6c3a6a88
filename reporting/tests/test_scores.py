"""After submission (issue 6 item 8): the evaluator's score, self vs reviewer side by side, an
appeal within the window with reason and evidence, the evaluator's answer and the final score."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evidence.models import EvidenceFile
from reporting import services
from reporting.models import Appeal, ReviewerScore, Submission
from reporting.services import SubmissionInput
from reporting.tests.factories import pdf_bytes, upload


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


def test_evaluator_scores_and_the_department_sees_both(client, accepted, evaluator, owner):
    review = services.reviewer_score_set(
        evaluator, accepted, score=Decimal("62.5"), comment="หลักฐานไม่ครบ"
    )
    assert review.final_score == Decimal("62.5000")
    client.force_login(owner)
    page = client.get(reverse("reporting:submission", args=[accepted.pk])).content.decode()
    assert "75.00" in page and "62.50" in page and "หลักฐานไม่ครบ" in page


def test_only_the_assigned_evaluator_scores_accepted_reports(
    submission, accepted, coordinator, outsider
):
    with pytest.raises(PermissionDenied):
        services.reviewer_score_set(coordinator, accepted, score=Decimal(50))
    with pytest.raises(PermissionDenied):
        services.reviewer_score_set(outsider, accepted, score=Decimal(50))


def test_score_must_be_within_the_kpis_scale(accepted, evaluator):
    with pytest.raises(ValidationError):
        services.reviewer_score_set(evaluator, accepted, score=Decimal(101))


def test_appeal_within_the_window_and_answer_sets_the_final_score(
    accepted, evaluator, owner, coordinator
):
    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    appeal = services.appeal_file(
        owner,
        accepted,
        reason="แนบมติ คชก. ครบทุกฉบับแล้ว",
        requested_score=Decimal(75),
        uploads=[upload("มติ.pdf", pdf_bytes())],
    )
    assert EvidenceFile.objects.get(appeal=appeal).number == 1
    with pytest.raises(ValidationError, match="อุทธรณ์ได้ครั้งเดียว"):
        services.appeal_file(coordinator, accepted, reason="อีกครั้ง")
    with pytest.raises(PermissionDenied):
        services.appeal_answer(owner, appeal, answer="x", new_score=Decimal(100))
    answered = services.appeal_answer(evaluator, appeal, answer="รับฟังได้", new_score=Decimal(75))
    assert answered.state == Appeal.State.UPHELD
    review = ReviewerScore.objects.get(submission=accepted)
    assert review.score == Decimal(50) and review.final_score == Decimal(75)
    with pytest.raises(ValidationError, match="พิจารณาไปแล้ว"):  # APPEAL_FLOW
        services.appeal_answer(evaluator, answered, answer="x")


def test_appeal_after_the_window_is_refused(accepted, evaluator, owner):
    review = services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    ReviewerScore.objects.filter(pk=review.pk).update(
        scored_at=timezone.now() - datetime.timedelta(days=15)
    )
    with pytest.raises(ValidationError, match="พ้นกำหนดอุทธรณ์"):
        services.appeal_file(owner, accepted, reason="ช้าไป")


def test_rejected_appeal_keeps_the_score(accepted, evaluator, coordinator):
    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    appeal = services.appeal_file(coordinator, accepted, reason="ขอทบทวน")
    answered = services.appeal_answer(evaluator, appeal, answer="คงคะแนนเดิม")
    assert answered.state == Appeal.State.REJECTED
    assert ReviewerScore.objects.get(submission=accepted).final_score == Decimal(50)


def test_appeal_and_answer_through_the_pages(client, accepted, evaluator, owner):
    client.force_login(evaluator)
    url = reverse("reporting:reviewer_score", args=[accepted.pk])
    assert client.post(url, {"score": "50", "comment": "ขาดหลักฐาน"}).status_code == 302
    client.force_login(owner)
    page = client.get(reverse("reporting:submission", args=[accepted.pk])).content.decode()
    assert "อุทธรณ์คะแนน" in page
    response = client.post(
        reverse("reporting:appeal_file", args=[accepted.pk]),
        {
            "reason": "มีหลักฐานเพิ่ม",
            "attachments": [upload("a.pdf", pdf_bytes()), upload("b.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.evidence.count() == 2
    client.force_login(evaluator)
    client.post(
        reverse("reporting:appeal_answer", args=[accepted.pk, appeal.pk]),
        {"answer": "ปรับคะแนน", "new_score": "70"},
    )
    assert ReviewerScore.objects.get().final_score == Decimal(70)


def test_two_evaluators_answering_at_once_lose_cleanly_and_audit_on_the_report(
    accepted, evaluator, owner
):
    """The answer goes through APPEAL_FLOW (issue 15 item 4): compare-and-swap on state and
    version, the event on the submission's history."""
    from core.audit import audit_events_for
    from core.transitions import ConcurrentUpdateError

    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    appeal = services.appeal_file(owner, accepted, reason="แนบมติครบแล้ว")
    stale = Appeal.objects.get(pk=appeal.pk)
    Appeal.objects.filter(pk=appeal.pk).update(version=5)  # answered meanwhile and reset

    with pytest.raises(ConcurrentUpdateError, match="ถูกพิจารณาโดยผู้อื่น"):
        services.appeal_answer(evaluator, stale, answer="คงเดิม")

    assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.PENDING
    services.appeal_answer(evaluator, Appeal.objects.get(pk=appeal.pk), answer="คงเดิม")
    event = audit_events_for(accepted).filter(action="reporting.appeal.answered").get()
    assert (event.data["from"], event.data["to"]) == ("pending", "rejected")
