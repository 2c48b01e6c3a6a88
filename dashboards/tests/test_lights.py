"""The traffic-light rule (frameworks.lights) and the forecast (reporting.outlook; issue 7
item 1)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.models import AuditEvent
from dashboards.models import TrafficLightRule
from dashboards.services import traffic_light_rule_update
from frameworks.lights import Light, Rule, default_rule, light_for, rule_for, rule_of
from frameworks.models import Framework
from reporting.outlook import Point, forecast

D = Decimal
RULE = Rule(D(70), D(50), custom=False)


@pytest.mark.parametrize(
    ("score", "light"),
    [
        (D(100), Light.GREEN),
        (D(70), Light.GREEN),  # at the threshold counts as on track
        (D("69.9999"), Light.AMBER),
        (D(50), Light.AMBER),
        (D("49.9999"), Light.RED),
        (D(0), Light.RED),
        (None, Light.NONE),  # no result yet is not "at risk"
    ],
)
def test_light_thresholds(score, light):
    assert light_for(score, RULE) == light


@given(
    st.decimals(min_value=0, max_value=100, places=4),
    st.decimals(min_value=0, max_value=100, places=4),
)
def test_a_higher_forecast_never_gets_a_worse_light(a, b):
    order = [Light.RED, Light.AMBER, Light.GREEN]
    low, high = sorted((a, b))
    assert order.index(light_for(low, RULE)) <= order.index(light_for(high, RULE))


def test_rule_defaults_to_the_framework_level_scores():
    framework = Framework(standard_score=D(75), basic_score=D(50))
    assert default_rule(framework) == Rule(D(75), D(50), custom=False)
    assert rule_for(framework, None, D(40)) == Rule(D(75), D(40), custom=True)


@pytest.mark.django_db
def test_stored_rule_overrides_each_field_it_sets(org):
    from dashboards.tests.factories import framework_with_kpis

    framework, _kpis = framework_with_kpis(org.department)
    assert rule_of(framework) == Rule(D(70), D(50), custom=False)
    TrafficLightRule.objects.create(framework=framework, green_min_score=D(80))
    framework = Framework.objects.select_related("traffic_light_rule").get(pk=framework.pk)
    assert rule_of(framework) == Rule(D(80), D(50), custom=True)


def test_forecast_is_the_latest_accepted_result():
    points = [Point(1, "รอบ 6 เดือน", D(85), D("62.5")), Point(2, "รอบ 12 เดือน", D(95), D("87.5"))]
    guess = forecast(points)
    assert (guess.result, guess.score, guess.source) == (D(95), D("87.5"), "รอบ 12 เดือน")


def test_forecast_falls_back_to_an_earlier_round_while_the_year_runs():
    points = [Point(1, "รอบ 6 เดือน", D(85), D("62.5")), Point(2, "รอบ 12 เดือน", None, None)]
    guess = forecast(points)
    assert guess.score == D("62.5") and guess.source == "รอบ 6 เดือน"
    assert light_for(guess.score, RULE) == Light.AMBER


def test_closed_final_round_without_result_scores_zero_not_the_earlier_round():
    points = [Point(1, "รอบ 6 เดือน", D(95), D("87.5"))]
    guess = forecast(points, final_round=2)
    assert guess.score == 0 and guess.counted_zero
    assert light_for(guess.score, RULE) == Light.RED


def test_milestone_forecast_is_the_score_of_the_steps_reached():
    # a milestone KPI reports the steps reached; its score is what reporting computed
    guess = forecast([Point(1, "รอบ 6 เดือน", D(3), D(50))])
    assert guess.result == 3 and light_for(guess.score, RULE) == Light.AMBER


def test_no_result_gives_no_light():
    assert forecast([]).score is None


@pytest.mark.django_db
def test_coordinator_sets_the_rule_with_an_audit_event(org, coordinator):
    from dashboards.tests.factories import framework_with_kpis

    framework, _kpis = framework_with_kpis(org.department)
    rule = traffic_light_rule_update(coordinator, framework, green_min=D(80), amber_min=None)
    assert (rule.green_min_score, rule.amber_min_score, rule.version) == (D(80), None, 1)
    event = AuditEvent.objects.get(action="dashboards.traffic_light_rule.updated")
    assert event.data["after"] == {"green_min_score": "80", "amber_min_score": None}


@pytest.mark.django_db
def test_executive_cannot_change_the_rule(org, executive):
    from dashboards.tests.factories import framework_with_kpis

    framework, _kpis = framework_with_kpis(org.department)
    with pytest.raises(PermissionDenied):
        traffic_light_rule_update(executive, framework, green_min=D(80), amber_min=None)
    assert not TrafficLightRule.objects.exists()


@pytest.mark.django_db
def test_amber_above_green_is_refused_in_thai(org, coordinator):
    from dashboards.tests.factories import framework_with_kpis

    framework, _kpis = framework_with_kpis(org.department)
    with pytest.raises(ValidationError) as error:
        # green stays at the default 70
        traffic_light_rule_update(coordinator, framework, green_min=None, amber_min=D(75))
    assert "ต้องไม่สูงกว่า" in error.value.message_dict["amber_min_score"][0]
    with pytest.raises(ValidationError) as error:
        traffic_light_rule_update(coordinator, framework, green_min=D(120), amber_min=None)
    assert "ระหว่าง 0 ถึง 100" in error.value.message_dict["green_min_score"][0]
