"""`manage.py run_worker`: db_worker with a heartbeat (issue 19 item 5)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from ops.heartbeat import Heartbeat, workers_state
from ops.models import WorkerHeartbeat
from ops.tests import tasks as sample


@pytest.fixture
def db_tasks(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRAMOEN_WORKER_HEARTBEAT_SECONDS = 3600  # the thread never beats in the test
    # The worker would take over the test process' SIGINT/SIGTERM handlers.
    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)


@pytest.mark.django_db(transaction=True)
def test_run_worker_runs_the_tasks_and_records_its_heartbeat_and_its_stop(
    db_tasks: None,
) -> None:
    result = sample.double.enqueue(21)
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--worker-id", "w-test", verbosity=0
    )
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    row = WorkerHeartbeat.objects.get(worker_id="w-test")
    assert row.stopped_at is not None  # --batch finished: a clean stop
    assert row.beat_at >= row.started_at
    assert workers_state().alive == 0


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_between_polls(db_tasks: None) -> None:
    heartbeat = Heartbeat("w-thread", every=0.05)
    heartbeat.start()
    try:
        first = WorkerHeartbeat.objects.get(worker_id="w-thread").beat_at
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if WorkerHeartbeat.objects.get(worker_id="w-thread").beat_at > first:
                break
            time.sleep(0.05)
        assert WorkerHeartbeat.objects.get(worker_id="w-thread").beat_at > first
        assert workers_state().alive == 1
    finally:
        heartbeat.stop()
    assert workers_state().alive == 0
