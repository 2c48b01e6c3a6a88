"""Menus show only what the role can use (issue 16 item 7): each link is shown by the rule its
page answers by (core.navigation), so a link never leads to a 404 and no usable page is missing.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_FY

pytestmark = pytest.mark.django_db

PERSONAS = (
    "coordinator",
    "owner",
    "overseer",
    "committee_member",
    "executive",
    "evaluator",
    "staff",
    "admin_user",
)


def _nav_links(client: Client) -> set[str]:
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('<nav class="mainnav"') : html.index("</nav>")]
    return set(re.findall(r'<li[^>]*><a href="([^"]+)"', nav))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_link_opens_a_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    links = _nav_links(client)
    assert reverse("home") in links and reverse("inbox") in links
    for link in links:
        assert client.get(link).status_code in (200, 302), link


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_dashboard_link_follows_the_dashboard_rule(client, request, org, persona):
    """Shown exactly when the department's dashboard opens (an evaluator's read-only one too)."""
    client.force_login(request.getfixturevalue(persona))
    shown = reverse("dashboards:index") in _nav_links(client)
    page = reverse(
        "dashboards:department", kwargs={"code": org.department.code, "year": PERSONA_FY}
    )
    assert shown == (client.get(page).status_code == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_roles_link_follows_the_roles_rule(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    shown = reverse("roles_index") in _nav_links(client)
    assert shown == (client.get(reverse("roles_index")).status_code != 404)


def test_staff_see_only_what_staff_use(client, staff):
    client.force_login(staff)
    links = _nav_links(client)
    for hidden in (
        "dashboards:index",
        "dashboards:ministry_index",
        "reporting:rounds",
        "reporting:my_updates",
        "agreements:index",
        "roles_index",
    ):
        assert reverse(hidden) not in links, hidden
    assert reverse("kpi_index") in links and reverse("org_index") in links


def test_the_evaluator_finds_the_dashboard_and_the_rounds_but_not_the_roles(client, evaluator):
    client.force_login(evaluator)
    links = _nav_links(client)
    assert reverse("dashboards:index") in links
    assert reverse("reporting:rounds") in links
    assert reverse("roles_index") not in links


def test_my_updates_is_shown_while_the_owner_has_a_report_to_enter(client, org, coordinator, owner):
    from reporting import services
    from reporting.tests.factories import make_framework, make_kpi, make_round

    framework = make_framework(org.department)
    make_kpi(framework, unit=org.eia)
    round_ = make_round(framework)
    client.force_login(owner)
    assert reverse("reporting:my_updates") not in _nav_links(client)
    services.round_open(coordinator, round_)
    assert reverse("reporting:my_updates") in _nav_links(client)


def test_the_superuser_sees_every_menu_item(client, admin_user, org):
    from conftest import evaluating_body
    from core.fiscal import current_fiscal_year
    from core.navigation import _items
    from indicators.tests.factories import FrameworkFactory

    FrameworkFactory(department=org.department, fiscal_year=current_fiscal_year().be_year)
    evaluating_body()  # the progress page lists the evaluating bodies
    client.force_login(admin_user)
    html = client.get(reverse("home")).content.decode()
    # My updates needs a report to enter, the evaluator's console an assignment as an evaluator
    # (a superuser is none: accounts.selectors.is_evaluator_for); everything else is open.
    for item in _items.values():
        if item.key not in ("my_updates", "evaluation"):
            assert f'href="{reverse(item.url_name)}"' in html, item.key


@pytest.mark.parametrize("persona", [*PERSONAS, "opdc_coordinator"])
def test_the_evaluator_links_follow_their_rules(client, request, persona):
    """The console link is the assigned evaluator's; the progress link the evaluating body's
    coordinator's (issue 18 item 3)."""
    client.force_login(request.getfixturevalue(persona))
    links = _nav_links(client)
    for name in ("reporting:evaluation_index", "reporting:evaluation_progress_index"):
        shown = reverse(name) in links
        assert shown == (client.get(reverse(name)).status_code != 404), name
    assert (reverse("reporting:evaluation_index") in links) == (persona == "evaluator")
    progress_shown = reverse("reporting:evaluation_progress_index") in links
    assert progress_shown == (persona == "opdc_coordinator")
