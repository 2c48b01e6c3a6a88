"""Reporting through the API (issue 8 items 1–3): rounds and submissions listed with their
filters and pages, hidden ones 404, a report saved with its version (409 when stale, 422 per
field in Thai, 403 for who may not report), the review flow submit → approve → accept, the
agency total and the SAR's per-KPI results, and read-only tokens refused."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.tests.factories import make_framework
from api.models import ApiToken
from api.tests.conftest import open_round, sign_terms
from frameworks import scoring
from indicators.criteria import criteria_for
from indicators.models import DataItem, Kpi
from reporting import services
from reporting.models import Submission
from reporting.services import reviewer_score_set

ERROR_KEYS = {"code", "message_th", "message_en", "detail"}


def get(url: str, headers: dict[str, Any], **params: Any) -> Any:
    response = Client().get(url, params, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def send(method: str, url: str, body: dict[str, Any], headers: dict[str, Any]) -> Any:
    return getattr(Client(), method)(
        url, json.dumps(body), content_type="application/json", **headers
    )


def patch(submission: Submission, body: dict[str, Any], headers: dict[str, Any]) -> Any:
    return send("patch", f"/api/v1/submissions/{submission.pk}", body, headers)


def act(submission: Submission, action: str, body: dict[str, Any], headers: dict[str, Any]) -> Any:
    return send("post", f"/api/v1/submissions/{submission.pk}/{action}", body, headers)


@pytest.fixture
def reader(coordinator, bearer):
    return bearer(coordinator)


@pytest.fixture
def owner_writes(owner, bearer):
    return bearer(owner, ApiToken.Scope.READ_WRITE)


def with_formula(kpi: Kpi) -> None:
    """KPI 1 computes its result from two data items: (a / b) × 100."""
    DataItem.objects.create(kpi=kpi, order=1, code="a", name_th="รายงานที่เสร็จตามกำหนด", unit="ฉบับ")
    DataItem.objects.create(kpi=kpi, order=2, code="b", name_th="รายงานทั้งหมด", unit="ฉบับ")
    Kpi.objects.filter(pk=kpi.pk).update(formula="(a / b) * 100")


# Rounds --------------------------------------------------------------------------------------


def test_rounds_list_with_their_state_and_page(world, reader):
    first = get("/api/v1/rounds", reader, page_size=1)
    second = get("/api/v1/rounds", reader, page_size=1, page=2)

    assert first["count"] == second["count"] == 2  # pcd's rounds are not there
    assert (first["page"], first["page_size"]) == (1, 1)
    six, twelve = first["items"][0], second["items"][0]
    assert (six["id"], six["state"], six["months"]) == (world.round.pk, "open", 6)
    assert (twelve["name_th"], twelve["state"]) == ("รอบ 12 เดือน", "not_open")
    assert (six["fiscal_year"], six["agency"], six["framework_id"]) == (
        2569,
        "onep",
        world.framework.pk,
    )
    assert six["period_end"] == "2026-03-31" and six["due_date"] == "2026-04-30"


def test_rounds_filter_by_year_agency_and_state(world, org, coordinator, reader):
    make_framework(org.department, 2570)  # the coordinator of 2569 runs 2570 too
    services.round_close(coordinator, world.round, confirmed=True)

    assert get("/api/v1/rounds", reader)["count"] == 4
    assert get("/api/v1/rounds", reader, year=2570)["count"] == 2
    assert get("/api/v1/rounds", reader, agency="onep")["count"] == 4
    assert get("/api/v1/rounds", reader, agency="pcd")["count"] == 0  # hidden stays hidden
    closed = get("/api/v1/rounds", reader, state="closed")["items"]
    assert [r["id"] for r in closed] == [world.round.pk]
    assert get("/api/v1/rounds", reader, state="not_open")["count"] == 3
    assert get("/api/v1/rounds", reader, state="open")["count"] == 0


def test_rounds_list_reads_a_constant_number_of_queries(
    world, org, reader, django_assert_max_num_queries
):
    for year in range(2560, 2568):
        make_framework(org.department, year)
    get("/api/v1/rounds", reader)  # warm the token's last-used time

    with django_assert_max_num_queries(6):
        body = get("/api/v1/rounds", reader, page_size=100)

    assert body["count"] == 18


def test_the_round_counts_the_callers_reports_and_shows_the_total_to_the_department(
    world, reader, staff, bearer
):
    body = get(f"/api/v1/rounds/{world.round.pk}", reader)
    staff_body = get(f"/api/v1/rounds/{world.round.pk}", bearer(staff))

    assert body["counts"] == {
        "draft": 4,
        "submitted": 0,
        "overseer_approved": 0,
        "accepted": 0,
        "returned": 0,
        "total": 4,
    }
    total = body["total"]
    assert Decimal(total["shown_total"]) == 0  # nothing accepted yet
    assert (total["pending"], total["final"], total["basis"]) == (4, False, "self")
    # Staff see the round page without its reports or total (reporting.views.rounds).
    assert staff_body["counts"]["total"] == 0 and staff_body["total"] is None


def test_the_owner_sees_the_round_without_the_agency_total(world, owner, bearer):
    body = get(f"/api/v1/rounds/{world.round.pk}", bearer(owner))

    assert body["counts"]["draft"] == 4  # collector of all four sheets
    assert body["total"] is None


@pytest.mark.parametrize("path", ["", "/results"])
def test_another_departments_round_is_404(world, reader, path):
    response = Client().get(f"/api/v1/rounds/{world.other_round.pk}{path}", **reader)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_round_results_are_the_sars_only_for_who_may_print_it(world, owner, bearer, reader):
    refused = Client().get(f"/api/v1/rounds/{world.round.pk}/results", **bearer(owner))
    body = get(f"/api/v1/rounds/{world.round.pk}/results", reader)

    assert refused.status_code == 404  # as the e-SAR page: not a SAR reader
    assert [k["number"] for k in body["kpis"]] == ["1", "2", "3", "4"]
    assert {k["state"] for k in body["kpis"]} == {"pending"}
    assert body["round"]["id"] == world.round.pk and body["reviewed_total"] is None
    assert body["total"]["pending"] == 4
    assert [(c["component"], c["weight"]) for c in body["total"]["components"]] == [
        ("Performance Base", "70.0000"),
        ("Potential Base", "30.0000"),
    ]


# Submissions ---------------------------------------------------------------------------------


def test_submissions_list_pages_and_filters(world, org, coordinator, owner_writes, reader):
    patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes)
    act(world.submission, "submit", {"version": 1}, owner_writes)
    twelve = world.framework.rounds.get(months=12)
    open_round(coordinator, twelve)

    first = get("/api/v1/submissions", reader, page_size=5)
    second = get("/api/v1/submissions", reader, page_size=5, page=2)

    assert first["count"] == 8 and len(first["items"]) == 5 and len(second["items"]) == 3
    assert [s["kpi_number"] for s in first["items"][:4]] == ["1", "2", "3", "4"]
    assert get("/api/v1/submissions", reader, round=world.round.pk)["count"] == 4
    assert get("/api/v1/submissions", reader, year=2569)["count"] == 8
    assert get("/api/v1/submissions", reader, year=2570)["count"] == 0
    assert get("/api/v1/submissions", reader, agency="onep")["count"] == 8
    assert get("/api/v1/submissions", reader, agency="pcd")["count"] == 0
    potential = get("/api/v1/submissions", reader, round=world.round.pk, component="potential")
    assert [s["kpi_number"] for s in potential["items"]] == ["3", "4"]
    submitted = get("/api/v1/submissions", reader, state="submitted")["items"]
    assert [(s["id"], s["self_score"], s["version"]) for s in submitted] == [
        (world.submission.pk, "85.0000", 2)
    ]


def test_the_evaluator_lists_only_accepted_reports_and_staff_none(world, evaluator, staff, bearer):
    assert get("/api/v1/submissions", bearer(evaluator))["count"] == 0
    assert get("/api/v1/submissions", bearer(staff))["count"] == 0


def test_submissions_list_reads_a_constant_number_of_queries(
    world, coordinator, reader, django_assert_max_num_queries
):
    open_round(coordinator, world.framework.rounds.get(months=12))
    get("/api/v1/submissions", reader)

    with django_assert_max_num_queries(7):
        body = get("/api/v1/submissions", reader, page_size=100)

    assert body["count"] == 8


def test_submission_detail_shows_the_page_content_and_the_callers_permissions(
    world, owner_writes, reader
):
    with_formula(world.kpi)

    mine = get(f"/api/v1/submissions/{world.submission.pk}", owner_writes)
    coordinators = get(f"/api/v1/submissions/{world.submission.pk}", reader)

    assert (mine["kpi_id"], mine["kpi_number"], mine["round_id"]) == (
        world.kpi.pk,
        "1",
        world.round.pk,
    )
    assert (mine["state"], mine["version"], mine["uses_formula"]) == ("draft", 0, True)
    assert mine["values"] == [
        {"code": "a", "name_th": "รายงานที่เสร็จตามกำหนด", "unit": "ฉบับ", "value": None},
        {"code": "b", "name_th": "รายงานทั้งหมด", "unit": "ฉบับ", "value": None},
    ]
    assert mine["permissions"] == {
        "can_edit": True,
        "can_submit": True,
        "can_approve": False,
        "can_accept": False,
        "can_return": False,
    }
    assert mine["edit_refusal"] is None and coordinators["edit_refusal"] is None
    assert not any(coordinators["permissions"].values())  # nothing to do with a draft


def test_another_departments_submission_is_404(world, outsider, reader, owner_writes):
    sign_terms(world.other_agreement)
    hidden = open_round(outsider, world.other_round)[0]

    assert Client().get(f"/api/v1/submissions/{hidden.pk}", **reader).status_code == 404
    assert patch(hidden, {"version": 0, "obstacles": "x"}, owner_writes).status_code == 404
    assert act(hidden, "submit", {"version": 0}, owner_writes).status_code == 404
    assert get("/api/v1/submissions", reader)["count"] == 4


# Saving a report -----------------------------------------------------------------------------


def test_the_owner_saves_values_and_the_result_and_self_score_are_computed(world, owner_writes):
    with_formula(world.kpi)
    body = {
        "version": 0,
        "values": {"a": "19", "b": "20"},
        "activities": [{"title": "ประชุมคณะกรรมการผู้ชำนาญการ", "detail": "12 ครั้ง"}],
        "obstacles": "ข้อมูลโครงการมาล่าช้า",
    }

    response = patch(world.submission, body, owner_writes)

    assert response.status_code == 200, response.content
    saved = response.json()
    assert (saved["result"], saved["self_score"], saved["version"]) == ("95.0000", "85.0000", 1)
    assert saved["level_label"] == "ระดับมาตรฐาน"
    assert [v["value"] for v in saved["values"]] == ["19", "20"]
    assert saved["activities"] == [
        {"order": 1, "title": "ประชุมคณะกรรมการผู้ชำนาญการ", "detail": "12 ครั้ง"}
    ]
    stored = Submission.objects.get(pk=world.submission.pk)
    assert stored.self_score == Decimal("85") and stored.values == {"a": "19", "b": "20"}


def test_fields_left_out_keep_their_stored_value(world, owner_writes):
    with_formula(world.kpi)
    patch(
        world.submission,
        {"version": 0, "values": {"a": "18", "b": "20"}, "suggestions": "เพิ่มบุคลากร"},
        owner_writes,
    )

    response = patch(world.submission, {"version": 1, "values": {"a": "20"}}, owner_writes)

    saved = response.json()
    assert [v["value"] for v in saved["values"]] == ["20", "20"]
    assert (saved["result"], saved["suggestions"]) == ("100.0000", "เพิ่มบุคลากร")


def test_a_direct_result_stays_when_left_out_and_null_clears_it(world, owner_writes):
    patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes)

    kept = patch(world.submission, {"version": 1, "obstacles": "งบประมาณล่าช้า"}, owner_writes)
    cleared = patch(world.submission, {"version": 2, "direct_result": None}, owner_writes)

    assert (kept.json()["result"], kept.json()["obstacles"]) == ("95.0000", "งบประมาณล่าช้า")
    assert (cleared.json()["result"], cleared.json()["self_score"]) == (None, None)
    assert cleared.json()["obstacles"] == "งบประมาณล่าช้า"


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(result=st.decimals(min_value=0, max_value=1_000_000, places=4, allow_nan=False))
def test_results_travel_as_exact_text_and_score_as_the_engine_does(world, owner_writes, result):
    stored = Submission.objects.get(pk=world.submission.pk)

    response = patch(
        stored, {"version": stored.version, "direct_result": str(result)}, owner_writes
    )

    assert response.status_code == 200, response.content
    body = response.json()
    expected = scoring.score(criteria_for(world.kpi), result)
    assert Decimal(body["result"]) == result and body["result"] == f"{result:.4f}"
    assert Decimal(body["self_score"]) == expected


def test_a_stale_version_is_409_and_changes_nothing(world, owner_writes):
    assert (
        patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes).status_code
        == 200
    )

    response = patch(world.submission, {"version": 0, "direct_result": "80"}, owner_writes)

    assert response.status_code == 409
    body = response.json()
    assert set(body) == ERROR_KEYS and body["code"] == "stale_revision"
    assert "ผู้อื่น" in body["message_th"]
    assert Submission.objects.get(pk=world.submission.pk).result == Decimal("95")


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        ({"values": {"a": "สิบ"}}, ["values", "a"], "กรุณากรอกเป็นตัวเลข"),
        ({"values": {"zz": "1"}}, ["values", "zz"], "ไม่มีรายการข้อมูลรหัส “zz” ในตัวชี้วัดฉบับนี้"),
        ({"direct_result": "1e400"}, ["direct_result"], "ค่าต้องอยู่ระหว่าง -10¹⁵ ถึง 10¹⁵"),
        (
            {"activities": [{"title": "x" * 301}]},
            ["activities"],
            "กิจกรรมที่ 1: ชื่อยาวเกิน 300 ตัวอักษร",
        ),
        ({"obstacles": "ก" * 10_001}, ["obstacles"], "อุปสรรค ยาวเกิน 10000 ตัวอักษร"),
        ({"colour": "red"}, ["colour"], "ไม่รู้จักช่องนี้"),
    ],
)
def test_bad_values_are_422_in_thai_at_their_location(world, owner_writes, body, loc, message):
    response = patch(world.submission, {"version": 0, **body}, owner_writes)

    assert response.status_code == 422
    error = response.json()
    assert set(error) == ERROR_KEYS and error["code"] == "validation_error"
    assert [(item["loc"], item["msg"]) for item in error["detail"]] == [
        (["body", "payload", *loc], message)
    ]
    assert Submission.objects.get(pk=world.submission.pk).version == 0


def test_the_version_is_required(world, owner_writes):
    response = patch(world.submission, {"direct_result": "90"}, owner_writes)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "version"]


@pytest.mark.parametrize("persona", ["coordinator", "executive", "overseer", "admin_user"])
def test_who_does_not_report_this_kpi_is_refused_with_403(world, request, bearer, persona):
    headers = bearer(request.getfixturevalue(persona), ApiToken.Scope.READ_WRITE)

    response = patch(world.submission, {"version": 0, "direct_result": "95"}, headers)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "ผู้รับผิดชอบ" in response.json()["message_th"]


def test_a_closed_round_locks_the_report(world, coordinator, owner_writes):
    services.round_close(coordinator, world.round, confirmed=True)

    response = patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes)

    assert response.status_code == 422
    assert "ปิดแล้ว" in response.json()["message_th"]


# Review flow ---------------------------------------------------------------------------------


def test_submit_approve_accept_through_the_api_and_the_total_moves(
    world, owner_writes, overseer, coordinator, bearer
):
    by_overseer = bearer(overseer, ApiToken.Scope.READ_WRITE)
    by_coordinator = bearer(coordinator, ApiToken.Scope.READ_WRITE)
    assert (
        patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes).status_code
        == 200
    )

    submitted = act(world.submission, "submit", {"version": 1}, owner_writes)
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    assert get(f"/api/v1/submissions/{world.submission.pk}", by_overseer)["permissions"][
        "can_approve"
    ]
    approved = act(world.submission, "approve", {"version": 2}, by_overseer)
    assert approved.status_code == 200 and approved.json()["state"] == "overseer_approved"
    accepted = act(world.submission, "accept", {"version": 3}, by_coordinator)

    assert accepted.status_code == 200
    assert (accepted.json()["state"], accepted.json()["version"]) == ("accepted", 4)
    total = get(f"/api/v1/rounds/{world.round.pk}", by_coordinator)["total"]
    # KPI 1: score 85 × weight 40 / 100 = 34 points; the three others pending.
    assert (total["shown_total"], total["pending"]) == ("34.0000", 3)
    # The round's results are department-wide (issue 14 item 2): the coordinator's, not the
    # overseer's.
    results = get(f"/api/v1/rounds/{world.round.pk}/results", by_coordinator)
    first = results["kpis"][0]
    assert (first["state"], first["self_score"], first["points"]) == (
        "accepted",
        "85.0000",
        "34.0000",
    )
    assert first["submission_id"] == world.submission.pk
    assert results["total"]["shown_total"] == "34.0000"


def test_reviewer_scores_show_in_the_results_with_the_reviewed_total(
    world, owner, overseer, coordinator, evaluator, bearer
):
    sub = world.submission
    sub = services.submission_save(
        owner, sub, services.SubmissionInput(direct_result=Decimal(95)), expected_version=0
    )
    sub = services.submission_submit(owner, sub)
    sub = services.submission_approve(overseer, sub)
    sub = services.submission_accept(coordinator, sub)
    reviewer_score_set(evaluator, sub, score=Decimal("70"), comment="หลักฐานไม่ครบ")

    results = get(f"/api/v1/rounds/{world.round.pk}/results", bearer(coordinator))
    seen_by_evaluator = get(f"/api/v1/submissions/{sub.pk}", bearer(evaluator))

    first = results["kpis"][0]
    assert (first["reviewer_score"], first["final_score"], first["final_points"]) == (
        "70.0000",
        "70.0000",
        "28.0000",
    )
    assert results["reviewed_total"]["shown_total"] == "28.0000"
    assert results["reviewed_total"]["basis"] == "final"
    assert (seen_by_evaluator["final_score"], seen_by_evaluator["reviewer_comment"]) == (
        "70.0000",
        "หลักฐานไม่ครบ",
    )


def test_submitting_needs_a_result_and_a_fresh_version(world, owner_writes):
    empty = act(world.submission, "submit", {"version": 0}, owner_writes)
    patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes)
    stale = act(world.submission, "submit", {"version": 0}, owner_writes)

    assert empty.status_code == 422 and "กรอกผลการดำเนินงาน" in empty.json()["message_th"]
    assert stale.status_code == 409 and stale.json()["code"] == "stale_revision"


def test_the_owner_cannot_approve_and_the_overseer_cannot_accept(
    world, owner_writes, overseer, bearer
):
    patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes)
    act(world.submission, "submit", {"version": 1}, owner_writes)

    by_owner = act(world.submission, "approve", {"version": 2}, owner_writes)
    by_overseer = act(
        world.submission, "accept", {"version": 2}, bearer(overseer, ApiToken.Scope.READ_WRITE)
    )

    assert by_owner.status_code == 403 and by_overseer.status_code == 403
    assert Submission.objects.get(pk=world.submission.pk).state == Submission.State.SUBMITTED


def test_a_return_needs_a_comment_and_is_kept_in_the_history(
    world, owner_writes, coordinator, bearer
):
    by_coordinator = bearer(coordinator, ApiToken.Scope.READ_WRITE)
    patch(world.submission, {"version": 0, "direct_result": "95"}, owner_writes)
    act(world.submission, "submit", {"version": 1}, owner_writes)

    blank = act(world.submission, "return", {"version": 2, "comment": "  "}, by_coordinator)
    returned = act(
        world.submission, "return", {"version": 2, "comment": "แนบมติที่ประชุม"}, by_coordinator
    )

    assert blank.status_code == 422
    assert blank.json()["detail"][0]["loc"] == ["body", "payload", "comment"]
    assert returned.status_code == 200
    body = returned.json()
    assert body["state"] == "returned"
    assert [(r["from_state"], r["comment"]) for r in body["returns"]] == [
        ("submitted", "แนบมติที่ประชุม")
    ]
    assert body["returns"][0]["returned_by"]  # the coordinator's name
    assert get(f"/api/v1/submissions/{world.submission.pk}", owner_writes)["permissions"][
        "can_edit"
    ]


# Tokens --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "", {"version": 0, "direct_result": "95"}),
        ("post", "/submit", {"version": 0}),
        ("post", "/approve", {"version": 0}),
        ("post", "/accept", {"version": 0}),
        ("post", "/return", {"version": 0, "comment": "แก้ไข"}),
    ],
)
def test_a_read_only_token_cannot_write(world, owner, bearer, method, path, body):
    response = send(method, f"/api/v1/submissions/{world.submission.pk}{path}", body, bearer(owner))

    assert response.status_code == 403
    assert response.json()["code"] == "token_read_only"
    assert Submission.objects.get(pk=world.submission.pk).version == 0
