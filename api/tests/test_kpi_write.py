"""`PATCH /kpis/{id}`: optimistic concurrency (409 on a stale revision), the service's rules
(403, 422 per field), one error body everywhere, CSRF for the browser session, audit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from api.kpi_write import _is_stale
from api.models import ApiToken
from core.models import AuditEvent
from indicators.models import Kpi
from indicators.services import kpi_approve

ERROR_KEYS = {"code", "message_th", "message_en", "detail"}


@pytest.fixture
def writer(coordinator, bearer):
    return bearer(coordinator, ApiToken.Scope.READ_WRITE)


def patch(kpi: Kpi, body: dict[str, Any], headers: dict[str, Any], client: Client | None = None):
    return (client or Client()).patch(
        f"/api/v1/kpis/{kpi.pk}", json.dumps(body), content_type="application/json", **headers
    )


def test_a_draft_is_changed_and_the_revision_moves_on(world, writer):
    response = patch(
        world.kpi,
        {"revision": 0, "name_en": "EIA reports on time", "weight": "35", "unit": "ฉบับ"},
        writer,
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name_en"], body["weight"], body["unit"], body["revision"]) == (
        "EIA reports on time",
        "35.0000",
        "ฉบับ",
        1,
    )
    world.kpi.refresh_from_db()
    assert world.kpi.revision == 1 and str(world.kpi.weight) == "35.0000"


def test_the_change_is_audited_with_the_token_user_as_actor(world, coordinator, writer):
    patch(world.kpi, {"revision": 0, "description": "นิยามใหม่"}, writer)

    event = AuditEvent.objects.get(action="indicators.kpi.updated")
    assert event.actor_id == coordinator.pk and event.data["description"] == "นิยามใหม่"
    events = Client().get(f"/api/v1/audit/kpi/{world.kpi.pk}", **writer).json()["items"]
    assert events[0]["action"] == "indicators.kpi.updated" and events[0]["actor"] == "coordinator"


def test_a_stale_revision_is_409_and_changes_nothing(world, writer):
    assert patch(world.kpi, {"revision": 0, "name_en": "first"}, writer).status_code == 200

    response = patch(world.kpi, {"revision": 0, "name_en": "second"}, writer)

    assert response.status_code == 409
    body = response.json()
    assert set(body) == ERROR_KEYS and body["code"] == "stale_revision"
    assert "ผู้อื่น" in body["message_th"] and "someone else" in body["message_en"]
    world.kpi.refresh_from_db()
    assert world.kpi.name_en == "first"


def test_stale_is_told_by_the_error_code_not_the_message_text():
    assert _is_stale(ValidationError("ข้อความใดก็ได้", code="stale_revision"))
    assert _is_stale(ValidationError({"weight": ValidationError("x", code="stale_revision")}))
    assert not _is_stale(ValidationError("ตัวชี้วัดนี้ถูกแก้ไขโดยผู้อื่นแล้ว"))  # no code
    assert not _is_stale(ValidationError({"weight": ["น้ำหนักไม่ถูกต้อง"]}))


def test_levels_are_replaced_as_a_whole(world, writer):
    levels = [
        {"target": "70", "score": "50", "label": "ขั้นต้น"},
        {"target": "85", "score": "75", "label": "มาตรฐาน"},
        {"target": "95", "score": "100", "label": "ขั้นสูง"},
    ]

    response = patch(world.kpi, {"revision": 0, "levels": levels}, writer)

    assert response.status_code == 200
    assert [lv["target"] for lv in response.json()["levels"]] == ["70.0000", "85.0000", "95.0000"]


def test_every_problem_is_reported_per_field_in_thai(world, writer):
    response = patch(
        world.kpi,
        {
            "revision": 0,
            "weight": "250",
            "name_th": "  ",
            "levels": [{"target": "90", "score": "50"}, {"target": "80", "score": "100"}],
        },
        writer,
    )

    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS and body["code"] == "validation_error"
    by_loc = {tuple(item["loc"]): item["msg"] for item in body["detail"]}
    assert by_loc[("body", "payload", "weight")] == "น้ำหนักต้องไม่เกิน 100"
    assert by_loc[("body", "payload", "name_th")] == "กรุณาระบุชื่อตัวชี้วัด"
    assert any(loc[:4] == ("body", "payload", "levels", 1) for loc in by_loc)
    world.kpi.refresh_from_db()
    assert world.kpi.revision == 0


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"revision": 0, "weight": "abc"}, ["body", "payload", "weight"]),
        ({"revision": 0, "weight": "1e400"}, ["body", "payload", "weight"]),
        ({"revision": 0, "component": "nope"}, ["body", "payload", "component"]),
        ({"revision": 0, "responsible_unit": "nope"}, ["body", "payload", "responsible_unit"]),
        ({"revision": 0, "colour": "red"}, ["body", "payload", "colour"]),
        ({"name_en": "no revision"}, ["body", "payload", "revision"]),
        ({"revision": 0, "name_en": "nul \x00"}, ["body", "payload", "name_en"]),
    ],
)
def test_bad_values_are_422_at_their_location(world, writer, body, loc):
    response = patch(world.kpi, body, writer)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_the_component_and_unit_are_given_by_code(world, org, writer):
    response = patch(
        world.kpi, {"revision": 0, "component": "potential", "responsible_unit": "quality"}, writer
    )

    assert response.status_code == 200
    assert response.json()["component_code"] == "potential"
    assert response.json()["responsible_unit"] == "quality"


def test_an_approved_kpi_cannot_be_patched(world, coordinator, writer):
    kpi_approve(coordinator, world.kpi)
    world.kpi.refresh_from_db()

    response = patch(world.kpi, {"revision": world.kpi.revision, "name_en": "x"}, writer)

    assert response.status_code == 422
    assert "สร้างฉบับใหม่" in response.json()["message_th"]


def test_malformed_json_is_400_with_the_error_body(world, writer):
    response = Client().patch(
        f"/api/v1/kpis/{world.kpi.pk}", "{not json", content_type="application/json", **writer
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS and body["code"] == "invalid_body"


# --- the browser session ------------------------------------------------------------------------


def test_the_session_must_send_the_csrf_token_to_write(world, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    refused = patch(world.kpi, {"revision": 0, "name_en": "x"}, {}, client)

    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    client.get("/api/v1/me")  # any page sets the CSRF cookie in a real browser
    token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = token
    accepted = patch(
        world.kpi, {"revision": 0, "name_en": "x"}, {"HTTP_X_CSRFTOKEN": token}, client
    )
    assert accepted.status_code == 200


def test_the_session_reads_without_a_csrf_token(world, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    assert client.get(f"/api/v1/kpis/{world.kpi.pk}").status_code == 200


def test_targets_in_the_billions_travel_exactly(world, writer):
    """Issue 17 item 1: a budget target in baht (up to 10^15 with 4 decimals) is accepted and
    returned as exact text; beyond the limit it is a 422 on that field."""
    levels = [
        {"target": "2000000000", "score": "50"},
        {"target": "2250000000", "score": "75"},
        {"target": "999999999999999.9999", "score": "100"},
    ]
    response = patch(world.kpi, {"revision": 0, "levels": levels}, writer)
    assert response.status_code == 200, response.json()
    targets = [lv["target"] for lv in response.json()["levels"]]
    assert targets == ["2000000000.0000", "2250000000.0000", "999999999999999.9999"]

    levels[2]["target"] = "10000000000000000"
    response = patch(world.kpi, {"revision": 1, "levels": levels}, writer)
    assert response.status_code == 422
    assert any(tuple(d["loc"])[-2:] == (2, "target") for d in response.json()["detail"])
