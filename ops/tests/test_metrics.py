"""/metrics (issue 19 item 5): refused without the token, Prometheus text with it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from ops.heartbeat import heartbeat_beat
from ops.metrics import DOCUMENTS_BUILT

TOKEN = "metrics-token-for-the-test-0123456789"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.mark.django_db
def test_metrics_is_not_there_without_a_configured_token(client: Any, settings: Any) -> None:
    settings.PRAMOEN_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.django_db
def test_metrics_without_token_is_refused(client: Any, settings: Any) -> None:
    settings.PRAMOEN_METRICS_TOKEN = TOKEN
    response = client.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"pramoen_" not in response.content


@pytest.mark.django_db
def test_metrics_with_a_wrong_token_is_refused(client: Any, settings: Any) -> None:
    settings.PRAMOEN_METRICS_TOKEN = TOKEN
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 401


@pytest.mark.django_db
def test_metrics_with_the_token_counts_requests_queue_failures_and_workers(
    client: Any, settings: Any
) -> None:
    settings.PRAMOEN_METRICS_TOKEN = TOKEN
    now = timezone.now()
    common = {
        "task_path": "ops.tests.tasks.double",
        "args_kwargs": {"args": [1], "kwargs": {}},
        "backend_name": "default",
    }
    DBTaskResult.objects.create(status="READY", **common)
    DBTaskResult.objects.create(status="READY", **common)
    DBTaskResult.objects.create(
        status="FAILED", started_at=now, finished_at=now - timedelta(minutes=5), **common
    )
    DBTaskResult.objects.create(
        status="FAILED", started_at=now, finished_at=now - timedelta(hours=3), **common
    )
    heartbeat_beat("w1", started_at=now)
    client.get("/healthz")  # a request for the request counters

    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    got = samples(response.content.decode())
    assert got[("pramoen_task_queue_depth", ())] == 2
    assert got[("pramoen_tasks", (("status", "FAILED"),))] == 2
    assert got[("pramoen_task_failures_last_hour", ())] == 1
    assert got[("pramoen_workers_alive", ())] == 1
    assert got[("pramoen_worker_heartbeat_age_seconds", ())] < 60
    requests = [
        value
        for (name, labels), value in got.items()
        if name == "django_http_requests_total_by_view_transport_method_total"
        and ("view", "healthz") in labels
    ]
    assert requests and requests[0] >= 1
    assert any(name.startswith("django_http_requests_latency_seconds") for name, _ in got)


def test_a_rendered_document_is_counted(org: Any) -> None:
    from documents.registry import render_document
    from frameworks.tests.factories import make_framework

    framework = make_framework(org.department)
    counter = DOCUMENTS_BUILT.labels(kind="kpi-sheets", format="docx")
    before = counter._value.get()
    render_document("kpi-sheets", framework, "docx", thai_digits=True)
    assert counter._value.get() == before + 1
