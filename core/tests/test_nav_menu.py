"""The header: daily pages in the bar, occasional ones under "เพิ่มเติม" once the bar is crowded,
so it stays one line on a desktop whatever roles the user holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from core import navigation
from core.navigation import BAR_SIZE, NavItem, NavItems, nav_items_for, register_nav


@pytest.fixture
def isolated_nav(monkeypatch):
    monkeypatch.setattr(navigation, "_items", {})


def items(*keys: str) -> NavItems:
    return NavItems(NavItem(key, key, "home", order=i) for i, key in enumerate(keys))


def test_a_short_bar_keeps_every_item():
    few = items("home", "inbox", "kpis", "intranet", "org", "roles", "api_tokens")
    assert len(few) == BAR_SIZE + 1
    assert not few.crowded
    assert few.bar == list(few) and few.more == []


def test_a_crowded_bar_moves_occasional_items_under_more():
    many = items("home", "inbox", "dashboard", "ministry", "frameworks", "kpis", "agreements",
                 "rounds", "intranet", "org", "roles", "api_tokens")  # fmt: skip
    assert many.crowded
    assert [i.key for i in many.bar] == [
        "home", "inbox", "dashboard", "kpis", "agreements", "rounds",
    ]  # fmt: skip
    assert [i.key for i in many.more] == [
        "ministry", "frameworks", "intranet", "org", "roles", "api_tokens",
    ]  # fmt: skip


def test_room_left_in_the_bar_goes_to_the_most_used_occasional_item():
    owner = items("home", "inbox", "frameworks", "kpis", "my_updates", "agreements", "intranet",
                  "org", "api_tokens")  # fmt: skip
    assert [i.key for i in owner.bar] == [
        "home", "inbox", "kpis", "my_updates", "agreements", "intranet",
    ]  # fmt: skip
    assert [i.key for i in owner.more] == ["frameworks", "org", "api_tokens"]


def test_too_many_daily_items_overflow_into_more_in_order():
    daily = items(*(f"daily-{n}" for n in range(BAR_SIZE + 2)), "org")
    assert [i.key for i in daily.bar] == [f"daily-{n}" for n in range(BAR_SIZE)]
    assert [i.key for i in daily.more] == [f"daily-{BAR_SIZE}", f"daily-{BAR_SIZE + 1}", "org"]


def test_every_item_is_either_in_the_bar_or_in_more(isolated_nav):
    for i in range(12):
        register_nav(NavItem(f"test-{i}", str(i), "home", order=i))
    got = nav_items_for(AnonymousUser(), 2570)
    assert sorted(got.bar + got.more, key=lambda i: i.order) == list(got)
    assert len(got.bar) == BAR_SIZE


def _header(client: Client) -> str:
    html: str = client.get(reverse("home")).content.decode()
    return html[html.index('<header class="topbar">') : html.index("</header>")]


def _bar_and_menu(header: str) -> tuple[str, str]:
    start = header.index('<ul class="nav-bar">')
    if '<details class="nav-menu">' not in header:
        return header[start : header.index("</ul>", start)], ""
    menu_at = header.index('<details class="nav-menu">')
    return header[start:menu_at], header[menu_at : header.index("</details>", menu_at)]


@pytest.mark.django_db
def test_coordinator_header_has_daily_links_in_the_bar_and_the_rest_under_more(client, coordinator):
    client.force_login(coordinator)
    bar, menu = _bar_and_menu(_header(client))
    assert "<summary>เพิ่มเติม</summary>" in menu
    for daily in ("agreements:index", "kpi_index", "reporting:rounds"):
        assert f'href="{reverse(daily)}"' in bar
    for occasional in ("org_index", "roles_index", "api_tokens", "framework_list"):
        assert f'href="{reverse(occasional)}"' in menu
        assert f'href="{reverse(occasional)}"' not in bar
    assert len(re.findall(r"<li(?: class=\"nav-wide-only\")?><a ", bar)) == BAR_SIZE


@pytest.mark.django_db
def test_staff_header_has_no_more_menu_on_a_wide_screen(client, staff):
    client.force_login(staff)
    header = _header(client)
    # The only "เพิ่มเติม" is the compact screens' one; every link is in the bar.
    assert header.count("เพิ่มเติม") == 1 and '<li class="nav-compact-only">' in header
    assert f'href="{reverse("agreements:intranet_index")}"' in header


@pytest.mark.django_db
def test_superuser_finds_the_admin_site_under_more(client, admin_user, org):
    from core.fiscal import current_fiscal_year
    from indicators.tests.factories import FrameworkFactory

    FrameworkFactory(department=org.department, fiscal_year=current_fiscal_year().be_year)
    client.force_login(admin_user)
    _bar, menu = _bar_and_menu(_header(client))
    assert f'href="{reverse("admin:index")}"' in menu


@pytest.mark.django_db
def test_the_current_page_is_marked_even_under_a_namespace(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reporting:rounds"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{reverse("reporting:rounds")}" aria-current="page">' in html


@pytest.mark.django_db
def test_logout_and_language_sit_in_the_account_menu(client, coordinator):
    client.force_login(coordinator)
    header = _header(client)
    account = header[header.index('<details class="nav-menu account">') :]
    assert f'action="{reverse("logout")}"' in account
    assert f'action="{reverse("set_language")}"' in account


@pytest.mark.django_db
def test_anonymous_header_keeps_the_language_switch(client):
    html = client.get(reverse("login")).content.decode()
    header = html[html.index('<header class="topbar">') : html.index("</header>")]
    assert f'action="{reverse("set_language")}"' in header
    assert "nav-menu" not in header


def test_a_compact_screen_keeps_four_links_and_shows_the_rest_under_more():
    many = items("home", "inbox", "dashboard", "ministry", "frameworks", "kpis", "agreements",
                 "rounds", "intranet", "org", "roles", "api_tokens")  # fmt: skip
    assert [i.key for i in many.wide_only] == ["agreements", "rounds"]
    staff = items("home", "inbox", "frameworks", "kpis", "intranet", "org", "api_tokens")
    assert not staff.crowded
    assert [i.key for i in staff.wide_only] == ["frameworks", "org", "api_tokens"]
    assert len(items("home", "inbox", "kpis").wide_only) == 0


@pytest.mark.django_db
def test_the_header_marks_links_a_compact_screen_moves_under_more(client, coordinator):
    """At 1024 px the bar shows four links; the others are hidden there and repeated at the top
    of "เพิ่มเติม" (seen at 1366/1280/1024 px: one line of 52 px for every persona)."""
    client.force_login(coordinator)
    bar, menu = _bar_and_menu(_header(client))
    for moved in ("agreements:index", "reporting:rounds"):
        href = f'href="{reverse(moved)}"'
        assert f'<li class="nav-wide-only"><a {href}' in bar
        assert f'<li class="nav-compact-only"><a {href}' in menu
    assert len(re.findall(r'<li><a href="', bar)) == navigation.COMPACT_BAR_SIZE
    css = (Path(settings.BASE_DIR) / "static/css/pramoen.css").read_text()
    compact = re.search(
        r"@media \(min-width: 48\.01rem\) and \(max-width: 79\.99rem\) \{([^}]*\}){3}", css
    )
    assert compact is not None
    assert ".mainnav .nav-wide-only { display: none; }" in compact.group(0)


@pytest.mark.django_db
def test_a_user_whose_bar_fits_gets_more_only_on_a_compact_screen(client, staff):
    client.force_login(staff)
    header = _header(client)
    assert '<li class="nav-compact-only">\n          <details class="nav-menu">' in header
