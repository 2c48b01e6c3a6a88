from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DemoYears
from agreements.content import agreement_content
from agreements.demo import MINISTER, RECEIVER
from agreements.models import Agreement, NegotiationRound
from indicators.models import Kpi

pytestmark = pytest.mark.django_db


def test_demo_has_a_published_last_year_and_a_current_year_in_negotiation_idempotently(client):
    years = DemoYears.of()
    call_command("load_demo", "--quiet-logins")
    counts = (Agreement.objects.count(), NegotiationRound.objects.count())
    call_command("load_demo", "--quiet-logins")
    assert (Agreement.objects.count(), NegotiationRound.objects.count()) == counts
    done = Agreement.objects.get(framework__fiscal_year=years.last)
    assert done.state == Agreement.State.CIRCULATED
    assert done.published_at is not None and done.public
    assert done.acknowledgements.filter(acknowledged_at__isnull=False).exists()
    current = Agreement.objects.get(framework__fiscal_year=years.current)
    assert current.state == Agreement.State.NEGOTIATING
    assert current.negotiation_rounds.count() == 1
    assert current.negotiation_rounds.get().positions.exclude(counter=None).exists()
    public = reverse("agreements:public", kwargs={"code": "onep", "year": years.last})
    assert client.get(public).status_code == 200


def test_demo_agreements_have_two_receivers_and_the_signer_gives():
    """Issue 17 items 7 and 9: the minister and the permanent secretary receive the
    agreement, the department's head (เลขาธิการ, who signs) gives it."""
    years = DemoYears.of()
    call_command("load_demo", "--quiet-logins")
    done = agreement_content(Agreement.objects.get(framework__fiscal_year=years.last))
    assert [(p.name, p.position) for p in done.receivers] == [MINISTER, RECEIVER]
    assert [p.position for p in done.givers] == ["เลขาธิการ"]
    current = agreement_content(Agreement.objects.get(framework__fiscal_year=years.current))
    assert [p.name for p in current.receivers] == [MINISTER[0], RECEIVER[0]]


def test_demo_current_year_has_each_kind_of_kpi_issue_17_asks_for():
    """Issue 17 item 9: in the current year's sheets, a KPI with assessment points, a Proxy
    KPI of a national Strategic KPI, one evaluated from the 12-month round only and a budget
    target in the billions of baht."""
    years = DemoYears.of()
    call_command("load_demo", "--quiet-logins")
    kpis = {
        k.number: k
        for k in Kpi.objects.filter(framework__fiscal_year=years.current, is_latest=True)
    }
    assert kpis["6"].assessment_points.count() == 3
    assert kpis["4"].origin_relation == "proxy"
    assert kpis["4"].strategic_kpi is not None and kpis["4"].strategic_kpi.level == "national"
    rules = {e.round.months: e.in_force for e in kpis["6"].round_expectations.all()}
    assert rules == {6: False, 12: True}
    budget = kpis["8"]
    assert budget.unit == "บาท"
    assert max(lv.target for lv in budget.levels.all()) == Decimal("2500000000")
