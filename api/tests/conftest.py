"""Fixtures of the API tests: onep's FY 2569 framework with four KPI sheets and its agreement
(the agreements app's builders), a pcd framework nobody from onep may see, and tokens.

Reporting: the agreement's signed terms pin the four sheets (as signing would), so they are the
versions in force (reporting.versions) and the coordinator opens the 6-month round through
reporting.services.round_open: one draft submission per sheet. The sheets themselves stay drafts
(other tests edit them); a report never reads its KPI's state.

`bearer(user, scope)` makes a token through the service and answers the request headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement
from agreements.terms import snapshot_of
from agreements.tests.factories import complete_set, make_agreement, make_framework, make_kpi
from api.models import ApiToken
from api.services import token_create
from frameworks.models import Framework, ReportingRound
from indicators.models import Kpi
from indicators.selectors import kpi_sort_key
from reporting import services as reporting_services
from reporting.models import Submission


@dataclass
class World:
    framework: Framework
    kpis: list[Kpi]
    agreement: Agreement
    other_framework: Framework
    other_kpi: Kpi
    other_agreement: Agreement
    round: ReportingRound  # onep's 6-month round, opened by the coordinator
    submissions: list[Submission]  # its drafts, in the order of `kpis`
    other_round: ReportingRound  # pcd's 6-month round, not opened

    @property
    def kpi(self) -> Kpi:
        return self.kpis[0]

    @property
    def submission(self) -> Submission:
        """KPI 1's report (EIA division; owner collects it, overseer oversees it)."""
        return self.submissions[0]


def sign_terms(agreement: Agreement) -> None:
    """Pin the framework's current sheets as the agreement's signed terms (reporting.versions)."""
    Agreement.objects.filter(pk=agreement.pk).update(
        signed_snapshot=snapshot_of(agreement.framework)
    )


def open_round(actor, round_: ReportingRound) -> list[Submission]:
    reporting_services.round_open(actor, round_)
    rows = list(Submission.objects.filter(round=round_).select_related("kpi__component"))
    return sorted(rows, key=lambda s: kpi_sort_key(s.kpi))


@pytest.fixture
def world(org, overseer, owner, coordinator) -> World:
    framework = make_framework(org.department)
    kpis = complete_set(framework, org, overseer_user=overseer, owner_user=owner)
    agreement = make_agreement(framework)
    other = make_framework(org.other_department)
    other_kpi = make_kpi(other, "performance", "1", "ตัวชี้วัดของกรมควบคุมมลพิษ", "70")
    sign_terms(agreement)
    round_ = framework.rounds.get(months=6)
    return World(
        framework,
        kpis,
        agreement,
        other,
        other_kpi,
        make_agreement(other),
        round=round_,
        submissions=open_round(coordinator, round_),
        other_round=other.rounds.get(months=6),
    )


def token_headers(user, scope: str = ApiToken.Scope.READ, **kwargs) -> dict[str, Any]:
    created = token_create(user, name="test", scope=scope, **kwargs)
    return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}


@pytest.fixture
def bearer():
    return token_headers


@pytest.fixture
def api_client() -> Client:
    return Client(enforce_csrf_checks=True)
