"""The round's report list filters by unit, owner, state and component (issue 16 item 6)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PersonFactory
from reporting import services
from reporting.models import Submission
from reporting.tests.factories import make_kpi

pytestmark = pytest.mark.django_db


def _shown(client, round_, **params) -> set[int]:
    response = client.get(reverse("reporting:round_detail", args=[round_.pk]), params)
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="subs-h"')  # the report list (the page also links late reports)
    html = page[start : page.index("</section>", start)]
    return {
        s.pk
        for s in Submission.objects.filter(round=round_)
        if f'href="/reporting/report/{s.pk}/"' in html
    }


def test_each_filter_keeps_only_the_matching_reports(client, setup, org, coordinator):
    collector = PersonFactory(department=org.department, first_name_th="ณัฐธยา")
    other = make_kpi(setup.framework, "2", unit=org.quality, component="potential")
    other.collectors.set([collector])
    services.round_open(coordinator, setup.round)
    report = dict(Submission.objects.values_list("kpi_id", "pk"))
    mine, theirs = report[setup.kpi.pk], report[other.pk]
    Submission.objects.filter(pk=theirs).update(state=Submission.State.SUBMITTED)
    potential = setup.framework.components.get(code="potential")
    client.force_login(coordinator)
    assert _shown(client, setup.round) == {mine, theirs}
    assert _shown(client, setup.round, unit=org.eia.pk) == {mine}
    assert _shown(client, setup.round, component=potential.pk) == {theirs}
    assert _shown(client, setup.round, owner=collector.pk) == {theirs}
    assert _shown(client, setup.round, state="submitted") == {theirs}
    assert _shown(client, setup.round, state="draft", unit=org.quality.pk) == set()
    assert _shown(client, setup.round, unit="x", state="nonsense") == {mine, theirs}


def test_filtered_report_list_queries_do_not_grow(client, setup, org, coordinator):
    def count():
        url = reverse("reporting:round_detail", args=[setup.round.pk])
        client.get(url, {"unit": org.eia.pk})
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"unit": org.eia.pk, "state": "draft"})
        return len(queries)

    client.force_login(coordinator)
    services.round_open(coordinator, setup.round)
    few = count()
    for number in range(2, 20):
        kpi = make_kpi(setup.framework, str(number), unit=org.eia, weight="1")
        kpi.collectors.set([PersonFactory(department=org.department)])
        Submission.objects.create(round=setup.round, kpi_key=kpi.key, kpi=kpi)
    assert count() == few
