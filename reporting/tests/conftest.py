"""Fixtures of the reporting tests: onep's FY 2569 framework with one KPI of the EIA division
(owner persona's unit), its 6-month round, and the round opened by the coordinator."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from frameworks.models import Framework, ReportingRound
from indicators.models import Kpi
from reporting import services
from reporting.models import Submission
from reporting.tests.factories import make_framework, make_kpi, make_round


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Setup:
    framework: Framework
    kpi: Kpi
    round: ReportingRound


@pytest.fixture
def setup(org, coordinator, owner, overseer) -> Setup:
    framework = make_framework(org.department)
    kpi = make_kpi(framework, unit=org.eia)
    return Setup(framework, kpi, make_round(framework))


@pytest.fixture
def submission(setup, coordinator) -> Submission:
    services.round_open(coordinator, setup.round)
    return Submission.objects.get(round=setup.round)
