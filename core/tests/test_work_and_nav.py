"""My-work items and role-based navigation registries."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import navigation
from core.navigation import NavItem, nav_items_for, register_nav
from core.work import (
    WorkItem,
    register_work_provider,
    unregister_work_provider,
    work_items_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return get_user_model().objects.create_user(username="alice", password="x")


@pytest.fixture
def isolated_work_providers(monkeypatch):
    """Run with no providers registered by the project's apps; restored afterwards."""
    monkeypatch.setattr("core.work._providers", [])


@pytest.fixture
def isolated_nav(monkeypatch):
    """Run with an empty nav registry; the project's items are restored afterwards."""
    monkeypatch.setattr(navigation, "_items", {})


def _days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def test_work_item_is_overdue_only_after_its_due_date():
    assert WorkItem("a", "/a/", "kpi", due=_days(-1)).overdue
    assert not WorkItem("b", "/b/", "kpi", due=timezone.localdate()).overdue
    assert not WorkItem("c", "/c/", "kpi", due=_days(1)).overdue
    assert not WorkItem("d", "/d/", "kpi", due=None).overdue


def test_work_items_sorted_by_due_date_with_undated_last(alice, isolated_work_providers):
    undated = WorkItem("undated", "/u/", "kpi")
    later = WorkItem("later", "/l/", "kpi", due=_days(10))
    sooner = WorkItem("sooner", "/s/", "round", due=_days(-2))

    def first_provider(user):
        return [undated, later]

    def second_provider(user):
        return [sooner]

    register_work_provider(first_provider)
    register_work_provider(second_provider)

    assert work_items_for(alice) == [sooner, later, undated]


def test_provider_receives_the_user(alice, isolated_work_providers):
    seen = []

    def provider(user):
        seen.append(user)
        return []

    register_work_provider(provider)
    work_items_for(alice)

    assert seen == [alice]


def test_register_and_unregister_work_provider(alice):
    item = WorkItem("test-only item", "/t/", "test", due=_days(3))

    def provider(user):
        return [item]

    try:
        register_work_provider(provider)
        register_work_provider(provider)  # registering twice is harmless
        assert work_items_for(alice).count(item) == 1
    finally:
        unregister_work_provider(provider)

    assert item not in work_items_for(alice)
    unregister_work_provider(provider)  # unregistering an absent provider is harmless


def test_no_providers_means_no_work(alice, isolated_work_providers):
    assert work_items_for(alice) == []


def test_nav_items_are_shown_by_their_page_rule(isolated_nav, alice):
    asked: list[tuple[object, int]] = []

    def reviewer_rule(user: object, year: int):
        asked.append((user, year))
        return get_user_model().objects.filter(pk=user.pk)  # type: ignore[attr-defined]

    def nobody_rule(user: object, year: int):
        asked.append((user, year))
        return get_user_model().objects.none()

    everyone = NavItem("test-nav-everyone", "ทุกคน", "home", order=1)
    reviewers = NavItem("test-nav-reviewers", "ผู้ตรวจ", "home", shown=reviewer_rule)
    also_reviewers = NavItem("test-nav-also", "ผู้ตรวจ 2", "home", shown=reviewer_rule)
    nobody = NavItem("test-nav-nobody", "ไม่มีใคร", "home", shown=nobody_rule)
    keys = [everyone.key, reviewers.key, also_reviewers.key, nobody.key]
    try:
        for item in (everyone, reviewers, also_reviewers, nobody):
            register_nav(item)
        with CaptureQueriesContext(connection) as queries:
            got = nav_items_for(alice, 2570)
        assert len(queries) == 1  # every rule in one query
        assert everyone in got and reviewers in got and also_reviewers in got
        assert nobody not in got
        # Each rule is asked once, with the user and the working year.
        assert asked == [(alice, 2570), (alice, 2570)]
    finally:
        for key in keys:
            navigation._items.pop(key, None)

    assert not set(keys) & set(navigation._items)


def test_nav_items_ordered_by_order_then_key(isolated_nav, alice):
    register_nav(NavItem("test-nav-z", "Z", "home", order=10))
    register_nav(NavItem("test-nav-m", "M", "home", order=20))
    register_nav(NavItem("test-nav-a", "A", "home", order=20))
    register_nav(NavItem("test-nav-first", "First", "home", order=5))

    assert [i.key for i in nav_items_for(alice, 2570)] == [
        "test-nav-first",
        "test-nav-z",
        "test-nav-a",
        "test-nav-m",
    ]


def test_registering_the_same_key_replaces_the_item(isolated_nav, alice):
    register_nav(NavItem("test-nav-dup", "old", "home"))
    register_nav(NavItem("test-nav-dup", "new", "home"))

    items = nav_items_for(alice, 2570)
    assert [i.label for i in items] == ["new"]
