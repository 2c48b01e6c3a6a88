"""Schemathesis against the project's own OpenAPI document, twice (issue 8 item 5):

- in-process (WSGI, no server): every operation is its own pytest case with a bounded number of
  generated requests, so a failure names the operation;
- over HTTP on loopback: the same document, every operation in one test against pytest-django's
  live server (a real server thread on 127.0.0.1; one test so the database is flushed once),
  fewer examples each. This is the one that sees what a real client sees: the HTTP layer, real
  connections and transactions, no test-client shortcuts.

Requests are deterministic (derandomized) and sent with a read-write token of onep's coordinator
so that the authenticated endpoints and the writes are exercised too. Both fail on any 5xx and on
any response whose status, content type, headers or body the schema does not describe.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok
from schemathesis.specs.openapi import checks as openapi_checks

from api.api import api
from api.models import ApiToken
from api.services import token_create
from documents.registry import DOCUMENTS
from pramoen.wsgi import application

MAX_EXAMPLES = 25
LOOPBACK_EXAMPLES = 8

CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]


@pytest.fixture
def fast_pdf(monkeypatch):
    """PDFs would start Chromium for every example: the fuzz run checks the API around the
    renderer, not the renderer (tested in documents/; the 503 path in
    test_audit_and_documents.py)."""
    for kind in DOCUMENTS.values():
        monkeypatch.setitem(kind.renderers, "pdf", lambda layout: b"%PDF-1.4 fuzz\n%%EOF\n")


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes "old" connections when a request starts and ends; inside the
    test's transaction that would close the test's own connection (PostgreSQL). Django's test
    Client unhooks the same signals while it serves a request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(coordinator) -> str:
    return token_create(coordinator, name="fuzz", scope=ApiToken.Scope.READ_WRITE).secret


# Generating the document needs no database: it is read once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(
    case, world, fuzz_token, fast_pdf, keep_test_connection
):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_token}"}, checks=CHECKS)


# The document as a plain dict (no app attached): its cases go out through `requests`.
over_http = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))


def test_every_operation_answers_as_its_schema_says_over_http_on_loopback(
    live_server: Any, world, fuzz_token, fast_pdf
):
    assert live_server.url.startswith("http://localhost:") or live_server.url.startswith(
        "http://127.0.0.1:"
    )
    headers = {"Authorization": f"Bearer {fuzz_token}"}
    called: list[str] = []
    statuses: dict[str, set[int]] = {}
    for result in over_http.get_all_operations():
        # An operation the loader cannot read is a broken document: fail with its error.
        assert isinstance(result, Ok), result
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=LOOPBACK_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_the_schema_says(case: Any) -> None:
            response = case.call_and_validate(
                base_url=live_server.url, headers=headers, checks=CHECKS
            )
            statuses.setdefault(case.operation.label, set()).add(response.status_code)

        answers_as_the_schema_says()
        called.append(operation.label)
    document = api.get_openapi_schema()
    assert len(called) == sum(len(methods) for methods in document["paths"].values())
    # The token worked over HTTP: the caller's own lists answered 200, not only 401/404/422.
    assert 200 in statuses["GET /api/v1/me"]
    assert 200 in statuses["GET /api/v1/submissions"]
