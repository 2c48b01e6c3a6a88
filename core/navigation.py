"""Navigation by role. Each app registers its menu items when it loads (in `AppConfig.ready`).

An item with `roles=None` is shown to every signed-in user; otherwise to users holding one of
the roles in the active fiscal year (or superusers).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None
    order: int = 100


_items: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _items[item.key] = item


def nav_items_for(roles: frozenset[str], *, superuser: bool) -> list[NavItem]:
    visible = [
        item for item in _items.values() if item.roles is None or superuser or item.roles & roles
    ]
    return sorted(visible, key=lambda item: (item.order, item.key))
