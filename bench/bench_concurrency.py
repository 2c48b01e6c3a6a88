"""Concurrent writers against a real server (issue 15 "Measure"): 0 errors is the bar.

    .venv/bin/python -m bench.bench_concurrency                 # both databases
    .venv/bin/python -m bench.bench_concurrency --database sqlite --writers 8 --duration 30
    .venv/bin/python -m bench.bench_concurrency --database postgres --users 50

For each database (the embedded default, a SQLite file in a temporary directory; PostgreSQL at
DATABASE_URL, default postgres://postgres@127.0.0.1:5432/pramoen_concurrency, dropped and
created again): migrate, load the demo, add one KPI owner with a draft report and a read-write
API token per simulated user (scripts/load.py), queue reminder tasks, start gunicorn (DEBUG off)
and the task worker (`manage.py db_worker`) beside it, then run the users at once. Each one
logs in through the form and, until the time is up, saves their report through the page,
uploads an evidence file and removes it again, saves the report through the API (PATCH with
the version read) and opens a page. SQLite runs writers with no think time (every one of them
is writing all the time); PostgreSQL runs users with 0.2–1 s think time, like `make load`.

Prints, per database: requests, 5xx, other errors (4xx, refused saves, timeouts), p50/p95 and
per kind; exits 1 if any database had a 5xx or an error. Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scripts import load

BASE_DIR = load.BASE_DIR
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/pramoen_concurrency"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TOKENS = """
import json
from django.contrib.auth import get_user_model
from api.models import ApiToken
from api.services import token_create
from notifications.tasks import send_due_reminders

tokens = {}
for user in get_user_model().objects.filter(username__startswith="load").order_by("username"):
    tokens[user.username] = token_create(
        user, name="bench", scope=ApiToken.Scope.READ_WRITE
    ).secret
for _ in range(TASKS):
    send_due_reminders.enqueue()
