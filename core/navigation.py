"""Navigation. Each app registers its menu items when it loads (in `AppConfig.ready`).

An item is shown when its page has something for the user (issue 16 item 7: menus show only
what the role can use). `shown(user, fiscal_year)` returns the queryset the page lists from or
answers 404 by, never a second list of roles: the dashboard link asks
`departments_with_dashboard`, the roles link `departments_managed_by`, and so on; the link is
shown when it has any row. An item without `shown` is every signed-in user's (home, inbox).
Superusers pass because the selectors let them through, not by a rule of their own here.
All the rules are asked in one query (an EXISTS each), so the header costs the same on every
page whatever the user holds.

The header has room for about seven links on a 1366 px screen. A user who sees more than that
(several roles, administrators) gets the daily pages in the bar and the rest under "เพิ่มเติม"
(`NavItems.bar` / `NavItems.more`). Which pages count as occasional is decided here, not by each
app, because only the header knows what else is in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, QuerySet
from django.utils.functional import Promise

# (user, fiscal year) -> the rows the page lists. `Any` for the user: core imports no app.
NavRule = Callable[[Any, int], QuerySet[Any]]

# Pages used a few times a year (reference, set-up, personal settings): the first to go under
# "เพิ่มเติม" when the bar is crowded. When the bar has room left, they fill it in this order.
OCCASIONAL_KEYS = ("intranet", "frameworks", "ministry", "org", "roles", "api_tokens")
# At most this many links stay in the bar once it is crowded, "เพิ่มเติม" being one more.
BAR_SIZE = 6
# Below 1280 px (a government PC's 1024x768 monitor, a tablet held sideways) the bar
# keeps this many; the other bar links are shown under "เพิ่มเติม" there instead
# (`NavItems.wide_only`, CSS `.nav-wide-only` / `.nav-compact-only` in static/css/pramoen.css).
COMPACT_BAR_SIZE = 4


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    shown: NavRule | None = None
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

    @property
    def wide_only(self) -> list[NavItem]:
        """Bar links that a compact screen shows under "เพิ่มเติม" (the least used first)."""
        bar = {item.key for item in self.bar}
        ranked = [item for item in self._ranked() if item.key in bar]
        moved = {item.key for item in ranked[COMPACT_BAR_SIZE:]}
        return [item for item in self if item.key in moved]

    @property
    def wide_only_keys(self) -> set[str]:
        return {item.key for item in self.wide_only}


_items: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _items[item.key] = item


def nav_items_for(user: Any, fiscal_year: int) -> NavItems:
    """The items whose page `user` may use in `fiscal_year`, in order. Items sharing a rule
    (the KPI and organisation pages both list `departments_visible_to`) ask it once."""
    ordered = sorted(_items.values(), key=lambda item: (item.order, item.key))
    answers = _ask(user, fiscal_year, {item.shown for item in ordered if item.shown is not None})
    return NavItems(item for item in ordered if item.shown is None or answers[item.shown])


def _ask(user: Any, fiscal_year: int, rules: set[NavRule]) -> dict[NavRule, bool]:
    """Every rule in one query: the user's own row annotated with an EXISTS per rule."""
    if not rules or not getattr(user, "is_authenticated", False):
        return {rule: False for rule in rules}
    named = {f"menu_{n}": rule for n, rule in enumerate(sorted(rules, key=_rule_name))}
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(**{name: Exists(rule(user, fiscal_year)) for name, rule in named.items()})
        .values(*named)
        .first()
    )
    return {rule: bool(row and row[name]) for name, rule in named.items()}


def _rule_name(rule: NavRule) -> str:
    return f"{rule.__module__}.{rule.__qualname__}"
