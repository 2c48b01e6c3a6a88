import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DemoYears
from agreements.models import Agreement, NegotiationRound

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
