"""`make scale-test`: pramoen on more than one node (issue 19 item 6). Not part of `.ci/run`.

    .venv/bin/python -m scripts.scale_test [--users 100 --seconds 60 --redis-db 9 --keep-db]

On loopback only, all with the same environment (DATABASE_URL, CACHE_URL, AWS_*):

1. a fresh PostgreSQL database (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/pramoen_scale; dropped and created again), migrated, static
   files collected, an S3 server (moto_server) with the bucket made by `media_bucket --create`,
   then the demo (`load_demo`);
2. two gunicorn nodes (deploy/gunicorn.conf.py, DEBUG off) and two task workers
   (`run_worker`), sessions and cache in the machine's Redis (CACHE_URL=redis://…/<db>); both
   nodes must answer /readyz with "ok";
3. a bounded load: --users simulated people (threads with their own session, signed in as demo
   accounts) arriving over --ramp seconds, every request to the other node than the last, each
   opening their home, the KPI list, the round page and the dashboard for --seconds;
4. during the load, the checks: a file uploaded through node A (an agreement guideline, the
   coordinator's form and service) is in the bucket and downloads byte-identical from node B; a
   SAR job started on node A (clicked again on node B: the same job) is built exactly once by one
   of the two workers (BuiltDocument ready, one attempt, one task result with one worker id) and
   downloads from node B; a login lockout reached by wrong passwords on node A refuses the right
   password on node B.

Prints each check, then one line `scale-test: N requests, M errors, p95 X ms` (M counts failed
requests — a 5xx, a connection error, a page that is not 200 during the load — and failed
checks), stops every process it started and exits 1 on any error.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
MOTO = str(BASE_DIR / ".venv" / "bin" / "moto_server")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/pramoen_scale"
DEMO_PASSWORD = "pramoen-demo"  # accounts.demo
# Who browses (accounts.demo): coordinator, KPI owner, executive, and a fourth persona.
ACCOUNTS = ("somchai", "nattaya", "wichai", "kamonwan")
COORDINATOR = "somchai"
LOCKOUT_ACCOUNT = "kittipong"  # not one of ACCOUNTS: its lock must not stop the load
BUCKET = "pramoen-scale"
LOGIN = "/accounts/login/"
INHERITED = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR")

# What the driver asks the database once the demo is loaded.
PREPARE = """
import json
from django_tasks_db.models import DBTaskResult
from accounts.demo import DemoYears
from frameworks.models import ReportingRound
years = DemoYears.of()
round_ = ReportingRound.objects.get(
    framework__department__code="onep", framework__fiscal_year=years.last, months=12
)
facts = {"current": years.current, "last": years.last, "round": round_.pk}
print(json.dumps({**facts, "tasks": DBTaskResult._meta.db_table}))
"""


def say(text: str) -> None:
    print(f"\033[1;32m==>\033[0m {text}", file=sys.stderr, flush=True)


# Pure helpers (pramoen/tests/test_scale_test.py) ------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value with at least p % of them at or below."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_line(requests: int, errors: int, latencies: Sequence[float]) -> str:
    """The one line the scale test ends with (latencies in seconds)."""
    p95 = percentile(latencies, 95) * 1000
    return f"scale-test: {requests} requests, {errors} errors, p95 {p95:.0f} ms"


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def pdf_bytes(marker: str) -> bytes:
    """A small well-formed PDF (uploads are checked by content) that no other run uploads."""
    return (
        b"%PDF-1.4\n%" + marker.encode() + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


# Processes --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Processes:
    """Everything the test starts, stopped in reverse order whatever happens."""

    logs: Path
    running: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped by its id, children too
        )
        log.close()
        self.running.append((name, process))
        return process

    def check_alive(self) -> None:
        for name, process in self.running:
            if process.poll() is not None:
                tail = (self.logs / f"{name}.log").read_text(errors="replace")[-2000:]
                raise SystemExit(f"{name} exited ({process.returncode}):\n{tail}")

    def stop_all(self) -> None:
        for _name, process in reversed(self.running):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.running):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.running.clear()


def wait_until(what: str, ready: Callable[[], bool], processes: Processes, wait: float) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        processes.check_alive()
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{what} not ready within {wait:.0f} s (logs in {processes.logs})")


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError:
        return True  # it answers, whatever it says
    return True


def ready_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return bool(json.loads(response.read())["status"] == "ok")
    except urllib.error.HTTPError:
        return False


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True
    )
    return done.stdout.decode()


# Requests ---------------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


class Client:
    """One person's session (cookies are per host, not per port: both nodes see the same
    session cookie), each request to the next node in turn unless a node is named."""

    def __init__(self, nodes: Sequence[str], stats: Stats, start: int = 0) -> None:
        import requests

        self.session = requests.Session()
        self.nodes, self.stats, self.turn = list(nodes), stats, start

    def node(self, node: int | None) -> str:
        if node is None:
            node, self.turn = self.turn % len(self.nodes), self.turn + 1
        return self.nodes[node]

    def send(
        self,
        method: str,
        path: str,
        *,
        node: int | None = None,
        strict: bool = False,
        **kwargs: Any,
    ) -> Any:
        """A response, or None after a connection error. A 5xx is always an error; with strict,
        anything but 200 is."""
        import requests

        base = self.node(node)
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        start = time.perf_counter()
        try:
            response = self.session.request(method, base + path, **kwargs)
        except requests.RequestException as error:
            self.stats.record(time.perf_counter() - start, f"{method} {base}{path}: {error!r}")
            return None
        failed = None
        if response.status_code >= 500 or (strict and response.status_code != 200):
            failed = f"{method} {base}{path}: {response.status_code}"
        self.stats.record(time.perf_counter() - start, failed)
        return response

    def log_in(self, username: str, password: str = DEMO_PASSWORD, node: int | None = None) -> Any:
        page = self.send("GET", LOGIN, node=node)
        token = csrf_token(page.text) if page is not None else ""
        data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        return self.send("POST", LOGIN, node=node, data=data)

    def signed_in(self, node: int | None = None) -> bool:
        home = self.send("GET", "/", node=node)
        return home is not None and home.status_code == 200


# The checks -------------------------------------------------------------------------------------


@dataclass
class Context:
    nodes: list[str]
    stats: Stats
    env: dict[str, str]
    database: str
    current: int
    last: int
    round: int
    tasks_table: str  # django_tasks_db's results table
    results: list[tuple[str, bool, str]] = field(default_factory=list)

    def result(self, name: str, passed: bool, detail: str) -> None:
        self.results.append((name, passed, detail))
        print(f"  {'ok  ' if passed else 'FAIL'} {name}: {detail}", flush=True)


def query(database: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        connect_timeout=5,
    ) as connection:
        return list(connection.execute(sql, params).fetchall())


def check_file(ctx: Context) -> None:
    """A guideline uploaded by the coordinator through node A downloads the same from node B,
    and its bytes are in the bucket (not on a node's disk)."""
    name = "file uploaded on node A downloads from node B"
    client = Client(ctx.nodes, ctx.stats)
    client.log_in(COORDINATOR, node=0)
    drafting = f"/agreements/onep/{ctx.current}/drafting/"
    page = client.send("GET", drafting, node=0)
    if page is None or page.status_code != 200:
        return ctx.result(name, False, f"drafting page: {page and page.status_code}")
    marker = secrets.token_hex(16)
    content = pdf_bytes(marker)
    title = f"scale-test {marker}"
    posted = client.send(
        "POST",
        f"{drafting}guidelines/",
        node=0,
        data={"csrfmiddlewaretoken": csrf_token(page.text), "title": title},
        files={"file": (f"scale-{marker[:8]}.pdf", content, "application/pdf")},
    )
    if posted is None or posted.status_code != 302:
        return ctx.result(name, False, f"upload answered {posted and posted.status_code}")
    rows = query(ctx.database, "SELECT id, file FROM agreements_attachment WHERE title = %s", title)
    if len(rows) != 1:
        return ctx.result(name, False, f"{len(rows)} attachments named {title!r}")
    pk, key = rows[0]
    download = client.send("GET", f"/agreements/files/{pk}/", node=1)
    if download is None or download.status_code != 200:
        return ctx.result(name, False, f"download on node B: {download and download.status_code}")
    if download.content != content:
        return ctx.result(name, False, f"node B sent {len(download.content)} other bytes")
    stored = s3_object(ctx.env, key)
    if stored != content:
        return ctx.result(name, False, f"the bucket has no identical object {key}")
    ctx.result(name, True, f"{len(content)} bytes identical, object {key} in the bucket")


def s3_object(env: dict[str, str], key: str) -> bytes | None:
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    try:
        body: bytes = s3.get_object(Bucket=env["AWS_STORAGE_BUCKET_NAME"], Key=key)["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    return body


def check_document(ctx: Context, wait: float = 300.0) -> None:
    """The SAR (DOCX) started on node A and clicked again on node B: one job, built once by one
    of the workers, downloaded from node B."""
    name = "document job started on node A built once, downloads from node B"
    client = Client(ctx.nodes, ctx.stats)
    client.log_in(COORDINATOR, node=0)
    page = client.send("GET", f"/reporting/round/{ctx.round}/", node=0)
    build = f"/documents/rounds/{ctx.round}/sar/docx/build/"
    if page is None or page.status_code != 200 or build not in page.text:
        return ctx.result(name, False, "the round page has no SAR build button")
    token = csrf_token(page.text)
    jobs = []
    for node in (0, 1):
        started = client.send("POST", build, node=node, data={"csrfmiddlewaretoken": token})
        where = started.headers.get("Location", "") if started is not None else ""
        found = re.search(r"/documents/built/(\d+)/", where)
        if not found:
            return ctx.result(name, False, f"build on node {'AB'[node]}: no job ({where!r})")
        jobs.append(int(found.group(1)))
    if jobs[0] != jobs[1]:
        return ctx.result(name, False, f"two clicks gave two jobs {jobs}")
    pk = jobs[0]
    deadline = time.monotonic() + wait
    state = ""
    while time.monotonic() < deadline:
        state = query(ctx.database, "SELECT state FROM documents_builtdocument WHERE id = %s", pk)[
            0
        ][0]
        if state in ("ready", "failed"):
            break
        time.sleep(1)
    row = query(
        ctx.database,
        "SELECT state, attempts, file_size, task_id, error FROM documents_builtdocument"
        " WHERE id = %s",
        pk,
    )[0]
    state, attempts, size, _task_id, error = row
    if state != "ready" or attempts != 0:
        return ctx.result(name, False, f"job {pk}: {state}, attempts {attempts} {error}")
    tasks = [
        (status, workers)
        for status, workers, args in query(
            ctx.database,
            f"SELECT status, worker_ids, args_kwargs FROM {ctx.tasks_table}"
            " WHERE task_path LIKE %s",
            "%build_document",
        )
        if (args if isinstance(args, dict) else json.loads(args)).get("args") == [pk]
    ]
    if len(tasks) != 1 or tasks[0][0] != "SUCCESSFUL" or len(tasks[0][1]) != 1:
        return ctx.result(name, False, f"task results for job {pk}: {tasks}")
    download = client.send("GET", f"/documents/built/{pk}/file/", node=1)
    if download is None or download.status_code != 200:
        return ctx.result(name, False, f"download on node B: {download and download.status_code}")
    body = download.content
    if len(body) != size or not body.startswith(b"PK"):
        return ctx.result(name, False, f"node B sent {len(body)} bytes, the job has {size}")
    ctx.result(name, True, f"job {pk} built once by {tasks[0][1][0]}, {size} bytes from node B")


def check_lockout(ctx: Context) -> None:
    """Wrong passwords on node A lock the account; the right one on node B is then refused."""
    name = "login lockout on node A holds on node B"
    first = Client(ctx.nodes, ctx.stats)
    first.log_in(LOCKOUT_ACCOUNT, node=1)
    if not first.signed_in(node=1):
        return ctx.result(name, False, f"{LOCKOUT_ACCOUNT} cannot sign in before the test")
    limit = int(ctx.env.get("AXES_FAILURE_LIMIT", "5"))
    attacker = Client(ctx.nodes, ctx.stats)
    statuses = []
    for _ in range(limit):
        answer = attacker.log_in(LOCKOUT_ACCOUNT, password="wrong-password", node=0)
        statuses.append(answer.status_code if answer is not None else 0)
    owner = Client(ctx.nodes, ctx.stats)
    refused = owner.log_in(LOCKOUT_ACCOUNT, node=1)
    status = refused.status_code if refused is not None else 0
    if status != 429 or owner.signed_in(node=1):
        return ctx.result(name, False, f"node B answered {status} to the right password")
    ctx.result(name, True, f"{limit} wrong passwords on A {statuses}, right one on B: {status}")


# The load ---------------------------------------------------------------------------------------


def pages_for(ctx: Context) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("kpi list", f"/kpis/onep/{ctx.current}/"),
        ("round", f"/reporting/round/{ctx.round}/"),
        ("dashboard", f"/dashboards/onep/{ctx.last}/"),
    ]


def probe_pages(ctx: Context, accounts: Sequence[str]) -> dict[str, list[str]]:
    """Each account's pages: those it may open (200 on both nodes); a 404/403 page is left out
    of its mix (said), anything else is an error."""
    mix: dict[str, list[str]] = {}
    for username in accounts:
        client = Client(ctx.nodes, ctx.stats)
        client.log_in(username, node=0)
        if not client.signed_in(node=1):
            ctx.stats.record(0.0, f"{username}: signed in on node A, not on node B")
            continue
        mix[username] = []
        for label, path in pages_for(ctx):
            statuses = []
            for node in (0, 1):
                answer = client.send("GET", path, node=node)
                statuses.append(answer.status_code if answer is not None else 0)
            if statuses == [200, 200]:
                mix[username].append(path)
            elif set(statuses) <= {403, 404}:
                say(f"{username} may not open the {label} ({statuses[0]}): left out of the mix")
            else:
                ctx.stats.record(0.0, f"{username} {label} {path}: {statuses}")
    return mix


def run_load(
    ctx: Context, mix: dict[str, list[str]], users: int, seconds: float, ramp: float, seed: int
) -> list[threading.Thread]:
    until = time.monotonic() + seconds
    accounts = sorted(name for name, paths in mix.items() if paths)

    def person(index: int) -> None:
        rng = random.Random(seed + index)
        username = accounts[index % len(accounts)]
        time.sleep(ramp * index / users)
        client = Client(ctx.nodes, ctx.stats, start=index)
        try:
            answer = client.log_in(username)
            if answer is not None and answer.status_code != 302:
                ctx.stats.record(
                    0.0, f"user {index} ({username}): login answered {answer.status_code}"
                )
            while time.monotonic() < until:
                client.send("GET", rng.choice(mix[username]), strict=True)
                time.sleep(rng.uniform(0.5, 2.0))  # think time
        except Exception as error:  # a crashed person is an error, not a silent stop
            ctx.stats.record(0.0, f"user {index} ({username}): {error!r}")

    threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    return threads


# Main -------------------------------------------------------------------------------------------


def environment(work: Path, database: str, redis_db: int, moto_port: int) -> dict[str, str]:
    # Only what the run sets (plus PATH, locale and the like): a developer's REQUIRE_2FA,
    # LDAP_* or var/demo.env must not change what the nodes do.
    kept = {key: value for key, value in os.environ.items() if key in INHERITED}
    return {
        **kept,
        "PRAMOEN_ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database,
        "CACHE_URL": f"redis://127.0.0.1:6379/{redis_db}",
        # Plain HTTP on loopback: the HTTPS-only protections would refuse every request.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),  # unused: every file goes to the bucket
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "scale-test",
        "AWS_SECRET_ACCESS_KEY": "scale-test-secret",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "WORKER_HEARTBEAT_SECONDS": "2",
        "WORKER_HEARTBEAT_TIMEOUT": "20",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    from scripts.load import recreate_database as recreate

    recreate(url, drop_only=drop_only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100, help="simulated people (default 100)")
    parser.add_argument("--seconds", type=float, default=60.0, help="load duration (default 60)")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which they arrive")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--redis-db", type=int, default=9, help="Redis database number")
    parser.add_argument("--seed", type=int, default=2570)
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users must be at least 1 and --seconds above 0")

    database = os.environ.get("SCALE_DATABASE_URL", DEFAULT_DATABASE)
    work = Path(tempfile.mkdtemp(prefix="pramoen-scale-"))
    processes = Processes(work)
    stats = Stats()
    results: list[tuple[str, bool, str]] = []

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        run(args, database, work, processes, stats, results)
    except (Exception, SystemExit) as error:
        results.append(("run", False, str(error) or repr(error)))
        print(f"  FAIL run: {error}", flush=True)
    finally:
        processes.stop_all()
        if not args.keep_db:
            try:
                recreate_database(database, drop_only=True)
            except Exception as error:
                say(f"could not drop the database: {error!r}")
    for line in stats.errors[:20]:
        print("  error:", line)
    if len(stats.errors) > 20:
        print(f"  … and {len(stats.errors) - 20} more errors")
    failed = sum(1 for _name, passed, _detail in results if not passed)
    errors = len(stats.errors) + failed
    if errors:
        say(f"logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(summary_line(len(stats.latencies), errors, stats.latencies), flush=True)
    return 1 if errors else 0


def run(
    args: argparse.Namespace,
    database: str,
    work: Path,
    processes: Processes,
    stats: Stats,
    results: list[tuple[str, bool, str]],
) -> None:
    moto_port, ports = free_port(), (free_port(), free_port())
    env = environment(work, database, args.redis_db, moto_port)
    say(f"database {database.rsplit('@', 1)[-1]} (dropped and created), logs in {work}")
    recreate_database(database)
    say(f"S3 server (moto) on 127.0.0.1:{moto_port}, bucket {BUCKET}")
    processes.start("moto", [MOTO, "-H", "127.0.0.1", "-p", str(moto_port)], env)
    wait_until("moto_server", lambda: answers(env["AWS_S3_ENDPOINT_URL"]), processes, 30)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "media_bucket", "--create")
    say("demo data (load_demo)")
    manage(env, "load_demo", "--quiet-logins")
    facts = json.loads(manage(env, "shell", "-c", PREPARE).strip().splitlines()[-1])
    nodes = [f"http://127.0.0.1:{port}" for port in ports]
    for letter, port in zip("ab", ports, strict=True):
        node_env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(args.web_workers)}
        command = [GUNICORN, "pramoen.wsgi", "-c", "deploy/gunicorn.conf.py"]
        processes.start(f"web-{letter}", command, node_env)
        worker = [PYTHON, "manage.py", "run_worker", "--worker-id", f"scale-worker-{letter}"]
        processes.start(f"worker-{letter}", worker, env)
    say(f"nodes A {nodes[0]} and B {nodes[1]}, workers scale-worker-a and -b")
    for node in nodes:
        readyz = f"{node}/readyz"
        wait_until(readyz, functools.partial(ready_ok, readyz), processes, 90)
    ctx = Context(
        nodes, stats, env, database, facts["current"], facts["last"], facts["round"], facts["tasks"]
    )
    ctx.results = results
    ctx.result("both nodes ready", True, "/readyz ok on A and B (database, worker, storage, cache)")
    mix = probe_pages(ctx, ACCOUNTS)
    if not any(mix.values()):
        raise SystemExit("no account can open any page")
    say(f"{args.users} users for {args.seconds:.0f} s across both nodes")
    threads = run_load(ctx, mix, args.users, args.seconds, args.ramp, args.seed)
    time.sleep(min(args.ramp, args.seconds / 2))  # the checks run under load
    for check in (check_file, check_document, check_lockout):
        try:
            check(ctx)
        except Exception as error:
            ctx.result(check.__name__, False, repr(error))
    for thread in threads:
        thread.join(timeout=args.seconds + args.ramp + 120)
    processes.check_alive()


if __name__ == "__main__":
    sys.exit(main())
