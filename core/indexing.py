"""Telling the search index what changed, without importing it.

The search app sits above the apps whose objects it finds (it reads KPIs, reports, evidence and
people), so those apps' services call these functions inside their own transaction and the
search app plugs its index in at start-up (search.apps). Kinds are `search.models.SearchEntry.Kind`
values. Nothing plugged in is a configuration error, never a silently stale index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

KPI = "kpi"
REPORT = "report"
EVIDENCE = "evidence"
PERSON = "person"

Handler = Callable[[str, Iterable[int]], None]
_handlers: dict[str, Handler] = {}


def connect(*, refresh: Handler, remove: Handler) -> None:
    _handlers["refresh"] = refresh
    _handlers["remove"] = remove


def _handler(name: str) -> Handler:
    try:
        return _handlers[name]
    except KeyError:
        raise ImproperlyConfigured("the search app has not connected its index") from None


def refresh(kind: str, ids: Iterable[int]) -> None:
    """Re-read these objects into the index (search.index.refresh)."""
    _handler("refresh")(kind, ids)


def remove(kind: str, ids: Iterable[int]) -> None:
    _handler("remove")(kind, ids)
