"""Navigation, the active fiscal year and the user's roles, for every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.selectors import active_fiscal_year
from core.fiscal import fiscal_year_choices
from core.navigation import nav_items_for
from core.numbers import parse_year

SESSION_FISCAL_YEAR = "pramoen_fiscal_year"


def chosen_fiscal_year(request: HttpRequest) -> int:
    """The fiscal year this request works in (the user's choice, kept in the session)."""
    cached: int | None = getattr(request, "_pramoen_fiscal_year", None)
    if cached is None:
        chosen = request.session.get(SESSION_FISCAL_YEAR) if hasattr(request, "session") else None
        cached = active_fiscal_year(request.user, parse_year(chosen))
        request._pramoen_fiscal_year = cached  # type: ignore[attr-defined]
    return cached


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    year = chosen_fiscal_year(request)
    return {
        "nav_items": nav_items_for(user, year),
        "active_fiscal_year": year,
        "fiscal_year_options": fiscal_year_choices(),
    }
