"""The KPI list filters by unit, owner, state and component (issue 16 item 6)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PersonFactory
from indicators.models import Kpi
from indicators.tests.factories import KpiFactory, add_levels

pytestmark = pytest.mark.django_db


def _url(**params):
    url = reverse("kpi_list", kwargs={"code": "onep", "year": 2569})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _shown(client, **params) -> set[int]:
    response = client.get(_url(**params))
    assert response.status_code == 200
    html = response.content.decode()
    return {kpi.pk for kpi in Kpi.objects.all() if f'href="/kpis/sheet/{kpi.pk}/"' in html}


@pytest.fixture
def two(org, performance, potential):
    collector = PersonFactory(department=org.department, unit=org.eia, first_name_th="ณัฐธยา")
    overseer = PersonFactory(department=org.department, unit=org.quality, first_name_th="ศุภชัย")
    eia = add_levels(KpiFactory(component=performance, number="1", responsible_unit=org.eia))
    eia.collectors.set([collector])
    quality = add_levels(
        KpiFactory(
            component=potential,
            number="2",
            responsible_unit=org.quality,
            overseer=overseer,
            state=Kpi.State.APPROVED,
        )
    )
    return eia, quality, collector, overseer


def test_each_filter_keeps_only_the_matching_kpis(client, executive, org, potential, two):
    eia, quality, collector, overseer = two
    client.force_login(executive)
    assert _shown(client) == {eia.pk, quality.pk}
    assert _shown(client, unit=org.eia.pk) == {eia.pk}
    assert _shown(client, component=potential.pk) == {quality.pk}
    assert _shown(client, state="approved") == {quality.pk}
    assert _shown(client, state="draft") == {eia.pk}
    assert _shown(client, owner=collector.pk) == {eia.pk}
    assert _shown(client, owner=overseer.pk) == {quality.pk}
    assert _shown(client, unit=org.eia.pk, state="approved") == set()


def test_the_form_offers_the_pages_units_people_and_components(client, executive, org, two):
    _eia, _quality, collector, overseer = two
    client.force_login(executive)
    html = client.get(_url(unit=org.eia.pk)).content.decode()
    assert 'name="unit"' in html and 'name="owner"' in html
    assert f'<option value="{org.eia.pk}" selected>' in html
    assert collector.first_name_th in html and overseer.first_name_th in html
    assert f'value="{org.admdev.pk}"' not in html  # a unit without KPIs is not a choice
    assert "แสดง 1 จาก 2 รายการตามตัวกรอง" in html


def test_a_value_that_is_not_a_choice_is_ignored(client, executive, org, two):
    eia, quality, _collector, _overseer = two
    client.force_login(executive)
    assert _shown(client, unit="abc") == {eia.pk, quality.pk}
    assert _shown(client, unit=org.admdev.pk, state="nonsense") == {eia.pk, quality.pk}
    assert _shown(client, unit="9" * 40) == {eia.pk, quality.pk}


def test_filtered_list_queries_do_not_grow_with_kpis(client, coordinator, org, performance):
    def count():
        client.get(_url(unit=org.eia.pk))
        with CaptureQueriesContext(connection) as queries:
            client.get(_url(unit=org.eia.pk, state="draft"))
        return len(queries)

    client.force_login(coordinator)
    for n in range(3):
        add_levels(KpiFactory(component=performance, number=str(n + 1), responsible_unit=org.eia))
    few = count()
    for n in range(3, 25):
        kpi = add_levels(
            KpiFactory(component=performance, number=str(n + 1), responsible_unit=org.eia)
        )
        kpi.collectors.set([PersonFactory(department=org.department)])
    assert count() == few
