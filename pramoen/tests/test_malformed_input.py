"""No 500 from malformed input (issue 14 item 7): every URL pattern with a parameter gets
malformed integers in each numeric parameter, and every page gets malformed query strings, as
anonymous and as the coordinator. Nothing answers 5xx.

The URLs are enumerated from the resolver like the permission matrix, and the other
parameters of a URL take the matrix world's real values, so a malformed id reaches as deep
into a view as it can.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.converters import IdConverter, YearConverter
from pramoen.tests import test_permission_matrix
from pramoen.tests.test_permission_matrix import (
    EXCLUDED_NAMES,
    EXCLUDED_NAMESPACES,
    ROUTES,
    World,
)

# The world is loaded once per module; the tests only read it (what pytest-django needs to know
# to set up the test database).
pytestmark = pytest.mark.django_db

MALFORMED = [
    "²",  # "²".isdigit() is True, int("²") fails
    "-1",
    "0",
    "9" * 5000,  # beyond Python's 4,300-digit int() limit
    "9999999999999999999999",  # beyond a 64-bit column
    "١٢",  # Arabic-Indic digits: int() reads them
    "๒๕๖๙",  # Thai digits
    "2569.0",
    " 1",
    "1e3",
]
QUERY_KEYS = ("year", "fiscal_year", "round", "page", "kpi", "format", "sort", "state", "agency")
QUERY_VALUES = ["²", "9" * 5000, "9999999999999999999999", "-1", "١٢", "%00"]
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def full_patterns() -> dict[str, str]:
    """URL name → the whole route ("reporting/report/<id:pk>/<slug:action>/")."""
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, namespace: str | None, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                if full and full.split(":")[0] in EXCLUDED_NAMESPACES:
                    continue
                walk(entry, full, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name and entry.name not in EXCLUDED_NAMES:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found[name] = prefix + str(entry.pattern)

    walk(get_resolver(), None, "/")
    return found


PATTERNS = full_patterns()
NUMERIC = {"id", "year", "int"}
WITH_NUMBERS = sorted(
    name
    for name, route in PATTERNS.items()
    if any(m["converter"] in NUMERIC for m in _PARAMETER.finditer(route))
)


def url_with(world: World, name: str, bad_key: str, bad_value: str) -> str:
    def fill(match: re.Match[str]) -> str:
        key = match["name"]
        return bad_value if key == bad_key else str(world.value(name, key))

    return _PARAMETER.sub(fill, PATTERNS[name])


def numeric_keys(name: str) -> list[str]:
    return [m["name"] for m in _PARAMETER.finditer(PATTERNS[name]) if m["converter"] in NUMERIC]


# The permission matrix's demo world (module-scoped: loaded once here, rolled back after).
world = test_permission_matrix.world


@pytest.fixture
def clients(world: World, settings: Any) -> Iterator[dict[str, Client]]:
    settings.MEDIA_ROOT = world.media
    yield {"anonymous": world.clients["anonymous"], "coordinator": world.clients["coordinator"]}


def test_every_numeric_url_parameter_is_bounded() -> None:
    # Django's <int:> takes any number of digits: every URL uses <id:> or <year:> instead.
    unbounded = []
    for name, route in ROUTES.items():
        converters = route.pattern.pattern.converters
        for key, converter in converters.items():
            if not isinstance(converter, IdConverter | YearConverter) and key in numeric_keys(name):
                unbounded.append(f"{name}: <{key}>")
        assert "<int:" not in PATTERNS[name], f"{name} uses <int:…>; use <id:…> or <year:…>"
    assert not unbounded, unbounded
    assert WITH_NUMBERS, "the URLconf has numeric parameters"


@pytest.mark.parametrize("name", WITH_NUMBERS)
def test_malformed_integers_in_urls_never_answer_5xx(
    name: str,
    world: World,
    clients: dict[str, Client],
) -> None:
    failures = []
    for key in numeric_keys(name):
        for value in MALFORMED:
            url = url_with(world, name, key, value)
            for persona, client in clients.items():
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    if status >= 500:
                        failures.append(f"{method.upper()} {url[:120]} as {persona}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("value", QUERY_VALUES)
def test_malformed_query_strings_never_answer_5xx(
    value: str,
    world: World,
    clients: dict[str, Client],
) -> None:
    query = "&".join(f"{key}={value}" for key in QUERY_KEYS)
    failures = []
    for name in sorted(ROUTES):
        if "document" in name and value != QUERY_VALUES[0]:
            continue  # documents take long to render: one malformed value is enough
        url = url_with(world, name, "", "") + "?" + query
        status = clients["coordinator"].get(url).status_code
        if status >= 500:
            failures.append(f"GET {url[:160]}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("value", ["²", "9" * 5000, "9999999999999999999999", "١٢", "2400"])
def test_malformed_fiscal_year_choice_is_ignored(
    value: str,
    world: World,
    clients: dict[str, Client],
) -> None:
    from accounts.context_processors import SESSION_FISCAL_YEAR

    client = clients["coordinator"]
    response = client.post("/fiscal-year/", {"fiscal_year": value, "next": "/"})
    assert response.status_code == 302
    assert client.session[SESSION_FISCAL_YEAR] == 2569
