"""The task worker's heartbeat (issue 19 item 5).

django_tasks_db's worker loop has no hook between polls (only the task_started/task_finished
signals, which fire around a task), so `manage.py run_worker` runs a small thread beside the
loop that updates the worker's WorkerHeartbeat row every PRAMOEN_WORKER_HEARTBEAT_SECONDS. The
thread dies with the process, so a stopped or killed worker stops beating; a clean stop also
records `stopped_at`. `/readyz` calls a worker alive while its last beat is younger than
PRAMOEN_WORKER_HEARTBEAT_TIMEOUT seconds.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from ops.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Rows of workers gone for longer than this are removed when a worker starts.
FORGET_AFTER = timedelta(days=7)


def heartbeat_beat(worker_id: str, *, started_at: datetime, stopped: bool = False) -> None:
    """Record that this worker is alive now (or, with `stopped`, that it stopped cleanly)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now,
            "stopped_at": now if stopped else None,
        },
    )


@dataclass(frozen=True)
class WorkerState:
    alive: int  # workers whose last beat is within the timeout
    last_beat: datetime | None  # the most recent beat of any worker
    last_stopped: datetime | None  # when the most recently beating worker stopped cleanly


def workers_state(now: datetime | None = None) -> WorkerState:
    now = now or timezone.now()
    fresh_since = now - timedelta(seconds=settings.PRAMOEN_WORKER_HEARTBEAT_TIMEOUT)
    alive = WorkerHeartbeat.objects.filter(stopped_at=None, beat_at__gte=fresh_since).count()
    latest = WorkerHeartbeat.objects.order_by("-beat_at").first()
    return WorkerState(
        alive=alive,
        last_beat=latest.beat_at if latest else None,
        last_stopped=latest.stopped_at if latest else None,
    )


class Heartbeat:
    """Beats once at `start()` (in the caller's thread), then every `every` seconds in a daemon
    thread; `stop()` records the clean stop."""

    def __init__(self, worker_id: str, every: float) -> None:
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="heartbeat", daemon=True)

    def start(self) -> None:
        WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()
        heartbeat_beat(self.worker_id, started_at=self.started_at)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        try:
            heartbeat_beat(self.worker_id, started_at=self.started_at, stopped=True)
        except DatabaseError:
            logger.warning("could not record the worker's stop", exc_info=True)

    def _loop(self) -> None:
        while not self._stopping.wait(self.every):
            try:
                heartbeat_beat(self.worker_id, started_at=self.started_at)
            except DatabaseError:
                # A locked or unreachable database: the next beat tries again; /readyz says
                # "stopped" only after the timeout.
                logger.warning("worker heartbeat not recorded", exc_info=True)
            finally:
                connection.close()  # this thread's own connection
