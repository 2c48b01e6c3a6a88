"""A result in the billions (issue 17 item 1): a budget KPI in baht is reported, scored and
stored exactly; a value beyond 10^15 is refused with the limit in Thai and saves nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting import services
from reporting.models import Submission
from reporting.services import SubmissionInput
from reporting.tests.factories import make_framework, make_kpi, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(org, coordinator, owner):
    framework = make_framework(org.department)
    make_kpi(
        framework,
        unit=org.eia,
        formula="",
        targets=("2000000000", "2250000000", "2500000000"),
    )
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    return Submission.objects.get(round=round_)


def test_a_result_in_billions_is_scored_and_stored_exactly(budget, owner):
    saved = services.submission_save(
        owner,
        budget,
        SubmissionInput(direct_result=Decimal("2412345678.1234")),
        expected_version=budget.version,
    )
    assert Submission.objects.get(pk=saved.pk).result == Decimal("2412345678.1234")
    assert saved.self_score is not None and Decimal(75) < saved.self_score < Decimal(100)


def test_a_result_beyond_the_limit_is_refused_in_thai(budget, owner):
    with pytest.raises(ValidationError) as error:
        services.submission_save(
            owner,
            budget,
            SubmissionInput(direct_result=Decimal(10) ** 16),
            expected_version=budget.version,
        )
    assert "1,000,000,000,000,000" in error.value.message_dict["direct_result"][0]
    assert Submission.objects.get(pk=budget.pk).result is None


def test_the_report_form_shows_the_target_with_separators(client, budget, owner):
    client.force_login(owner)
    page = client.get(reverse("reporting:submission", args=[budget.pk])).content.decode()
    assert "2,500,000,000" in page
