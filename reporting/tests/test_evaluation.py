"""OPDC's evaluator console (issue 18 item 3): the evaluator sees only the departments assigned
to them (console, workbook, API); the items disappear when the work is done; the evaluating
body's coordinator's progress counts; scoring beside the report; comments back to the
department; appeals answered with a reason."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from conftest import evaluating_body, make_persona
from core.work import WorkItem
from notifications.models import Notification
from reporting import services
from reporting.evaluation import evaluation_progress, evaluator_queue
from reporting.models import Submission
from reporting.services import SubmissionInput
from reporting.services.evidence_files import evidence_add
from reporting.tests.factories import FY, make_framework, make_kpi, make_round, pdf_bytes, upload


def _accept(submission: Submission, owner, overseer, coordinator) -> Submission:
    services.submission_save(
        owner,
        submission,
        SubmissionInput(
            values={"a": Decimal(45), "b": Decimal(50)},
            supporting_factors="ทีมงานเร่งพิจารณารายงานตามแผน",
        ),
        expected_version=submission.version,
    )
    services.submission_submit(owner, submission)
    services.submission_approve(overseer, submission)
    return services.submission_accept(coordinator, submission)


@pytest.fixture
def onep(setup, org, owner, overseer, coordinator) -> list[Submission]:
    """onep's two KPIs of the 6-month round, both accepted (self score 75 each)."""
    make_kpi(setup.framework, "2", unit=org.eia)
    services.round_open(coordinator, setup.round)
    rows = Submission.objects.filter(round=setup.round).order_by("kpi__number")
    return [_accept(s, owner, overseer, coordinator) for s in rows]


@pytest.fixture
def pcd(org, outsider) -> Submission:
    """pcd's one KPI, accepted (set directly: its own people are not the point here)."""
    framework = make_framework(org.other_department)
    make_kpi(framework, "1")
    round_ = make_round(framework)
    services.round_open(outsider, round_)
    Submission.objects.filter(round=round_).update(state=Submission.State.ACCEPTED)
    return Submission.objects.get(round=round_)


@pytest.fixture
def pcd_evaluator(org):
    return make_persona(
        "pcd_evaluator", org.other_department, Role.EVALUATOR, home_department=evaluating_body()
    )


def kinds(items: list[WorkItem]) -> list[str]:
    return [item.kind for item in items]


def login(client, user):
    client.force_login(user)
    return client


# The queue: only assigned departments; items go when the work is done ----------------------


def test_evaluator_sees_only_assigned_departments(onep, pcd, evaluator, pcd_evaluator):
    items = evaluator_queue(evaluator, FY)
    assert kinds(items) == ["report_score", "report_score"]
    assert {item.department_code for item in items} == {"onep"}
    [theirs] = evaluator_queue(pcd_evaluator, FY)
    assert theirs.kind == "report_score" and theirs.department_code == "pcd"
    assert evaluator_queue(evaluator, FY + 1) == []


def test_reports_to_score_and_the_sar_disappear_when_scored(onep, setup, evaluator, coordinator):
    services.round_close(coordinator, setup.round)
    items = evaluator_queue(evaluator, FY)
    assert sorted(kinds(items)) == ["report_score", "report_score", "sar_submitted"]
    [sar] = [i for i in items if i.kind == "sar_submitted"]
    assert sar.url == reverse("reporting:round_detail", args=[setup.round.pk])
    assert sar.due == setup.round.due_date
    services.reviewer_score_set(evaluator, onep[0], score=Decimal(75))
    assert sorted(kinds(evaluator_queue(evaluator, FY))) == ["report_score", "sar_submitted"]
    services.reviewer_score_set(evaluator, onep[1], score=Decimal(75))
    assert evaluator_queue(evaluator, FY) == []


def test_an_appeal_to_answer_replaces_nothing_and_goes_when_answered(onep, evaluator, owner):
    services.reviewer_score_set(evaluator, onep[0], score=Decimal(50))
    appeal = services.appeal_file(owner, onep[0], reason="แนบมติครบแล้ว")
    assert sorted(kinds(evaluator_queue(evaluator, FY))) == ["appeal_answer", "report_score"]
    with pytest.raises(ValidationError):
        services.appeal_answer(evaluator, appeal, answer="  ")  # a reason is required
    services.appeal_answer(evaluator, appeal, answer="คงคะแนนเดิม หลักฐานไม่ครบตามเกณฑ์")
    assert kinds(evaluator_queue(evaluator, FY)) == ["report_score"]


# The console page, the workbook and the API -----------------------------------------------


