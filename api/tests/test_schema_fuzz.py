"""Schemathesis against the project's own OpenAPI document, in-process (WSGI, no server).

Every operation gets a bounded number of generated requests (deterministic: derandomized),
sent with a read-write token of onep's coordinator so that the authenticated endpoints and
the write are exercised too. The run fails on any 5xx and on any response whose status,
content type, headers or body the schema does not describe.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as openapi_checks

from api.models import ApiToken
from api.services import token_create
from documents.registry import DOCUMENTS
from pramoen.wsgi import application

MAX_EXAMPLES = 25

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
