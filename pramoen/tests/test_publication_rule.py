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


@pytest.fixture
def unpublished(org, overseer, owner):
    """onep's FY 2569 framework with four KPI sheets and its agreement, not yet published."""
    framework = make_framework(org.department)
    kpis = complete_set(framework, org, overseer_user=overseer, owner_user=owner)
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
    """As the cycle does: the sheets are approved (locked) before signing, then published."""
    from indicators.models import Kpi

    Kpi.objects.filter(framework=agreement.framework, state=Kpi.State.DRAFT).update(
        state=Kpi.State.APPROVED, approved_at=timezone.now()
    )
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


# After publication: an amendment's draft version is not published -------------------------

DRAFT_NAME = "ชื่อฉบับร่างที่ยังไม่อนุมัติ"


@pytest.fixture
def amended(unpublished, coordinator, evaluator):
    """The agreement signed and published; an approved amendment of KPI 1 opened its new
    version 2 as a draft, whose name the coordinator changed (not approved yet)."""
    from agreements import services
    from agreements.terms import snapshot_of
    from indicators.models import Kpi
    from indicators.services import kpi_update

    agreement, kpi = unpublished
    _publish(agreement)
    Agreement.objects.filter(pk=agreement.pk).update(
        state=Agreement.State.CIRCULATED,
        signed_on=timezone.localdate(),
        signed_snapshot=snapshot_of(agreement.framework),
    )
    agreement.refresh_from_db()
    amendment = services.amendment_request(
        coordinator,
        agreement,
        kpi=Kpi.objects.get(pk=kpi.pk),
        reason="ข้อมูลพื้นฐานเปลี่ยน",
        proposed_change="เปลี่ยนชื่อ",
    )
    services.amendment_decide(
        evaluator, amendment, approve=True, effective_from=timezone.localdate(), note=""
    )
    amendment.refresh_from_db()
    draft = services.amendment_start_version(coordinator, amendment)
    draft = kpi_update(coordinator, draft, fields={"name_th": DRAFT_NAME})
    return agreement, Kpi.objects.get(pk=kpi.pk), draft


def _body(response) -> str:
    """A page's text, or the text of the XML parts of an XLSX or DOCX download."""
    import io
    import zipfile

    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(content), ensure_ascii=False)
    if content[:2] != b"PK":
        return content.decode()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )


def _reads(user, agreement, signed, draft) -> dict[str, tuple[int, bool]]:
    """Each read of the year's KPI sheets: (status, whether the draft's name shows)."""
    framework = agreement.framework
    code, year = framework.department.code, framework.fiscal_year
    urls = {
        "draft sheet page": reverse("kpi_detail", args=[draft.pk]),
        "signed sheet page": reverse("kpi_detail", args=[signed.pk]),
        "kpi list page": reverse("kpi_list", kwargs={"code": code, "year": year}),
        "kpi excel export": reverse("kpi_excel_export", kwargs={"framework_id": framework.pk}),
        "draft sheet document": reverse("document_kpi_sheet", args=[draft.pk, "docx"]),
        "kpi sheets document": reverse("document_kpi_sheets", args=[framework.pk, "docx"]),
        "agreement page": reverse("agreements:intranet", kwargs={"code": code, "year": year}),
    }
    client = Client()
    client.force_login(user)
    answers = {}
    for name, url in urls.items():
        response = client.get(url)
        answers[name] = (response.status_code, DRAFT_NAME in _body(response))
    secret = token_create(user, name="rule", scope=ApiToken.Scope.READ).secret
    bearer: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    api = {
        "api draft kpi": f"/api/v1/kpis/{draft.pk}",
        "api kpi list": f"/api/v1/kpis?framework={framework.pk}",
        "api kpi list all versions": f"/api/v1/kpis?framework={framework.pk}&version=all",
        "api draft sheet document": f"/api/v1/documents/kpi-sheet/{draft.pk}?format=docx",
        "api kpi sheets document": f"/api/v1/documents/kpi-sheets/{framework.pk}?format=docx",
    }
    for name, url in api.items():
        response = Client().get(url, **bearer)
        answers[name] = (response.status_code, DRAFT_NAME in _body(response))
    return answers


def test_staff_read_only_the_published_versions_after_an_amendment(amended, staff):
    agreement, signed, draft = amended

    answers = _reads(staff, agreement, signed, draft)

    hidden = {"draft sheet page", "draft sheet document", "api draft kpi",
              "api draft sheet document"}  # fmt: skip
    assert {name for name, (status, _) in answers.items() if status == 404} == hidden
    assert {name for name, (status, _) in answers.items() if status != 404} == {
        name for name, (status, _) in answers.items() if status == 200
    }
    assert [name for name, (_, shown) in answers.items() if shown] == []
    # The published agreement's KPI links lead to the version in force, not to the draft.
    client = Client()
    client.force_login(staff)
    framework = agreement.framework
    page = client.get(
        reverse("agreements:intranet", kwargs={"code": "onep", "year": framework.fiscal_year})
    ).content.decode()
    assert reverse("kpi_detail", args=[signed.pk]) in page
    assert reverse("kpi_detail", args=[draft.pk]) not in page


def test_the_coordinator_still_reads_the_amendments_draft(amended, coordinator):
    agreement, signed, draft = amended

    answers = _reads(coordinator, agreement, signed, draft)

    assert {name for name, (status, _) in answers.items() if status != 200} == set()
    assert answers["draft sheet page"] == (200, True)
    assert answers["api draft kpi"] == (200, True)