def test_console_lists_assigned_departments_with_counts(client, onep, pcd, evaluator):
    response = login(client, evaluator).get(reverse("reporting:evaluation", args=[FY]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม" in body
    assert "กรมควบคุมมลพิษ" not in body
    [row] = response.context["view"].departments
    assert (row.negotiations, row.sars, row.to_score, row.appeals) == (0, 0, 2, 0)
    assert reverse("reporting:submission", args=[onep[0].pk]) in body


@pytest.mark.parametrize("who", ["pcd_evaluator_unassigned", "coordinator", "opdc_coordinator"])
def test_others_get_404_on_the_console(client, onep, who, request, org):
    if who == "pcd_evaluator_unassigned":
        user = make_persona("nobody", evaluating_body(), None)
    else:
        user = request.getfixturevalue(who)
    login(client, user)
    assert client.get(reverse("reporting:evaluation", args=[FY])).status_code == 404
    assert client.get(reverse("reporting:evaluation_index")).status_code == 404
    assert client.get("/api/v1/evaluator/queue?year=2569").status_code == 404
    if who != "opdc_coordinator":
        scores = client.get(reverse("reporting:evaluation_scores", args=[FY]))
        assert scores.status_code == 404
        progress = reverse("reporting:evaluation_progress", args=["opdc", FY])
        assert client.get(progress).status_code == 404


def _sheet_rows(response) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(response.content))
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_workbook_has_only_the_evaluators_departments(client, onep, pcd, evaluator, pcd_evaluator):
    services.reviewer_score_set(evaluator, onep[0], score=Decimal(50), comment="=SUM(A1)")
    response = login(client, evaluator).get(reverse("reporting:evaluation_scores", args=[FY]))
    assert response.status_code == 200
    header, *rows = _sheet_rows(response)
    assert header[0] == "ส่วนราชการ" and header[6] == "คะแนนประเมินตนเอง"
    assert [(r[0], r[2]) for r in rows] == [
        ("สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม", "1"),
        ("สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม", "2"),
    ]
    assert rows[0][6:10] == (75, 50, 50, "=SUM(A1)")  # the comment stays text
    assert rows[1][7] is None


def test_the_body_coordinators_workbook_has_every_assigned_department(
    client, onep, pcd, evaluator, pcd_evaluator, opdc_coordinator
):
    response = login(client, opdc_coordinator).get(
        reverse("reporting:evaluation_scores", args=[FY])
    )
    assert response.status_code == 200
    _header, *rows = _sheet_rows(response)
    assert sorted({str(r[0]) for r in rows}) == [
        "กรมควบคุมมลพิษ",
        "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม",
    ]


def test_api_queue_is_the_consoles(client, onep, pcd, evaluator, pcd_evaluator):
    response = login(client, evaluator).get("/api/v1/evaluator/queue?year=2569")
    assert response.status_code == 200
    data = response.json()
    assert [(d["kind"], d["department"]) for d in data] == [("report_score", "onep")] * 2
    assert data[0]["url"] == reverse("reporting:submission", args=[onep[0].pk])
    assert data[0]["fiscal_year"] == FY and data[0]["due"] == onep[0].round.due_date.isoformat()


# The evaluating body's coordinator: progress per evaluator (worked by hand) -----------------


def test_progress_counts_per_evaluator(
    client, onep, pcd, setup, evaluator, pcd_evaluator, owner, coordinator, opdc_coordinator
):
    # onep: KPI 1 scored 50 (below the self score 75), appealed and answered; KPI 2 not scored;
    # the round closed, so its SAR is on the evaluator's queue too.
    services.reviewer_score_set(evaluator, onep[0], score=Decimal(50))
    appeal = services.appeal_file(owner, onep[0], reason="แนบมติครบแล้ว")
    services.appeal_answer(evaluator, appeal, answer="คงคะแนนเดิม")
    services.round_close(coordinator, setup.round)
    progress = {
        getattr(p.person.user, "username", ""): p
        for p in evaluation_progress(evaluating_body(), FY)
    }
    [mine] = progress["evaluator"].departments
    # done = 1 scored + 1 appeal answered + 0 (no agreed negotiation); open = KPI 2 + the SAR
    assert (mine.accepted, mine.scored, mine.appeals, mine.answered) == (2, 1, 1, 1)
    assert (mine.done, mine.open, mine.negotiated) == (2, 2, False)
    [theirs] = progress["pcd_evaluator"].departments
    assert (theirs.accepted, theirs.scored, theirs.done, theirs.open) == (1, 0, 0, 1)
    response = login(client, opdc_coordinator).get(
        reverse("reporting:evaluation_progress", args=["opdc", FY])
    )
    assert response.status_code == 200
    assert "กรมควบคุมมลพิษ" in response.content.decode()


# Scoring beside the report; comments back to the department --------------------------------


def test_score_page_shows_self_score_evidence_and_narrative_beside_the_form(
    client, setup, org, owner, overseer, coordinator, evaluator
):
    services.round_open(coordinator, setup.round)
    submission = Submission.objects.get(round=setup.round)
    evidence_add(
        owner, submission, upload("มติ.pdf", pdf_bytes(), "application/pdf"), title="มติที่ประชุม"
    )
    _accept(submission, owner, overseer, coordinator)
    response = login(client, evaluator).get(reverse("reporting:submission", args=[submission.pk]))
    body = response.content.decode()
    aside = body[body.index('<aside class="rep-side"') :]
    form = aside[aside.index('id="score-form"') :]
    assert reverse("reporting:reviewer_score", args=[submission.pk]) in form
    assert "75.00" in form and "มติที่ประชุม" in form  # the self score and the evidence
    assert "ทีมงานเร่งพิจารณารายงานตามแผน" in body[: body.index('<aside class="rep-side"')]


def test_reviewer_comment_reaches_the_departments_coordinator(client, onep, evaluator, coordinator):
    services.reviewer_score_set(evaluator, onep[0], score=Decimal(75), comment="หลักฐานครบถ้วน")
    note = Notification.objects.get(recipient=coordinator, kind="reporting.score")
    assert note.body == "หลักฐานครบถ้วน"
    response = login(client, coordinator).get(reverse("reporting:submission", args=[onep[0].pk]))
    assert "หลักฐานครบถ้วน" in response.content.decode()


def test_console_costs_a_bounded_number_of_queries(
    client, onep, pcd, setup, evaluator, coordinator, django_assert_max_num_queries
):
    services.round_close(coordinator, setup.round)
    login(client, evaluator)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("reporting:evaluation", args=[FY]))
    assert len(response.context["view"].items) == 3