print(json.dumps(tokens))
"""


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, status: int, note: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if status >= 500:
                self.server_errors.append(f"{kind}: HTTP {status} {note}")
            elif status >= 400 or status == 0 or note:
                self.errors.append(f"{kind}: {status} {note}")


class Writer(load.User):
    """One simulated user of scripts/load.py, who also uploads and uses the API."""

    def __init__(self, base: str, username: str, tally: Tally, rng: random.Random) -> None:
        super().__init__(base, username, load.Stats(), rng)
        self.tally = tally

    def send(
        self,
        kind: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> str:
        request = urllib.request.Request(
            self.base + path, data=body, headers=headers or {}, method=method
        )
        if body is not None:
            request.add_header("Referer", self.base + path)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                text: str = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as error:
            self.tally.record(kind, time.perf_counter() - start, error.code, path)
            return ""
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            self.tally.record(kind, time.perf_counter() - start, 0, f"{path}: {error}")
            return ""
        self.tally.record(kind, time.perf_counter() - start, status)
        return text

    def request(self, page: str, path: str, data: dict[str, str] | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        return self.send(page, path, body)

    def save_page(self, path: str) -> None:
        parser = load.FormFields(path)
        parser.feed(self.send("report_form", path))
        fields = parser.fields
        fields["direct_result"] = str(self.rng.randint(70, 100))
        fields["supporting_factors"] = f"ทดสอบการเขียนพร้อมกัน {self.rng.random():.6f}"
        fields["action"] = "save"
        after = self.request("report_save", path, fields)
        if after and load.SAVED not in after:
            self.tally.record("report_save", 0.0, 200, "the save was not confirmed")

    def upload_and_remove(self, path: str, submission: int) -> None:
        page = self.send("report_form", path)
        boundary = uuid.uuid4().hex
        parts = [
            ("csrfmiddlewaretoken", None, self.csrf(page).encode()),
            ("title", None, "หลักฐานทดสอบ".encode()),
            ("file", "หลักฐาน.pdf", PDF),
        ]
        body = b""
        for name, filename, value in parts:
            disposition = f'form-data; name="{name}"'
            if filename:
                disposition += f'; filename="{filename}"\r\nContent-Type: application/pdf'
            body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
            body += value + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        after = self.send(
            "upload",
            f"/evidence/report/{submission}/add/",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        removable = re.findall(r'action="(/evidence/\d+/remove/)"', after)
        if not removable:
            if after:
                self.tally.record("upload", 0.0, 200, "the upload is not on the page")
            return
        self.request("evidence_remove", removable[0], {"csrfmiddlewaretoken": self.csrf(after)})

    def save_api(self, submission: int, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        read = self.send("api_read", f"/api/v1/submissions/{submission}", headers=headers)
        if not read:
            return
        body = {
            "version": json.loads(read)["version"],
            "direct_result": str(self.rng.randint(70, 100)),
        }
        self.send(
            "api_save",
            f"/api/v1/submissions/{submission}",
            json.dumps(body).encode(),
            {**headers, "Content-Type": "application/json"},
            method="PATCH",
        )


def run(
    base: str,
    reports: dict[str, str],
    tokens: dict[str, str],
    duration: float,
    think: tuple[float, float],
    seed: int,
) -> tuple[Tally, float]:
    tally = Tally()
    until: list[float] = []
    # Everyone logs in first; the clock starts when the last one has.
    start = threading.Barrier(
        len(reports) + 1, action=lambda: until.append(time.monotonic() + duration)
    )

    def one(index: int, username: str) -> None:
        writer = Writer(base, username, tally, random.Random(seed + index))
        path = reports[username]
        submission = int(path.rstrip("/").rsplit("/", 1)[1])
        try:
            writer.log_in()
            tally.errors.extend(writer.stats.errors)
            start.wait()
            while time.monotonic() < until[0]:
                writer.save_page(path)
                writer.upload_and_remove(path, submission)
                writer.save_api(submission, tokens[username])
                writer.send("my_updates", "/reporting/mine/")
                if think[1]:
                    time.sleep(writer.rng.uniform(*think))
        except Exception as error:  # a crashed writer is an error, not a silent stop
            tally.record("writer", 0.0, 0, f"{username}: {error!r}")

    threads = [threading.Thread(target=one, args=(i, n)) for i, n in enumerate(sorted(reports))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    tally.latencies.pop("login_form", None)
    tally.latencies.pop("login", None)
    return tally, time.monotonic() - began


def summary(name: str, tally: Tally, elapsed: float, users: int) -> dict[str, object]:
    every = [s for values in tally.latencies.values() for s in values]
    figures: dict[str, object] = {
        "bench": "concurrency",
        "database": name,
        "writers": users,
        "seconds": round(elapsed, 1),
        "requests": len(every),
        "requests_per_s": round(len(every) / elapsed, 1),
        "5xx": len(tally.server_errors),
        "other_errors": len(tally.errors),
        "p50_ms": round(load.percentile(every, 50) * 1000) if every else None,
        "p95_ms": round(load.percentile(every, 95) * 1000) if every else None,
        "load_average": round(os.getloadavg()[0], 1),
    }
    print(f"{name}: {users} concurrent writers, {elapsed:.0f} s")
    keys = ("requests", "requests_per_s", "5xx", "other_errors", "p50_ms", "p95_ms", "load_average")
    for key in keys:
        print(f"  {key:15s} {figures[key]}")
    print(f"  {'kind':15s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s}")
    for kind, values in sorted(tally.latencies.items()):
        p50, p95 = load.percentile(values, 50) * 1000, load.percentile(values, 95) * 1000
        print(f"  {kind:15s} {len(values):6d} {p50:8.0f} {p95:8.0f}")
    for error in (tally.server_errors + tally.errors)[:10]:
        print("  error:", error)
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return figures


def one_database(name: str, url: str, args: argparse.Namespace) -> bool:
    users = args.writers if name == "sqlite" else args.users
    work = Path(tempfile.mkdtemp(prefix="pramoen-concurrency-"))
    if name == "sqlite":
        url = f"sqlite:///{work / 'db.sqlite3'}"
    env = {**load.server_env(work, url), "LOG_LEVEL": "WARNING"}
    server = worker = None
    try:
        load.say(f"{name}: migrate, demo, {users} writers with a draft report and a token each")
        if name == "postgres":
            load.recreate_database(url)
        load.manage(env, "migrate", "--no-input", "-v0")
        load.manage(env, "collectstatic", "--no-input", "-v0")
        load.manage(env, "load_demo", "--quiet-logins")
        reports = load.prepare(env, users)
        script = TOKENS.replace("TASKS", str(args.tasks))
        done = subprocess.run(
            [load.PYTHON, "manage.py", "shell", "-c", script],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        tokens = json.loads(done.stdout.strip().splitlines()[-1])
        load.say(f"{name}: gunicorn ({args.workers} workers) and db_worker on :{args.port}")
        server = load.start_server(env, args.port, args.workers, wait=300)
        worker = subprocess.Popen(
            [load.PYTHON, "manage.py", "db_worker", "--interval", "0.2"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        think = (0.0, 0.0) if name == "sqlite" else (0.2, 1.0)
        tally, elapsed = run(
            f"http://127.0.0.1:{args.port}", reports, tokens, args.duration, think, args.seed
        )
        if worker.poll() is not None:
            tally.record("worker", 0.0, 500, f"db_worker exited with {worker.returncode}")
        figures = summary(name, tally, elapsed, users)
        orphans = subprocess.run(
            [load.PYTHON, "manage.py", "media_orphans", "--min-age", "0"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        print(f"  media_orphans: {orphans.stdout.strip().splitlines()[-1:]}")
        return figures["5xx"] == 0 and figures["other_errors"] == 0
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        if name == "postgres" and not args.keep_db:
            load.recreate_database(url, drop_only=True)
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--writers", type=int, default=8, help="SQLite writers")
    parser.add_argument("--users", type=int, default=50, help="PostgreSQL users")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--tasks", type=int, default=200, help="reminder tasks queued")
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    postgres = os.environ.get("DATABASE_URL", DEFAULT_POSTGRES)
    names = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    passed = [one_database(name, postgres, args) for name in names]
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
