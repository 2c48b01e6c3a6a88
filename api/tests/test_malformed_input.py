"""Malformed integers in API paths, query strings and bodies answer 404/422 with the ErrorOut
body, and an unexpected exception is a JSON 500 too — never an HTML page or a traceback, even
with DEBUG on (issue 14 item 7)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from api.api import api
from api.models import ApiToken

MALFORMED = ["²", "-1", "0", "9" * 5000, "9999999999999999999999", "١٢", "1.5", "%20"]
KEYS = {"code", "message_th", "message_en", "detail"}
_PATH_PARAMETER = re.compile(r"\{(\w+)\}")


def operations() -> list[tuple[str, str, list[str]]]:
    """(method, path, integer path parameters) of every operation with an integer in its path."""
    found = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            integers = [
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "path" and p.get("schema", {}).get("type") == "integer"
            ]
            if integers:
                found.append((method, path, integers))
    return sorted(found)


OPERATIONS = operations()


@pytest.fixture
def headers(coordinator, bearer):
    return bearer(coordinator, ApiToken.Scope.READ_WRITE)


def assert_error_body(response: Any, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    assert response["Content-Type"].startswith("application/json"), where
    if response.status_code >= 400:
        assert set(response.json()) >= KEYS, where


def send(method: str, url: str, headers: dict[str, Any], body: Any = None) -> Any:
    if method == "get":
        return Client().get(url, **headers)
    data = json.dumps(body if body is not None else {})
    return getattr(Client(), method)(url, data, content_type="application/json", **headers)


def with_value(path: str, name: str, value: str, *, other: str) -> str:
    """`path` with `value` for the parameter `name` and `other` for the rest."""

    def fill(match: re.Match[str]) -> str:
        return value if match[1] == name else other

    return _PATH_PARAMETER.sub(fill, path)


def test_there_are_integer_path_parameters():
    assert len(OPERATIONS) >= 10


@pytest.mark.parametrize(("method", "path", "integers"), OPERATIONS)
def test_malformed_integers_in_paths_answer_404_or_422_as_json(
    world, headers, method, path, integers
):
    for name in integers:
        for value in MALFORMED:
            url = with_value(path, name, value, other=str(world.kpi.pk))
            response = send(method, url, headers)
            assert_error_body(response, f"{method.upper()} {url[:100]}")
            assert response.status_code in (400, 404, 405, 422), (url[:100], response.status_code)


@pytest.mark.parametrize("value", MALFORMED)
@pytest.mark.parametrize(
    "path", ["/api/v1/kpis", "/api/v1/frameworks", "/api/v1/agreements", "/api/v1/submissions"]
)
def test_malformed_integers_in_query_strings_answer_422_as_json(world, headers, path, value):
    for key in ("year", "page", "page_size", "framework", "round"):
        response = Client().get(path, {key: value}, **headers)
        assert_error_body(response, f"{path}?{key}={value[:20]}")
        if key in ("year", "page", "page_size"):  # every list reads these
            assert response.status_code == 422, (path, key, value[:20])


@pytest.mark.parametrize("value", [10**30, -(10**30), "9" * 5000, "²", 2**63])
def test_huge_integers_in_bodies_answer_422_as_json(world, headers, value):
    kpi = world.kpi
    response = send("patch", f"/api/v1/kpis/{kpi.pk}", headers, {"revision": value})
    assert_error_body(response, "PATCH kpi revision")
    assert response.status_code == 422
    submission = world.submission
    response = send(
        "patch", f"/api/v1/submissions/{submission.pk}", headers, {"version": value, "values": {}}
    )
    assert_error_body(response, "PATCH submission version")
    assert response.status_code == 422


def test_unexpected_exception_is_a_json_500_without_a_traceback(
    world, headers, settings, monkeypatch
):
    settings.DEBUG = True
    from api import kpis

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals /srv/pramoen/settings.py")

    monkeypatch.setattr(kpis, "visible_kpi", broken)
    response = Client(raise_request_exception=False).get(f"/api/v1/kpis/{world.kpi.pk}", **headers)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == KEYS and body["code"] == "internal_error"
    assert "secret" not in response.content.decode() and "Traceback" not in body["message_en"]
    assert re.search(r"[\u0E00-\u0E7F]", body["message_th"])
