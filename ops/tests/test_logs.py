"""JSON logs (issue 19 item 5): one object a line, the request id and the user's numeric id,
no personal data."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path

from ops.logs import JsonFormatter, RequestContextFilter, RequestIdMiddleware, request_id_of

ROOT = Path(__file__).resolve().parents[2]
logger = logging.getLogger("pramoen.test.logs")


def noisy_view(request: HttpRequest) -> HttpResponse:
    _ = request.user.is_authenticated  # the user is looked up, as any page does
    logger.warning("something worth logging")
    return HttpResponse("ok")


urlpatterns = [path("noisy", noisy_view)]


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The console handler of LOG_FORMAT=json, on the root logger, into a buffer."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield out
    finally:
        root.removeHandler(handler)


def records(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_a_log_line_is_one_json_object_with_the_fields(json_lines: io.StringIO) -> None:
    logger.warning("ตัวชี้วัด %s", "EIA-1")
    (entry,) = records(json_lines)
    assert set(entry) == {"time", "level", "logger", "message", "request_id", "user_id"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "pramoen.test.logs"
    assert entry["message"] == "ตัวชี้วัด EIA-1"
    assert entry["time"].endswith("+00:00")
    assert entry["request_id"] is None and entry["user_id"] is None


def test_an_exception_is_kept_on_its_line(json_lines: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")
    (entry,) = records(json_lines)
    assert "ValueError: boom" in entry["exception"]


@pytest.mark.urls("ops.tests.test_logs")
@pytest.mark.django_db
def test_a_request_logs_its_id_and_the_users_number_but_no_name(
    client: Any, json_lines: io.StringIO, coordinator: Any
) -> None:
    coordinator.first_name = "สมชาย"
    coordinator.save()
    client.force_login(coordinator)
    response = client.get("/noisy", HTTP_X_REQUEST_ID="req-abc.123")
    assert response["X-Request-ID"] == "req-abc.123"
    (entry,) = [e for e in records(json_lines) if e["logger"] == "pramoen.test.logs"]
    assert entry["request_id"] == "req-abc.123"
    assert entry["user_id"] == coordinator.pk
    line = json_lines.getvalue()
    assert coordinator.username not in line
    assert coordinator.email not in line
    assert "สมชาย" not in line


@pytest.mark.urls("ops.tests.test_logs")
@pytest.mark.django_db
def test_an_anonymous_request_gets_a_generated_id(client: Any, json_lines: io.StringIO) -> None:
    response = client.get("/noisy")
    generated = response["X-Request-ID"]
    assert len(generated) == 32
    (entry,) = [e for e in records(json_lines) if e["logger"] == "pramoen.test.logs"]
    assert entry["request_id"] == generated
    assert entry["user_id"] is None


def test_a_hostile_request_id_is_replaced() -> None:
    assert request_id_of("ok-id_1.2") == "ok-id_1.2"
    for hostile in ("", "a" * 65, "has space", 'x"}\n{"level":"CRITICAL"', "ไทย"):
        replaced = request_id_of(hostile)
        assert replaced != hostile and len(replaced) == 32


def test_the_middleware_does_not_look_up_the_user_for_the_log(json_lines: io.StringIO) -> None:
    """A log line inside a request whose user was never read carries no user id (and causes
    no session or user query)."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import SimpleLazyObject

    def never() -> AnonymousUser:
        raise AssertionError("the log looked the user up")

    def view(request: HttpRequest) -> HttpResponse:
        logger.warning("early")
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(never)  # type: ignore[assignment]
    RequestIdMiddleware(view)(request)
    (entry,) = records(json_lines)
    assert entry["user_id"] is None and entry["request_id"]


def test_log_format_json_is_what_the_settings_configure() -> None:
    """`LOG_FORMAT=json` in the environment: a management command's log line is JSON."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="pramoen.settings",
        DEBUG="1",
        PRAMOEN_ENV_FILE="",
        LOG_FORMAT="json",
    )
    code = "import django, logging; django.setup(); logging.getLogger('x.y').warning('hello')"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"logger": "x.y", "message": "hello", "level": "WARNING"}.items() <= lines[-1].items()


def test_an_unknown_log_format_is_refused() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="pramoen.settings", DEBUG="1", PRAMOEN_ENV_FILE="")
    env["LOG_FORMAT"] = "xml"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT" in result.stderr


@pytest.mark.django_db
def test_djangos_log_of_an_error_answer_carries_the_request_id(
    client: Any, json_lines: io.StringIO, settings: Any
) -> None:
    """django.request logs a 503 after the middleware returned: the id comes from the record."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/readyz", HTTP_X_REQUEST_ID="probe-7")  # no worker: 503
    assert response.status_code == 503
    (entry,) = [e for e in records(json_lines) if e["logger"] == "django.request"]
    assert entry["request_id"] == "probe-7"
