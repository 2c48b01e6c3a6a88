"""`manage.py run_worker` — the task worker (`db_worker`) with a heartbeat for `/readyz`.

Takes every option of `db_worker` (`--interval`, `--queue-name`, `--batch`, `--worker-id`, …).
Auto-reload is off: the heartbeat belongs to the process that runs the tasks.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ops.heartbeat import Heartbeat


class Command(DbWorkerCommand):
    help = "เรียกใช้ worker ของงานเบื้องหลัง พร้อมบันทึกสัญญาณชีพ (heartbeat) ให้ /readyz"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        options["reload"] = False
        heartbeat = Heartbeat(options["worker_id"], every=settings.PRAMOEN_WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
