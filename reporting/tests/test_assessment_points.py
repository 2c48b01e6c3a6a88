"""A report round records a result and a short narrative per assessment point (issue 17
item 2); a composite KPI whose points carry weights and criteria scores by the composite rule."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators.models import AssessmentPoint
from reporting import services
from reporting.models import Submission
from reporting.services import PointResultInput, SubmissionInput
from reporting.tests.factories import make_framework, make_kpi, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(org, coordinator, owner) -> Submission:
    framework = make_framework(org.department)
    kpi = make_kpi(
        framework, unit=org.eia, formula="", method="composite", targets=("0",), scores=("100",)
    )
    AssessmentPoint.objects.create(
        kpi=kpi,
        order=1,
        name_th="ร้อยละของรายงานที่พิจารณาแล้วเสร็จ",
        unit="ร้อยละ",
        weight=D(60),
        criteria=[
            {"target": "80", "score": "50"},
            {"target": "90", "score": "75"},
            {"target": "100", "score": "100"},
        ],
    )
    AssessmentPoint.objects.create(
        kpi=kpi,
        order=2,
        name_th="จำนวนเครือข่าย",
        unit="เครือข่าย",
        weight=D(40),
        criteria=[{"target": "10", "score": "50"}, {"target": "20", "score": "100"}],
    )
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    return Submission.objects.get(round=round_)


def _save(user, submission, points, **extra):
    submission.refresh_from_db()
    return services.submission_save(
        user,
        submission,
        SubmissionInput(points=points, **extra),
        expected_version=submission.version,
    )


def test_score_from_points_is_the_composite_rule(owner, submission):
    # Point 1: 95 → 75 + 5 × 25 / 10 = 87.5; point 2: 13 → 50 + 3 × 50 / 10 = 65.
    # KPI result = (60 × 87.5 + 40 × 65) / 100 = 78.5, capped at the KPI's 100.
    saved = _save(
        owner,
        submission,
        {
            1: PointResultInput(D(95), "พิจารณาแล้ว 95 ฉบับ"),
            2: PointResultInput(D(13), "เครือข่ายใหม่ 3 แห่ง"),
        },
        direct_result=D(5),  # ignored: the result is computed from the points
    )
    assert saved.result == D("78.5000")
    assert saved.self_score == D("78.5000")
    assert saved.point_results == {
        "1": {"result": "95", "narrative": "พิจารณาแล้ว 95 ฉบับ"},
        "2": {"result": "13", "narrative": "เครือข่ายใหม่ 3 แห่ง"},
    }
    assert saved.point_result(1) == D(95) and saved.point_narrative(2) == "เครือข่ายใหม่ 3 แห่ง"


def test_a_missing_point_leaves_the_kpi_unscored(owner, submission):
    saved = _save(owner, submission, {1: PointResultInput(D(95))})
    assert saved.result is None and saved.self_score is None
    assert saved.point_result(1) == D(95)
    with pytest.raises(ValidationError):
        services.submission_submit(owner, saved)


def test_points_keep_big_values_as_text(owner, submission):
    big = D("999999999999999.9999")
    saved = _save(owner, submission, {1: PointResultInput(big), 2: PointResultInput(D(20))})
    assert saved.point_results["1"]["result"] == "999999999999999.9999"
    assert saved.point_result(1) == big
    assert saved.result == D("100.0000")  # both points at their top level


@pytest.mark.parametrize(
    ("points", "field"),
    [
        ({3: PointResultInput(D(1))}, "point_result_3"),
        ({1: PointResultInput(D("1E16"))}, "point_result_1"),
        ({1: PointResultInput(D(1), "ก" * 1001)}, "point_narrative_1"),
    ],
)
def test_bad_point_results_are_refused(owner, submission, points, field):
    with pytest.raises(ValidationError) as error:
        _save(owner, submission, points)
    assert field in error.value.message_dict


def test_report_page_takes_a_result_and_narrative_per_point(client, owner, submission):
    from django.urls import reverse

    client.force_login(owner)
    url = reverse("reporting:submission", args=[submission.pk])
    page = client.get(url).content.decode()
    assert 'name="point_result_1"' in page and 'name="point_narrative_2"' in page
    assert 'name="direct_result"' not in page  # the result comes from the points
    assert page.index("ร้อยละของรายงานที่พิจารณาแล้วเสร็จ") < page.index("จำนวนเครือข่าย")
    response = client.post(
        url,
        {
            "version": "0",
            "activity_count": "3",
            "point_result_1": "95",
            "point_narrative_1": "พิจารณาแล้ว 95 ฉบับ",
            "point_result_2": "13",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.state == Submission.State.SUBMITTED
    assert stored.self_score == D("78.5000")
    assert stored.point_narrative(1) == "พิจารณาแล้ว 95 ฉบับ"
    again = client.get(url).content.decode()
    assert "พิจารณาแล้ว 95 ฉบับ" in again


def test_a_save_without_points_keeps_the_stored_point_results(owner, submission):
    """Other writers (the results import, the API) send no points: nothing is lost."""
    _save(owner, submission, {1: PointResultInput(D(95), "ก"), 2: PointResultInput(D(13))})
    submission.refresh_from_db()
    saved = services.submission_save(
        owner,
        submission,
        SubmissionInput(supporting_factors="ปัจจัยใหม่"),
        expected_version=submission.version,
    )
    assert saved.point_result(1) == D(95) and saved.point_narrative(1) == "ก"
    assert saved.result == D("78.5000")


def test_live_preview_scores_the_typed_points(client, owner, submission):
    from django.urls import reverse

    client.force_login(owner)
    response = client.post(
        reverse("reporting:submission_preview", args=[submission.pk]),
        {"version": "0", "activity_count": "3", "point_result_1": "95", "point_result_2": "13"},
    )
    assert response.status_code == 200
    assert "78.50" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).result is None  # preview never saves


def test_saved_points_show_their_score_on_the_page(client, owner, submission):
    from django.urls import reverse

    _save(owner, submission, {1: PointResultInput(D(95)), 2: PointResultInput(D(13))})
    client.force_login(owner)
    page = client.get(reverse("reporting:submission", args=[submission.pk])).content.decode()
    assert "78.50" in page and 'value="95"' in page
