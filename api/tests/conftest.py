"""Fixtures of the API tests: onep's FY 2569 framework with four KPI sheets and its agreement
(the agreements app's builders), a pcd framework nobody from onep may see, and tokens.

`bearer(user, scope)` makes a token through the service and answers the request headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement
from agreements.tests.factories import complete_set, make_agreement, make_framework, make_kpi
from api.models import ApiToken
from api.services import token_create
from frameworks.models import Framework
from indicators.models import Kpi


@dataclass
class World:
    framework: Framework
    kpis: list[Kpi]
    agreement: Agreement
    other_framework: Framework
    other_kpi: Kpi
    other_agreement: Agreement

    @property
    def kpi(self) -> Kpi:
        return self.kpis[0]


@pytest.fixture
def world(org, overseer, owner) -> World:
    framework = make_framework(org.department)
    kpis = complete_set(framework, org, overseer_user=overseer, owner_user=owner)
    agreement = make_agreement(framework)
    other = make_framework(org.other_department)
    other_kpi = make_kpi(other, "performance", "1", "ตัวชี้วัดของกรมควบคุมมลพิษ", "70")
    return World(framework, kpis, agreement, other, other_kpi, make_agreement(other))


def token_headers(user, scope: str = ApiToken.Scope.READ, **kwargs) -> dict[str, Any]:
    created = token_create(user, name="test", scope=scope, **kwargs)
    return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}


@pytest.fixture
def bearer():
    return token_headers


@pytest.fixture
def api_client() -> Client:
    return Client(enforce_csrf_checks=True)
