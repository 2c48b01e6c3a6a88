"""The task worker's heartbeat: one row per worker process, written by `manage.py run_worker`.

`/readyz` reads these rows to tell a running worker from a stopped one (issue 19 item 5).
"""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    # Set when the worker stops cleanly (SIGTERM, --batch done); a killed worker just stops beating.
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.hostname}:{self.pid}"
