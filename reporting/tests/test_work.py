"""Step 4 tasks on "My work" appear and disappear with the state of the work (issue 16 item 1),
one test per kind, as the persona who owns it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.work import work_items_for
from reporting import services
from reporting.models import Submission
from reporting.services import SubmissionInput


def kinds(user) -> list[str]:
    return [item.kind for item in work_items_for(user)]


def _save(owner, submission: Submission) -> Submission:
    return services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal(45), "b": Decimal(50)}),
        expected_version=submission.version,
    )


@pytest.fixture
def accepted(submission, owner, overseer, coordinator) -> Submission:
    _save(owner, submission)
    services.submission_submit(owner, submission)
    services.submission_approve(overseer, submission)
    return services.submission_accept(coordinator, submission)


def test_report_to_write_until_a_result_is_saved(submission, owner, coordinator):
    [item] = work_items_for(owner)
    assert item.kind == "report_write"
    assert item.url == reverse("reporting:submission", args=[submission.pk])
    assert item.fiscal_year == submission.round.framework.fiscal_year and item.step == 4
    assert item.due == submission.round.due_date
    _save(owner, submission)
    assert kinds(owner) == ["report_submit"]
    assert "report_write" not in kinds(coordinator)


def test_report_to_submit_disappears_when_submitted(submission, owner):
    _save(owner, submission)
    assert kinds(owner) == ["report_submit"]
    services.submission_submit(owner, submission)
    assert kinds(owner) == []


def test_report_to_approve_disappears_when_the_overseer_approves(submission, owner, overseer):
    assert "report_approve" not in kinds(overseer)
    _save(owner, submission)
    services.submission_submit(owner, submission)
    assert kinds(overseer) == ["report_approve"]
    services.submission_approve(overseer, submission)
    assert kinds(overseer) == []


def test_report_to_accept_disappears_when_accepted_by_the_coordinator(
    submission, owner, overseer, coordinator
):
    _save(owner, submission)
    services.submission_submit(owner, submission)
    assert "report_accept" not in kinds(coordinator)
    services.submission_approve(overseer, submission)
    assert kinds(coordinator) == ["report_accept"]
    services.submission_accept(coordinator, submission)
    assert kinds(coordinator) == []


def test_returned_report_is_back_on_the_owners_list(submission, owner, overseer, coordinator):
    _save(owner, submission)
    services.submission_submit(owner, submission)
    services.submission_approve(overseer, submission)
    services.submission_return(coordinator, submission, comment="แนบหลักฐานเพิ่ม")
    assert kinds(owner) == ["report_submit"]


def test_appeal_window_open_until_an_appeal_is_filed(accepted, evaluator, owner, coordinator):
    assert "appeal_window" not in kinds(owner)
    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    [item] = [i for i in work_items_for(owner) if i.kind == "appeal_window"]
    assert item.due == timezone.localdate() + datetime.timedelta(days=14)
    assert "appeal_window" in kinds(coordinator)
    services.appeal_file(coordinator, accepted, reason="แนบมติครบแล้ว")  # the other one files
    assert "appeal_window" not in kinds(owner)
    assert "appeal_window" not in kinds(coordinator)


def test_appeal_window_closes_with_its_deadline(accepted, evaluator, owner):
    from reporting.models import ReviewerScore

    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    ReviewerScore.objects.filter(submission=accepted).update(
        scored_at=timezone.now() - datetime.timedelta(days=15)
    )
    assert "appeal_window" not in kinds(owner)


def test_no_appeal_window_when_the_reviewer_agrees(accepted, evaluator, owner):
    services.reviewer_score_set(evaluator, accepted, score=accepted.self_score)
    assert "appeal_window" not in kinds(owner)


def test_appeal_to_answer_disappears_when_answered(accepted, evaluator, owner):
    services.reviewer_score_set(evaluator, accepted, score=Decimal(50))
    assert "appeal_answer" not in kinds(evaluator)
    appeal = services.appeal_file(owner, accepted, reason="แนบมติครบแล้ว")
    assert kinds(evaluator) == ["appeal_answer"]
    services.appeal_answer(evaluator, appeal, answer="คงคะแนนเดิม")
    assert kinds(evaluator) == []


def _home_queries(client, user) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home"))
    assert page.status_code == 200
    return len(queries), page.content.decode()


@pytest.mark.parametrize("persona", ["owner", "overseer", "coordinator"])
def test_home_page_queries_do_not_grow_with_the_number_of_tasks(
    client,
    request,
    setup,
    org,
    owner,
    overseer,
    coordinator,
    persona,
    django_assert_max_num_queries,
):
    from reporting.tests.factories import make_kpi

    user = request.getfixturevalue(persona)
    services.round_open(coordinator, setup.round)

    def move(submission: Submission) -> None:
        if persona == "owner":
            return
        _save(owner, submission)
        services.submission_submit(owner, submission)
        if persona == "coordinator":
            services.submission_approve(overseer, submission)

    for s in Submission.objects.filter(round=setup.round):
        move(s)
    few, page = _home_queries(client, user)
    assert "ขั้นตอนที่ 4 รายงานผลและประเมินผล" in page
    for number in range(2, 12):
        kpi = make_kpi(setup.framework, str(number), unit=org.eia)
        move(Submission.objects.create(round=setup.round, kpi=kpi, kpi_key=kpi.key))
    assert len(work_items_for(user)) == 11
    with django_assert_max_num_queries(few):
        assert client.get(reverse("home")).status_code == 200
