"""Issue 14 item 2: who reads a round's department-wide documents — the SAR, the e-SAR workbook
and copy page, the executive summary and the round's results and agency total (pages, document
downloads and API) — is one rule (reporting.permissions.rounds_read_whole_by).

The department-wide roles of that year read them: administrators, coordinators (last year's too),
executives and committee members. An overseer or owner is bound to a unit: they read their units'
reports on the report pages and get a 404 for the documents that carry every division's reports
(today an overseer of one division sees no other division's reports but downloads them all in
the SAR). OPDC's evaluator reads accepted reports, not the department's own SAR; staff nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.services import token_create
from documents.tests.sar_setup import PENDING_NAME, accepted_round


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator)


def _answers(user, round_id):
    client = Client()
    client.force_login(user)
    pages = {
        "sar download": reverse("document_sar", args=(round_id, "docx")),
        "executive summary download": reverse(
            "document_executive_summary", args=(round_id, "docx")
        ),
        "esar download": reverse("document_esar", args=(round_id, "xlsx")),
        "esar copy page": reverse("reporting:esar", args=(round_id,)),
    }
    answers = {name: client.get(url).status_code for name, url in pages.items()}
    secret = token_create(user, name="rule", scope=ApiToken.Scope.READ).secret
    bearer: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    api = {
        "api sar": f"/api/v1/documents/sar/{round_id}?format=docx",
        "api executive summary": f"/api/v1/documents/executive-summary/{round_id}?format=docx",
        "api esar": f"/api/v1/documents/esar/{round_id}",
        "api round results": f"/api/v1/rounds/{round_id}/results",
    }
    for name, url in api.items():
        answers[name] = Client().get(url, **bearer).status_code
    return answers


@pytest.mark.parametrize("persona", ["overseer", "owner", "evaluator", "staff", "outsider"])
def test_unit_bound_and_outside_roles_get_404_for_every_department_wide_document(
    sar_round, persona, request
):
    answers = _answers(request.getfixturevalue(persona), sar_round.round.pk)

    assert {name for name, status in answers.items() if status != 404} == set()


@pytest.mark.parametrize("persona", ["coordinator", "executive", "committee_member", "admin_user"])
def test_department_wide_roles_read_every_department_wide_document(sar_round, persona, request):
    answers = _answers(request.getfixturevalue(persona), sar_round.round.pk)

    assert {name for name, status in answers.items() if status != 200} == set()


def test_the_overseers_round_page_offers_no_department_wide_document(client, sar_round, overseer):
    client.force_login(overseer)

    page = client.get(reverse("reporting:round_detail", args=(sar_round.round.pk,)))

    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("document_sar", args=(sar_round.round.pk, "docx")) not in body
    assert reverse("document_sar_build", args=(sar_round.round.pk, "docx")) not in body
    assert reverse("reporting:esar", args=(sar_round.round.pk,)) not in body


def test_the_overseers_api_round_has_no_agency_total(sar_round, overseer):
    secret = token_create(overseer, name="rule", scope=ApiToken.Scope.READ).secret

    body = (
        Client()
        .get(f"/api/v1/rounds/{sar_round.round.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
        .json()
    )

    assert body["total"] is None


def test_the_overseer_still_reads_their_units_reports(client, sar_round, overseer):
    """The rule takes away the department-wide documents, not the overseer's own reports."""
    from reporting.models import Submission

    mine = Submission.objects.get(round=sar_round.round, kpi=sar_round.pending)
    client.force_login(overseer)

    page = client.get(reverse("reporting:submission", args=(mine.pk,)))

    assert page.status_code == 200 and PENDING_NAME in page.content.decode()


# One rule for the department's whole year: the dashboard asks the same question -------------


def _dashboard(user, framework) -> int:
    client = Client()
    client.force_login(user)
    kwargs = {"code": framework.department.code, "year": framework.fiscal_year}
    return client.get(reverse("dashboards:department", kwargs=kwargs)).status_code


def test_todays_executive_reads_an_earlier_years_documents_as_its_dashboard(sar_round, org):
    """A department-wide role of a later year reads the department's history (the dashboard
    always let it): the round's documents follow the same rule."""
    from accounts.models import Role, RoleAssignment
    from conftest import make_persona

    framework = sar_round.round.framework
    later = make_persona("new_executive", org.department, Role.EXECUTIVE)
    RoleAssignment.objects.filter(person__user_id=later.pk).update(
        fiscal_year=framework.fiscal_year + 1
    )

    answers = _answers(later, sar_round.round.pk)

    assert _dashboard(later, framework) == 200
    assert {name for name, status in answers.items() if status != 200} == set()


def test_last_years_executive_reads_neither_this_years_documents_nor_dashboard(sar_round, org):
    from accounts.models import Role, RoleAssignment
    from conftest import make_persona

    framework = sar_round.round.framework
    earlier = make_persona("old_executive", org.department, Role.EXECUTIVE)
    RoleAssignment.objects.filter(person__user_id=earlier.pk).update(
        fiscal_year=framework.fiscal_year - 1
    )

    answers = _answers(earlier, sar_round.round.pk)

    assert _dashboard(earlier, framework) == 404
    assert {name for name, status in answers.items() if status != 404} == set()


@pytest.mark.parametrize("persona", ["overseer", "owner", "staff", "outsider"])
def test_who_gets_no_department_wide_document_gets_no_dashboard(sar_round, persona, request):
    assert _dashboard(request.getfixturevalue(persona), sar_round.round.framework) == 404


@pytest.mark.parametrize("persona", ["coordinator", "executive", "committee_member", "admin_user"])
def test_who_reads_the_department_wide_documents_reads_the_dashboard(sar_round, persona, request):
    assert _dashboard(request.getfixturevalue(persona), sar_round.round.framework) == 200
