from __future__ import annotations

from dataclasses import dataclass

import pytest

from agreements.models import Agreement
from agreements.tests.factories import complete_set, make_agreement, make_framework
from frameworks.models import Framework
from indicators.models import Kpi


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Cycle:
    framework: Framework
    agreement: Agreement
    kpis: list[Kpi]


@pytest.fixture
def cycle(org, coordinator, owner, overseer, committee_member, executive, evaluator, staff):
    framework = make_framework(org.department)
    kpis = complete_set(framework, org, overseer_user=overseer, owner_user=owner)
    return Cycle(framework, make_agreement(framework), kpis)
