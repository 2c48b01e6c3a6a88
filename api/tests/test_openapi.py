"""The OpenAPI document (valid OpenAPI 3.1, every endpoint with schemas and its errors), the
docs page (bundled Swagger UI under our CSP) and the one error body."""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from django.test import Client

ERROR_REF = "#/components/schemas/ErrorOut"


def document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def operations(doc: dict[str, Any]) -> Any:
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_document_is_valid_openapi(db):
    schemathesis.openapi.from_dict(document()).validate()


def test_every_endpoint_is_described(db):
    paths = {(method.upper(), path) for path, method, _op in operations(document())}

    assert paths == {
        ("POST", "/api/v1/scoring/preview"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/me/tasks"),
        ("GET", "/api/v1/evaluator/queue"),
        ("GET", "/api/v1/agencies"),
        ("GET", "/api/v1/agencies/{code}"),
        ("GET", "/api/v1/agencies/{code}/units"),
        ("GET", "/api/v1/fiscal-years"),
        ("GET", "/api/v1/frameworks"),
        ("GET", "/api/v1/frameworks/{framework_id}"),
        ("POST", "/api/v1/frameworks/{framework_id}/totals"),
        ("GET", "/api/v1/kpis"),
        ("GET", "/api/v1/kpis/{kpi_id}"),
        ("PATCH", "/api/v1/kpis/{kpi_id}"),
        ("POST", "/api/v1/kpis/{kpi_id}/score"),
        ("GET", "/api/v1/agreements"),
        ("GET", "/api/v1/agreements/{agreement_id}"),
        ("GET", "/api/v1/audit/{object_type}/{object_id}"),
        ("GET", "/api/v1/documents/kpi-sheet/{kpi_id}"),
        ("GET", "/api/v1/documents/kpi-sheets/{framework_id}"),
        ("GET", "/api/v1/documents/agreement/{framework_id}"),
        ("GET", "/api/v1/documents/confirmation-letter/{framework_id}"),
        ("GET", "/api/v1/documents/sar/{round_id}"),
        ("GET", "/api/v1/documents/executive-summary/{round_id}"),
        ("GET", "/api/v1/documents/esar/{round_id}"),
        ("GET", "/api/v1/rounds"),
        ("GET", "/api/v1/rounds/{round_id}"),
        ("GET", "/api/v1/rounds/{round_id}/results"),
        ("GET", "/api/v1/submissions"),
        ("GET", "/api/v1/submissions/{submission_id}"),
        ("PATCH", "/api/v1/submissions/{submission_id}"),
        ("POST", "/api/v1/submissions/{submission_id}/submit"),
        ("POST", "/api/v1/submissions/{submission_id}/approve"),
        ("POST", "/api/v1/submissions/{submission_id}/accept"),
        ("POST", "/api/v1/submissions/{submission_id}/return"),
        ("GET", "/api/v1/rounds/{round_id}/results-file"),
        ("POST", "/api/v1/rounds/{round_id}/results-import"),
    }


def test_every_operation_has_a_summary_an_id_a_success_schema_and_error_bodies(db):
    doc = document()
    ids = []
    for path, method, operation in operations(doc):
        ids.append(operation["operationId"])
        assert operation.get("summary"), (method, path)
        success = operation["responses"]["200"]["content"]
        assert all("schema" in media for media in success.values()), (method, path)
        errors = {code: r for code, r in operation["responses"].items() if code != "200"}
        if operation.get("parameters") or "requestBody" in operation:
            assert "422" in errors, (method, path)
        for response in errors.values():
            assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF
        if operation.get("security"):
            assert "401" in errors, (method, path)
        if "requestBody" in operation:
            assert "400" in errors, (method, path)
    assert len(ids) == len(set(ids))


def test_both_ways_to_authenticate_are_declared(db):
    doc = document()

    assert doc["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"},
        "SessionCsrfAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }
    me = doc["paths"]["/api/v1/me"]["get"]
    assert me["security"] == [{"TokenAuth": []}, {"SessionCsrfAuth": []}]
    assert "security" not in doc["paths"]["/api/v1/scoring/preview"]["post"]


def test_error_body_schema_has_code_and_both_messages(db):
    schema = document()["components"]["schemas"]["ErrorOut"]

    assert set(schema["required"]) == {"code", "message_th", "message_en"}
    assert set(schema["properties"]) == {"code", "message_th", "message_en", "detail"}


def test_documents_are_described_as_files(db):
    operation = document()["paths"]["/api/v1/documents/kpi-sheet/{kpi_id}"]["get"]

    content = operation["responses"]["200"]["content"]
    assert set(content) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    assert content["application/pdf"]["schema"] == {"type": "string", "format": "binary"}


def test_docs_page_uses_the_bundled_swagger_ui_under_our_csp(db):
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # No inline script: only external files and the JSON settings block (data, not code).
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes
        assert "src=" not in attributes or not body.strip()
    assert "style=" not in html and "<style" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_unknown_object_type_for_audit_is_422(staff, bearer):
    response = Client().get("/api/v1/audit/person/1", **bearer(staff))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "object_type"]
