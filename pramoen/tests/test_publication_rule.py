"""Issue 14 item 2, "Publication is one rule": a year's agreement, its KPI sheets, the
confirmation letter and the KPI Excel export are read by the people who work on that year's cycle
(and the assigned OPDC evaluator); staff — and everyone else who reads only published content —
get a 404 from every page, document download and API endpoint until the agreement is published.

Written against the defect: documents.selectors let staff download the unsigned agreement while
the agreement page answered 404.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.tests.factories import complete_set, make_agreement, make_framework
from api.models import ApiToken
from api.services import token_create
from search import index as search_index


@pytest.fixture
def unpublished(org, overseer, owner):
    """onep's FY 2569 framework with four KPI sheets and its agreement, not yet published."""
    framework = make_framework(org.department)
    kpis = complete_set(framework, org, overseer_user=overseer, owner_user=owner)
    search_index.kpis(kpi.pk for kpi in kpis)  # made without the services
    return make_agreement(framework), kpis[0]


def _pages(agreement, kpi):
    framework = agreement.framework
    code, year = framework.department.code, framework.fiscal_year
    return {
        "kpi sheet page": reverse("kpi_detail", args=[kpi.pk]),
        "kpi list page": reverse("kpi_list", kwargs={"code": code, "year": year}),
        "kpi excel export": reverse("kpi_excel_export", kwargs={"framework_id": framework.pk}),
        "agreement document": reverse("document_agreement", args=[framework.pk, "docx"]),
        "confirmation letter": reverse("document_confirmation_letter", args=[framework.pk, "docx"]),
        "kpi sheet document": reverse("document_kpi_sheet", args=[kpi.pk, "docx"]),
        "kpi sheets document": reverse("document_kpi_sheets", args=[framework.pk, "docx"]),
    }


def _api(agreement, kpi):
    framework_id = agreement.framework_id
    return {
        "api agreement": f"/api/v1/agreements/{agreement.pk}",
        "api kpi": f"/api/v1/kpis/{kpi.pk}",
        "api agreement document": f"/api/v1/documents/agreement/{framework_id}?format=docx",
        "api confirmation letter": (
            f"/api/v1/documents/confirmation-letter/{framework_id}?format=docx"
        ),
        "api kpi sheet document": f"/api/v1/documents/kpi-sheet/{kpi.pk}?format=docx",
        "api kpi sheets document": f"/api/v1/documents/kpi-sheets/{framework_id}?format=docx",
    }


def _statuses(user, agreement, kpi):
    client = Client()
    client.force_login(user)
    answers = {name: client.get(url).status_code for name, url in _pages(agreement, kpi).items()}
    # The search page (issue 16 item 6) lists the sheet exactly when its page would open.
    results = client.get(reverse("search"), {"q": kpi.name_th}).content.decode()
    sheet_link = f'href="{reverse("kpi_detail", args=[kpi.pk])}"'
    answers["search result"] = 200 if sheet_link in results else 404
    secret = token_create(user, name="rule", scope=ApiToken.Scope.READ).secret
    bearer: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for name, url in _api(agreement, kpi).items():
        answers[name] = Client().get(url, **bearer).status_code
    totals = Client().post(
        f"/api/v1/frameworks/{agreement.framework_id}/totals",
        json.dumps({"scores": {}}),
        content_type="application/json",
        **bearer,
    )
    answers["api agency what-if"] = totals.status_code
    return answers


def _publish(agreement):
    Agreement.objects.filter(pk=agreement.pk).update(published_at=timezone.now())


def test_staff_get_404_everywhere_until_the_agreement_is_published(unpublished, staff):
    agreement, kpi = unpublished

    before = _statuses(staff, agreement, kpi)
    _publish(agreement)
    after = _statuses(staff, agreement, kpi)

    assert {name for name, status in before.items() if status != 404} == set()
    assert {name for name, status in after.items() if status != 200} == set()


def test_a_department_member_without_a_role_reads_only_the_published_agreement(unpublished, org):
    from conftest import make_persona

    member = make_persona("member", org.department, None, unit=org.quality)
    agreement, kpi = unpublished

    assert set(_statuses(member, agreement, kpi).values()) == {404}
    _publish(agreement)
    assert set(_statuses(member, agreement, kpi).values()) == {200}


@pytest.mark.parametrize("persona", ["coordinator", "owner", "executive", "evaluator"])
def test_people_working_on_the_cycle_read_the_draft(unpublished, persona, request):
    agreement, kpi = unpublished

    answers = _statuses(request.getfixturevalue(persona), agreement, kpi)

    assert {name for name, status in answers.items() if status != 200} == set()


def test_last_years_staff_role_does_not_open_this_years_draft(unpublished, org):
    """Belonging to the department is not enough: a working role in the agreement's year is."""
    from accounts.models import Person, Role
    from conftest import RoleAssignmentFactory, make_persona

    user = make_persona("veteran", org.department, Role.STAFF, unit=org.eia)
    RoleAssignmentFactory(
        person=Person.objects.get(user_id=user.pk), role=Role.OWNER, fiscal_year=2568
    )
    agreement, kpi = unpublished

    assert set(_statuses(user, agreement, kpi).values()) == {404}


def test_outsiders_get_404_even_after_publication(unpublished, outsider):
    agreement, kpi = unpublished
    _publish(agreement)

    assert set(_statuses(outsider, agreement, kpi).values()) == {404}
