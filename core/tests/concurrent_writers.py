"""Concurrent writers against a real SQLite file (issue 15 item 1), run in its own process by
core/tests/test_sqlite_concurrency.py (pytest's test database is in memory, which has other
locking): `python -m core.tests.concurrent_writers DIR [--writers 8 --rounds 6]`.

Migrates DIR/db.sqlite3, creates one KPI owner and report per writer, then starts the writers
at once, each on its own connection: page writers save their report through the form and
upload evidence through the page, one API writer saves through PATCH with a token, one worker
runs the database task worker (db_worker) over tasks it enqueues. Prints one JSON line:
requests, errors (every 5xx, exception and "database is locked"), evidence rows and files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import traceback
from pathlib import Path
from typing import Any


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument(
        "--transaction-mode",
        default="",
        help="override the settings' SQLite transaction_mode (DEFERRED shows the old failures)",
    )
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.directory / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(args.directory / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pramoen.settings_test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    # The real worker, not the test suite's inline tasks.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if args.transaction_mode:
        settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] = args.transaction_mode
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = run(args.writers, args.rounds)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def prepare(writers: int) -> list[tuple[Any, int]]:
    from accounts.models import Role
    from conftest import DepartmentFactory, OrgUnitFactory, make_persona
    from reporting import services
    from reporting.models import Submission
    from reporting.tests.factories import make_framework, make_kpi, make_round

    department = DepartmentFactory(code="onep")
    admdev = OrgUnitFactory(department=department, code="admdev")
    coordinator = make_persona("coordinator", department, Role.COORDINATOR, unit=admdev)
    framework = make_framework(department)
    owners = []
    for i in range(writers):
        owner_unit = OrgUnitFactory(department=department, code=f"unit{i}")
        user = make_persona(f"writer{i}", department, Role.OWNER, role_unit=owner_unit)
        owners.append((user, make_kpi(framework, str(i + 1), unit=owner_unit, weight="1")))
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    by_kpi = {s.kpi_id: s.pk for s in Submission.objects.filter(round=round_)}
    return [(user, by_kpi[kpi.pk]) for user, kpi in owners]


def run(writers: int, rounds: int) -> dict[str, Any]:
    from django.db import connection

    from evidence.models import EvidenceFile

    pairs = prepare(writers)
    requests: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(writers)

    def note(status: int, what: str) -> None:
        with lock:
            requests.append(status)
            if status >= 500:
                errors.append(f"{what}: HTTP {status}")

    def guarded(kind: str, index: int) -> None:
        try:
            start.wait()
            WRITERS[kind](pairs[index], rounds, note)
        except Exception as error:
            with lock:
                errors.append(f"{kind}{index}: {error!r}\n{traceback.format_exc(limit=3)}")
        finally:
            connection.close()

    kinds = ["worker", "api"] + ["page"] * (writers - 2)
    threads = [threading.Thread(target=guarded, args=(k, i)) for i, k in enumerate(kinds)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    media = Path(os.environ["MEDIA_ROOT"])
    files = sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())
    names = sorted(EvidenceFile.objects.values_list("file", flat=True))
    return {
        "requests": len(requests),
        "errors": errors,
        "locked": sum("locked" in e for e in errors),
        "evidence_rows": len(names),
        "files": len(files),
        "orphans": sorted(set(files) - set(names)),
        "expected_uploads": rounds * (writers - 2),
    }


def page_writer(pair: tuple[Any, int], rounds: int, note: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from reporting.models import Submission
    from reporting.tests.factories import pdf_bytes, upload

    owner, pk = pair
    client = Client()
    client.force_login(owner)
    url = reverse("reporting:submission", args=[pk])
    for i in range(rounds):
        version = Submission.objects.get(pk=pk).version
        form = {
            "version": str(version),
            "activity_count": "1",
            "value_a": str(40 + i),
            "value_b": "50",
            "obstacles": f"รอบที่ {i}",
            "action": "save",
        }
        saved = client.post(url, form)
        note(saved.status_code, f"save {pk}")
        if saved.status_code != 302:
            raise AssertionError(f"save {pk} answered {saved.status_code}")
        sent = client.post(
            reverse("evidence:add", args=[pk]), {"file": upload(f"{i}.pdf", pdf_bytes())}
        )
        note(sent.status_code, f"upload {pk}")


def api_writer(pair: tuple[Any, int], rounds: int, note: Any) -> None:
    from django.test import Client

    from api.models import ApiToken
    from api.services import token_create
    from reporting.models import Submission

    owner, pk = pair
    secret = token_create(owner, name="bench", scope=ApiToken.Scope.READ_WRITE).secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    for i in range(rounds * 2):
        version = Submission.objects.get(pk=pk).version
        body = {"version": version, "values": {"a": str(30 + i), "b": "50"}}
        answer = client.patch(
            f"/api/v1/submissions/{pk}", json.dumps(body), content_type="application/json"
        )
        note(answer.status_code, f"api {pk}")
        if answer.status_code != 200:
            raise AssertionError(f"api {pk} answered {answer.status_code}: {answer.content!r}")


def task_worker(pair: tuple[Any, int], rounds: int, note: Any) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    from notifications.tasks import send_due_reminders

    # What `manage.py db_worker --batch` runs, without its signal handlers (main thread only).
    worker = Worker(
        queue_names=["default"],
        interval=0.05,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="concurrent-writers",
        excluded_queue_names=[],
    )
    for _ in range(rounds * 2):
        send_due_reminders.enqueue()
        send_due_reminders.enqueue()
        worker.run()
        note(200, "worker batch")


WRITERS = {"page": page_writer, "api": api_writer, "worker": task_worker}

if __name__ == "__main__":
    sys.exit(main())
