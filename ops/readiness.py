"""What `/readyz` checks (issue 19 item 5): the database, the task worker's heartbeat, the file
storage and the cache. Each check answers ok or not with a short detail; a failure's detail names
the error's class only (the page is public) and the full error goes to the log.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(True, connection.vendor)


def worker_needed() -> bool:
    """Only the database backend has a worker; the immediate backend runs tasks in the request."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def check_worker() -> Check:
    from ops.heartbeat import workers_state

    if not worker_needed():
        return Check(True, "tasks run in the request (no worker)")
    now = timezone.now()
    state = workers_state(now)
    if state.alive:
        age = (now - state.last_beat).total_seconds() if state.last_beat else 0.0
        return Check(True, f"{state.alive} worker(s) alive, last beat {age:.0f} s ago")
    if state.last_beat is None:
        return Check(False, "worker stopped: no heartbeat recorded")
    if state.last_stopped is not None:
        age = (now - state.last_stopped).total_seconds()
        return Check(False, f"worker stopped: stopped {age:.0f} s ago")
    age = (now - state.last_beat).total_seconds()
    return Check(False, f"worker stopped: last heartbeat {age:.0f} s ago")


def check_storage() -> Check:
    storage = storages["default"]
    name = storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not storage.exists(name):
            return Check(False, "written file not found")
    finally:
        storage.delete(name)
    return Check(True, f"wrote and deleted a file ({type(storage).__name__})")


def check_cache() -> Check:
    cache = caches["default"]
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=30)
    try:
        if cache.get(key) != "ok":
            return Check(False, "value written was not read back")
    finally:
        cache.delete(key)
    return Check(True, type(cache).__name__)


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "worker": check_worker,
    "storage": check_storage,
    "cache": check_cache,
}


def readiness() -> dict[str, Check]:
    results: dict[str, Check] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure is a "not ready", never a 500
            logger.warning("readiness check %s failed", name, exc_info=True)
            results[name] = Check(False, f"{type(error).__name__}")
    return results
