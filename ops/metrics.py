"""Prometheus metrics (issue 19 item 5).

Requests and latency come from django-prometheus' middleware (`django_http_*`). This module adds
what is pramoen's own:

- counted in the process that does the work: `pramoen_documents_built_total{kind,format}` and
  `pramoen_document_build_seconds{kind}` (documents.registry.render_document);
- read from the database at each scrape, so every node answers the same (take `max` across
  nodes, not `sum`): `pramoen_task_queue_depth` (tasks waiting), `pramoen_tasks{status}`,
  `pramoen_task_failures_last_hour`, `pramoen_workers_alive`,
  `pramoen_worker_heartbeat_age_seconds`.

With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (an empty directory, wiped at each
start: deploy/pramoen-web.service does) so the per-process counters are added up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

DOCUMENTS_BUILT = Counter(
    "pramoen_documents_built",
    "Documents rendered (PDF, DOCX, XLSX), by kind and format",
    ["kind", "format"],
)
DOCUMENT_BUILD_SECONDS = Histogram(
    "pramoen_document_build_seconds",
    "Time to render one document, by kind",
    ["kind"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)


class DatabaseCollector(Collector):
    """Task queue and worker figures, read when Prometheus scrapes."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from ops.heartbeat import workers_state

        now = timezone.now()
        by_status = dict(
            DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        tasks = GaugeMetricFamily(
            "pramoen_tasks", "Task results in the database, by status", labels=["status"]
        )
        for status in ("READY", "RUNNING", "SUCCESSFUL", "FAILED"):
            tasks.add_metric([status], by_status.get(status, 0))
        yield tasks
        yield GaugeMetricFamily(
            "pramoen_task_queue_depth",
            "Tasks waiting for a worker",
            value=by_status.get("READY", 0),
        )
        failures = DBTaskResult.objects.filter(
            status="FAILED", finished_at__gte=now - timedelta(hours=1)
        ).count()
        yield GaugeMetricFamily(
            "pramoen_task_failures_last_hour", "Tasks that failed in the last hour", value=failures
        )
        state = workers_state(now)
        yield GaugeMetricFamily(
            "pramoen_workers_alive", "Task workers with a fresh heartbeat", value=state.alive
        )
        age = (now - state.last_beat).total_seconds() if state.last_beat else float("nan")
        yield GaugeMetricFamily(
            "pramoen_worker_heartbeat_age_seconds",
            "Seconds since the most recent worker heartbeat (NaN: none recorded)",
            value=age,
        )


def metrics_page() -> bytes:
    """The exposition text: this process' (or all processes') metrics, then the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = prometheus_client.REGISTRY
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    return prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(database)
