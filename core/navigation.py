"""Navigation by role. Each app registers its menu items when it loads (in `AppConfig.ready`).

An item with `roles=None` is shown to every signed-in user; otherwise to users holding one of
the roles in the active fiscal year (or superusers).

The header has room for about seven links on a 1366 px screen. A user who sees more than that
(several roles, administrators) gets the daily pages in the bar and the rest under "เพิ่มเติม"
(`NavItems.bar` / `NavItems.more`). Which pages count as occasional is decided here, not by each
app, because only the header knows what else is in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

# Pages used a few times a year (reference, set-up, personal settings): the first to go under
# "เพิ่มเติม" when the bar is crowded. When the bar has room left, they fill it in this order.
OCCASIONAL_KEYS = ("intranet", "frameworks", "ministry", "org", "roles", "api_tokens")
# At most this many links stay in the bar once it is crowded, "เพิ่มเติม" being one more.
BAR_SIZE = 6


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None
    order: int = 100


class NavItems(list[NavItem]):
    """A user's items in order, with the split between the bar and the "เพิ่มเติม" menu."""

    @property
    def crowded(self) -> bool:
        # A menu holding a single link helps nobody: one more than the bar fits as it is.
        return len(self) > BAR_SIZE + 1

    def _ranked(self) -> list[NavItem]:
        daily = [item for item in self if item.key not in OCCASIONAL_KEYS]
        occasional = [item for item in self if item.key in OCCASIONAL_KEYS]
        return daily + sorted(occasional, key=lambda item: OCCASIONAL_KEYS.index(item.key))

    @property
    def bar(self) -> list[NavItem]:
        if not self.crowded:
            return list(self)
        kept = {item.key for item in self._ranked()[:BAR_SIZE]}
        return [item for item in self if item.key in kept]

    @property
    def more(self) -> list[NavItem]:
        if not self.crowded:
            return []
        moved = {item.key for item in self._ranked()[BAR_SIZE:]}
        return [item for item in self if item.key in moved]


_items: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _items[item.key] = item


def nav_items_for(roles: frozenset[str], *, superuser: bool) -> NavItems:
    visible = [
        item for item in _items.values() if item.roles is None or superuser or item.roles & roles
    ]
    return NavItems(sorted(visible, key=lambda item: (item.order, item.key)))
