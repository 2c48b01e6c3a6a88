"""/healthz and /readyz (issue 19 item 5; "Tests that must exist": /readyz reports a stopped
worker)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ops.heartbeat import heartbeat_beat
from ops.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_worker_backend(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    settings.PRAMOEN_WORKER_HEARTBEAT_TIMEOUT = 60


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def beat(worker_id: str, seconds_ago: float, *, stopped: bool = False) -> None:
    heartbeat_beat(worker_id, started_at=timezone.now() - timedelta(hours=1), stopped=stopped)
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        beat_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


@pytest.mark.django_db
def test_healthz_answers_json_without_touching_the_database(client: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


@pytest.mark.django_db
def test_healthz_echoes_the_request_id(client: Any) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-probe-42")
    assert response["X-Request-ID"] == "lb-probe-42"


@pytest.mark.django_db
def test_readyz_is_ready_with_a_live_worker(
    client: Any, db_worker_backend: None, media: Any
) -> None:
    beat("alive", seconds_ago=5)
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "worker", "storage", "cache"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "1 worker(s) alive" in body["checks"]["worker"]["detail"]
    assert list(media.rglob("*.txt")) == []  # the storage probe deleted its file


@pytest.mark.django_db
def test_readyz_reports_a_stopped_worker(client: Any, db_worker_backend: None, media: Any) -> None:
    beat("gone", seconds_ago=300)  # killed: no beat for five minutes, no clean stop
    response = client.get("/readyz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False
    assert worker["detail"].startswith("worker stopped")
    assert re.search(r"last heartbeat 30\d s ago", worker["detail"]), worker["detail"]
    assert response.json()["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readyz_reports_a_worker_that_stopped_cleanly(
    client: Any, db_worker_backend: None, media: Any
) -> None:
    beat("stopped", seconds_ago=1, stopped=True)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["detail"].startswith("worker stopped: stopped")


@pytest.mark.django_db
def test_readyz_without_any_heartbeat_says_so(
    client: Any, db_worker_backend: None, media: Any
) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    detail = response.json()["checks"]["worker"]["detail"]
    assert detail == "worker stopped: no heartbeat recorded"


@pytest.mark.django_db
def test_readyz_needs_no_worker_when_tasks_run_in_the_request(client: Any, media: Any) -> None:
    response = client.get("/readyz")  # the test settings' immediate backend
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["ok"] is True


@pytest.mark.django_db
def test_readyz_fails_when_storage_cannot_write(
    client: Any, media: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files.storage import FileSystemStorage

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise PermissionError("read-only file system at /secret/path")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    # The public answer names the error's class, not its message (no paths, hosts, secrets).
    assert storage == {"ok": False, "detail": "PermissionError"}


@pytest.mark.django_db
def test_readyz_fails_when_the_cache_is_down(client: Any, media: Any, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


@pytest.mark.django_db
def test_readyz_fails_when_the_database_is_down(
    client: Any, media: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    from ops import readiness

    def down() -> readiness.Check:
        raise OperationalError("connection refused")

    monkeypatch.setitem(readiness.CHECKS, "database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "detail": "OperationalError"}


@pytest.mark.django_db
def test_probes_take_get_only(client: Any) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db
def test_readyz_checks_a_real_redis_cache(client: Any, media: Any, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["cache"] == {"ok": True, "detail": "RedisCache"}


def test_cache_url_selects_redis_and_cached_sessions() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="pramoen.settings",
        DEBUG="1",
        PRAMOEN_ENV_FILE="",
        CACHE_URL="redis://127.0.0.1:6379/3",
    )
    code = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.SESSION_ENGINE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
        "django.contrib.sessions.backends.cached_db",
    ]
