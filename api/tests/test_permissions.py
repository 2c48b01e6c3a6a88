"""Every endpoint × every persona (conftest personas; onep's FY 2569 framework, four KPI sheets
and the agreement, not yet published). Hidden objects answer 404, anonymous callers 401.

The expected answers are written out here, from domain §8, not computed with the selectors
the endpoints use — otherwise the test could not fail.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve

from api.models import ApiToken
from api.services import token_create

PERSONAS = [
    "anonymous",
    "coordinator",
    "owner",
    "overseer",
    "committee_member",
    "executive",
    "evaluator",
    "staff",
    "outsider",
    "admin_user",
]
EVERYONE_IN_ONEP = {
    "coordinator",
    "owner",
    "overseer",
    "committee_member",
    "executive",
    "evaluator",
    "staff",
    "admin_user",
}
# The agreement cycle is read by its working roles and the assigned OPDC evaluator; staff read
# only a published agreement (agreements.selectors). Issue 14 item 2 made this the one rule of
# the year's KPI sheets too (indicators.selectors.frameworks_readable_by): the KPIs, their
# what-if and audit, the agency what-if and every agreement document, which staff could read
# (and download) before publication. The world's agreement is not published.
AGREEMENT_READERS = EVERYONE_IN_ONEP - {"staff"}
# The audit trail: the department's coordinator (or administrator) and executives.
AUDIT_READERS = {"coordinator", "executive", "admin_user"}
# A round's department-wide documents (SAR, e-SAR, executive summary, results) are read by the
# department-wide roles: administrators, coordinators, executives and committee members
# (reporting.permissions.rounds_read_whole_by). Issue 14 item 2 took the overseer out: an
# overseer of one division sees no other division's reports, so not their SAR either.
SAR_READERS = {"coordinator", "committee_member", "executive", "admin_user"}
# KPI 1's report (EIA division, still a draft): the department's people who follow the round,
# the KPI's owner/collector and its overseer. OPDC's evaluator sees accepted reports only;
# staff see none.
REPORT_READERS = {"coordinator", "owner", "overseer", "committee_member", "executive", "admin_user"}
# Who may press each button of that report (domain §8, §9): the owner reports, the overseer
# approves (the coordinator too, when a unit has none), the coordinator accepts and returns.
# On a draft without a result each of them is refused by the rule of the state (422), the
# others by permission (403); nothing changes, so the rows can follow one another.
REPORTERS = {"owner"}
APPROVERS = {"overseer", "coordinator", "admin_user"}
COORDINATORS = {"coordinator", "admin_user"}


def _expected_read(persona: str, readers: set[str]) -> int:
    if persona == "anonymous":
        return 401
    if persona in readers:
        return 200
    return 404


def _expected_audit(persona: str, subject_readers: set[str]) -> int:
    if persona == "anonymous":
        return 401
    if persona not in subject_readers:
        return 404
    return 200 if persona in AUDIT_READERS else 403


def _expected_action(persona: str, allowed: set[str]) -> int:
    if persona == "anonymous":
        return 401
    if persona not in REPORT_READERS:
        return 404
    return 422 if persona in allowed else 403


# (name, method, url template, body, expected(persona) → status)
ENDPOINTS: list[tuple[str, str, str, dict[str, Any] | None, Callable[[str], int]]] = [
    ("me", "get", "/api/v1/me", None, lambda p: 401 if p == "anonymous" else 200),
    ("my tasks", "get", "/api/v1/me/tasks", None, lambda p: 401 if p == "anonymous" else 200),
    (
        "evaluator queue",
        "get",
        "/api/v1/evaluator/queue?year=2569",
        None,
        lambda p: {"anonymous": 401, "evaluator": 200}.get(p, 404),
    ),
    ("agency list", "get", "/api/v1/agencies", None, lambda p: 401 if p == "anonymous" else 200),
    ("agency", "get", "/api/v1/agencies/onep", None, lambda p: _expected_read(p, EVERYONE_IN_ONEP)),
    (
        "agency units",
        "get",
        "/api/v1/agencies/onep/units",
        None,
        lambda p: _expected_read(p, EVERYONE_IN_ONEP),
    ),
    (
        "fiscal years",
        "get",
        "/api/v1/fiscal-years",
        None,
        lambda p: 401 if p == "anonymous" else 200,
    ),
    (
        "framework list",
        "get",
        "/api/v1/frameworks",
        None,
        lambda p: 401 if p == "anonymous" else 200,
    ),
    (
        "framework",
        "get",
        "/api/v1/frameworks/{framework}",
        None,
        lambda p: _expected_read(p, EVERYONE_IN_ONEP),
    ),
    (
        "framework totals",
        "post",
        "/api/v1/frameworks/{framework}/totals",
        {"scores": {}},
        lambda p: _expected_read(p, AGREEMENT_READERS),
    ),
    ("kpi list", "get", "/api/v1/kpis", None, lambda p: 401 if p == "anonymous" else 200),
    ("kpi", "get", "/api/v1/kpis/{kpi}", None, lambda p: _expected_read(p, AGREEMENT_READERS)),
    (
        "kpi score",
        "post",
        "/api/v1/kpis/{kpi}/score",
        {"result": "90"},
        lambda p: _expected_read(p, AGREEMENT_READERS),
    ),
    (
        "agreement list",
        "get",
        "/api/v1/agreements",
        None,
        lambda p: 401 if p == "anonymous" else 200,
    ),
    (
        "agreement",
        "get",
        "/api/v1/agreements/{agreement}",
        None,
        lambda p: _expected_read(p, AGREEMENT_READERS),
    ),
    (
        "kpi audit",
        "get",
        "/api/v1/audit/kpi/{kpi}",
        None,
        lambda p: _expected_audit(p, AGREEMENT_READERS),
    ),
    (
        "framework audit",
        "get",
        "/api/v1/audit/framework/{framework}",
        None,
        lambda p: _expected_audit(p, EVERYONE_IN_ONEP),
    ),
    (
        "agreement audit",
        "get",
        "/api/v1/audit/agreement/{agreement}",
        None,
        lambda p: _expected_audit(p, AGREEMENT_READERS),
    ),
    (
        "round audit",
        "get",
        "/api/v1/audit/round/{round}",
        None,
        lambda p: _expected_audit(p, EVERYONE_IN_ONEP),
    ),
    (
        "submission audit",
        "get",
        "/api/v1/audit/submission/{submission}",
        None,
        lambda p: _expected_audit(p, REPORT_READERS),
    ),
    (
        "SAR document",
        "get",
        "/api/v1/documents/sar/{round}?format=docx",
        None,
        lambda p: _expected_read(p, SAR_READERS),
    ),
    (
        "executive summary document",
        "get",
        "/api/v1/documents/executive-summary/{round}?format=docx",
        None,
        lambda p: _expected_read(p, SAR_READERS),
    ),
    (
        "e-SAR workbook",
        "get",
        "/api/v1/documents/esar/{round}",
        None,
        lambda p: _expected_read(p, SAR_READERS),
    ),
    (
        "kpi sheet document",
        "get",
        "/api/v1/documents/kpi-sheet/{kpi}?format=docx",
        None,
        lambda p: _expected_read(p, AGREEMENT_READERS),
    ),
    (
        "kpi sheets document",
        "get",
        "/api/v1/documents/kpi-sheets/{framework}?format=docx",
        None,
        lambda p: _expected_read(p, AGREEMENT_READERS),
    ),
    (
        "agreement document",
        "get",
        "/api/v1/documents/agreement/{framework}?format=docx",
        None,
        lambda p: _expected_read(p, AGREEMENT_READERS),
    ),
    (
        "confirmation letter document",
        "get",
        "/api/v1/documents/confirmation-letter/{framework}?format=docx",
        None,
        lambda p: _expected_read(p, AGREEMENT_READERS),
    ),
    ("round list", "get", "/api/v1/rounds", None, lambda p: 401 if p == "anonymous" else 200),
    ("round", "get", "/api/v1/rounds/{round}", None, lambda p: _expected_read(p, EVERYONE_IN_ONEP)),
    (
        "round results",
        "get",
        "/api/v1/rounds/{round}/results",
        None,
        lambda p: _expected_read(p, SAR_READERS),
    ),
    (
        "round results file",
        "get",
        "/api/v1/rounds/{round}/results-file?format=csv",
        None,
        lambda p: _expected_read(p, EVERYONE_IN_ONEP),
    ),
    (
        "submission list",
        "get",
        "/api/v1/submissions",
        None,
        lambda p: 401 if p == "anonymous" else 200,
    ),
    (
        "submission",
        "get",
        "/api/v1/submissions/{submission}",
        None,
        lambda p: _expected_read(p, REPORT_READERS),
    ),
    (
        "submission submit",
        "post",
        "/api/v1/submissions/{submission}/submit",
        {"version": 0},
        lambda p: _expected_action(p, REPORTERS),
    ),
    (
        "submission approve",
        "post",
        "/api/v1/submissions/{submission}/approve",
        {"version": 0},
        lambda p: _expected_action(p, APPROVERS),
    ),
    (
        "submission accept",
        "post",
        "/api/v1/submissions/{submission}/accept",
        {"version": 0},
        lambda p: _expected_action(p, COORDINATORS),
    ),
    (
        "submission return",
        "post",
        "/api/v1/submissions/{submission}/return",
        {"version": 0, "comment": "กรุณาแนบหลักฐาน"},
        lambda p: _expected_action(p, COORDINATORS),
    ),
]


def _patch_expected(persona: str) -> int:
    """PATCH of the EIA division's draft: the coordinator, the EIA owner and an administrator
    may edit; everyone else who sees it is refused (403). Staff do not see a draft of a year
    whose agreement is not published (issue 14 item 2): 404, as for an outsider."""
    if persona == "anonymous":
        return 401
    if persona in {"outsider", "staff"}:
        return 404
    return 200 if persona in {"coordinator", "owner", "admin_user"} else 403


def _client_for(persona: str, request: pytest.FixtureRequest) -> tuple[Client, dict[str, Any]]:
    if persona == "anonymous":
        return Client(), {}
    user = request.getfixturevalue(persona)
    secret = token_create(user, name="matrix", scope=ApiToken.Scope.READ_WRITE).secret
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _call(client: Client, method: str, url: str, body: object, headers: dict[str, Any]) -> Any:
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_endpoint_answers_each_persona_as_domain_8_says(persona, world, request):
    client, headers = _client_for(persona, request)
    ids = {
        "framework": world.framework.pk,
        "kpi": world.kpi.pk,
        "agreement": world.agreement.pk,
        "round": world.round.pk,
        "submission": world.submission.pk,
    }
    answers = {}
    for name, method, template, body, expected in ENDPOINTS:
        response = _call(client, method, template.format(**ids), body, headers)
        answers[name] = (response.status_code, expected(persona))
    wrong = {name: got for name, got in answers.items() if got[0] != got[1]}
    assert not wrong, f"{persona}: (got, expected) {wrong}"


def test_every_operation_of_the_schema_has_a_row_in_the_matrix(db):
    """A new endpoint without a row in ENDPOINTS (or a row whose URL no longer routes) fails."""
    document = Client().get("/api/v1/openapi.json").json()
    operations = {
        (method, path) for path, methods in document["paths"].items() for method in methods
    }
    covered = set()
    for _name, method, template, _body, _expected in ENDPOINTS:
        url = template.format(framework=1, kpi=1, agreement=1, round=1, submission=1)
        route = resolve(url.split("?")[0]).route
        covered.add((method, "/" + re.sub(r"<(\w+)>", r"{\1}", route)))
    # The matrix exercises the scoring calculator and the results import elsewhere (below and
    # in test_scoring_api.py); PATCH of a KPI and of a report have their own persona tests.
    elsewhere = {
        ("post", "/api/v1/scoring/preview"),
        ("patch", "/api/v1/kpis/{kpi_id}"),
        ("patch", "/api/v1/submissions/{submission_id}"),
        ("post", "/api/v1/rounds/{round_id}/results-import"),
    }
    assert operations - covered - elsewhere == set(), "add a row to ENDPOINTS"
    assert covered - operations == set()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_coordinator_the_division_owner_and_admin_may_patch_a_draft(
    persona, world, request
):
    client, headers = _client_for(persona, request)
    body = {"revision": world.kpi.revision, "description": f"แก้ไขโดย {persona}"}

    response = _call(client, "patch", f"/api/v1/kpis/{world.kpi.pk}", body, headers)

    assert response.status_code == _patch_expected(persona)
    if response.status_code != 200:
        assert set(response.json()) == {"code", "message_th", "message_en", "detail"}


def _patch_report_expected(persona: str) -> int:
    """PATCH of KPI 1's report: only its owner/collector enters results (domain §8); the
    others who see it are refused (403), who does not see it gets 404."""
    if persona == "anonymous":
        return 401
    if persona not in REPORT_READERS:
        return 404
    return 200 if persona in REPORTERS else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_kpis_owner_may_patch_its_report(persona, world, request):
    client, headers = _client_for(persona, request)
    body = {"version": 0, "direct_result": "95", "obstacles": f"บันทึกโดย {persona}"}

    response = _call(client, "patch", f"/api/v1/submissions/{world.submission.pk}", body, headers)

    assert response.status_code == _patch_report_expected(persona)
    world.submission.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["self_score"] == "85.0000"
        assert world.submission.obstacles == f"บันทึกโดย {persona}"
    else:
        assert set(response.json()) == {"code", "message_th", "message_en", "detail"}
        assert world.submission.version == 0 and world.submission.obstacles == ""


def _import_expected(persona: str) -> int:
    """Bulk results into the round: whoever sees the round reaches the import, only a KPI's
    owner/collector may enter results (domain §8), everyone else is refused (403)."""
    if persona == "anonymous":
        return 401
    if persona not in EVERYONE_IN_ONEP:
        return 404
    return 200 if persona in REPORTERS else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_a_kpis_owner_may_import_results(persona, world, request):
    client, headers = _client_for(persona, request)
    file = io.BytesIO(f"ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n{world.kpi.number},,95\n".encode())
    file.name = "results.csv"

    response = client.post(
        f"/api/v1/rounds/{world.round.pk}/results-import", {"file": file}, **headers
    )

    assert response.status_code == _import_expected(persona)
    world.submission.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["changed"] == [world.submission.pk]
        assert world.submission.self_score == Decimal("85.0000")
    else:
        assert set(response.json()) == {"code", "message_th", "message_en", "detail"}
        assert world.submission.version == 0


def test_the_eia_owner_cannot_patch_another_divisions_draft(world, owner, bearer):
    quality_kpi = world.kpis[1]  # responsible unit: quality

    response = Client().patch(
        f"/api/v1/kpis/{quality_kpi.pk}",
        json.dumps({"revision": quality_kpi.revision, "name_en": "x"}),
        content_type="application/json",
        **bearer(owner, ApiToken.Scope.READ_WRITE),
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "หน่วยงานของท่าน" in response.json()["message_th"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/agencies/pcd",
        "/api/v1/frameworks/{framework}",
        "/api/v1/kpis/{kpi}",
        "/api/v1/agreements/{agreement}",
        "/api/v1/audit/kpi/{kpi}",
        "/api/v1/documents/kpi-sheet/{kpi}?format=docx",
        "/api/v1/rounds/{round}",
        "/api/v1/rounds/{round}/results",
        "/api/v1/audit/round/{round}",
        "/api/v1/documents/sar/{round}?format=docx",
        "/api/v1/documents/esar/{round}",
    ],
)
def test_another_departments_objects_are_404_for_onep_people(url, world, coordinator, bearer):
    ids = {
        "framework": world.other_framework.pk,
        "kpi": world.other_kpi.pk,
        "agreement": world.other_agreement.pk,
        "round": world.other_round.pk,
    }

    response = Client().get(url.format(**ids), **bearer(coordinator))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_lists_show_only_what_the_caller_may_see(world, outsider, staff, bearer):
    staff_kpis = Client().get("/api/v1/kpis", **bearer(staff)).json()
    outsider_kpis = Client().get("/api/v1/kpis", **bearer(outsider)).json()
    staff_agreements = Client().get("/api/v1/agreements", **bearer(staff)).json()
    outsider_agencies = Client().get("/api/v1/agencies", **bearer(outsider)).json()

    assert staff_kpis["count"] == 0  # the year's sheets: not before the agreement is published
    assert [k["id"] for k in outsider_kpis["items"]] == [world.other_kpi.pk]
    assert staff_agreements["count"] == 0  # not published yet
    assert [a["code"] for a in outsider_agencies["items"]] == ["pcd"]


def test_staff_read_the_agreement_once_it_is_published(world, staff, bearer):
    from django.utils import timezone

    from indicators.models import Kpi

    # As the cycle does: every sheet approved (locked) before signing, then published.
    Kpi.objects.filter(framework=world.agreement.framework).update(
        state=Kpi.State.APPROVED, approved_at=timezone.now()
    )
    type(world.agreement).objects.filter(pk=world.agreement.pk).update(published_at=timezone.now())

    response = Client().get(f"/api/v1/agreements/{world.agreement.pk}", **bearer(staff))

    assert response.status_code == 200 and response.json()["published_at"] is not None
    kpis = Client().get("/api/v1/kpis", **bearer(staff)).json()
    assert {k["agency"] for k in kpis["items"]} == {"onep"} and kpis["count"] == 4
