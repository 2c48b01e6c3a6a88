"""`make load`: a bounded load test on loopback (issue 9 item 4). Not part of CI.

    .venv/bin/python scripts/load.py [--users 50 --duration 60 --workers N]

1. Creates a PostgreSQL database (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/pramoen_load; dropped and created again), migrates it,
   collects static files and loads the demo; then adds one KPI owner per simulated user
   ("load01" …), each with a KPI of their own and its draft report in the demo's last year's
   12-month round (closed in the demo, opened again here), so every user saves a report without
   racing the others.
2. Starts the production server command (gunicorn pramoen.wsgi, DEBUG off, a random
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1; HTTPS-only settings off since this is plain HTTP on
   loopback).
3. Runs N simulated users (threads with their own cookies, arriving over --ramp seconds)
   for the duration: each logs in
   through the form (CSRF token from the page), saves their report once (the form as the page
   renders it, with a result typed in), then browses a mix of pages with a short think time.
4. Prints requests/s, p50/p95/max latency per page and overall, and errors; exits 1 if any
   request failed. The database is dropped at the end (--keep-db keeps it).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/pramoen_load"
PASSWORD = "load-pass-1234"
# The demo's last year (accounts.demo.DemoYears.last): the fiscal year before today's, as
# core.fiscal names it (October starts the next one).
_TODAY = datetime.date.today()
YEAR = (_TODAY.year + (1 if _TODAY.month >= 10 else 0)) + 543 - 1
SAVED = "บันทึกร่างแล้ว"  # the flash message after a draft save

# (page, path or a callable of the user, weight): what people mostly open.
MIX: list[tuple[str, str, int]] = [
    ("home", "/", 4),
    ("my_updates", "/reporting/mine/", 3),
    ("kpi_list", f"/kpis/onep/{YEAR}/", 3),
    ("kpi_sheet", "KPI_SHEET", 3),
    ("frameworks", "/frameworks/", 1),
    ("intranet", f"/agreements/onep/{YEAR}/intranet/", 2),
    ("inbox", "/inbox/", 1),
]

PREPARE = """
import datetime
import json
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.utils import timezone
from accounts.models import Department, OrgUnit, Person, Role, RoleAssignment
from frameworks.models import Framework
from indicators.models import Kpi, TargetLevel
from reporting.models import RoundState, Submission

users = int(USERS)
onep = Department.objects.get(code="onep")
framework = Framework.objects.get(department=onep, fiscal_year=YEAR)
# The demo has last year's rounds closed: take the 12-month round back to taking reports.
state = RoundState.objects.get(round__framework=framework, round__months=12)
RoundState.objects.filter(pk=state.pk).update(state=RoundState.State.OPEN, closed_at=None)
component = framework.components.order_by("order").first()
unit = OrgUnit.objects.create(department=onep, code="load", name_th="กลุ่มทดสอบภาระงาน")
approved = timezone.make_aware(datetime.datetime(YEAR - 544, 10, 15))
reports = {}
for i in range(1, users + 1):
    user = get_user_model().objects.create_user(f"load{i:02d}", password=PASSWORD)
    person = Person.objects.create(
        user=user, department=onep, unit=unit, first_name_th=f"ผู้ทดสอบ {i}", last_name_th="ภาระงาน"
    )
    RoleAssignment.objects.create(
        person=person, role=Role.OWNER, fiscal_year=YEAR, department=onep, unit=unit
    )
    kpi = Kpi.objects.create(
        framework=framework, component=component, number=str(100 + i), name_th=f"ตัวชี้วัดทดสอบที่ {i}",
        unit="ร้อยละ", weight=Decimal("1"), state=Kpi.State.APPROVED, approved_at=approved,
        responsible_unit=unit,
    )
    for order, (label, target, score) in enumerate(
        [("ขั้นต้น", 80, 50), ("มาตรฐาน", 90, 70), ("ขั้นสูง", 100, 100)], 1
    ):
        TargetLevel.objects.create(kpi=kpi, order=order, label=label, target=target, score=score)
    submission = Submission.objects.create(round=state.round, kpi_key=kpi.key, kpi=kpi)
    reports[user.username] = f"/reporting/report/{submission.pk}/"
print(json.dumps(reports))
"""


def say(text: str) -> None:
    print(f"\033[1;32m==>\033[0m {text}", file=sys.stderr, flush=True)


# Setup ----------------------------------------------------------------------------------------


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    assert re.fullmatch(r"[a-z0-9_]+", name), f"refusing an unusual database name: {name}"
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare(env: dict[str, str], users: int) -> dict[str, str]:
    """Create the load owners; returns each one's report page."""
    script = PREPARE.replace("USERS", str(users)).replace("YEAR", str(YEAR))
    script = script.replace("PASSWORD", repr(PASSWORD))
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    reports: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return reports


def start_server(
    env: dict[str, str], port: int, workers: int, wait: float = 60.0
) -> subprocess.Popen[bytes]:
    command = [
        GUNICORN,
        "pramoen.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return server
        except urllib.error.HTTPError as error:
            server.terminate()
            raise SystemExit(f"the login page answers {error.code}: see the log above") from None
        except OSError:  # not listening yet, or workers still starting
            if server.poll() is not None:
                raise SystemExit("gunicorn exited during start-up") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within {wait:.0f} s")


# The simulated users ----------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The named inputs, textareas and selected options of the form posting to `action`."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside = action, False
        self.fields: dict[str, str] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.fields[self.textarea] = ""
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.fields[self.textarea] += data


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, page: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies[page].append(seconds)
            if error:
                self.errors.append(f"{page}: {error}")


class User:
    def __init__(self, base: str, username: str, stats: Stats, rng: random.Random) -> None:
        self.base, self.username, self.stats, self.rng = base, username, stats, rng
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, page: str, path: str, data: dict[str, str] | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                text: str = response.read().decode("utf-8", "replace")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            self.stats.record(page, time.perf_counter() - start, f"{path}: {error}")
            return ""
        self.stats.record(page, time.perf_counter() - start)
        return text

    def csrf(self, html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return found.group(1) if found else ""

    def log_in(self) -> None:
        page = self.request("login_form", "/accounts/login/")
        home = self.request(
            "login",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.csrf(page),
                "username": self.username,
                "password": PASSWORD,
            },
        )
        if "งานของฉัน" not in home:
            self.stats.record("login", 0.0, f"{self.username} is not on the home page")

    def save_report(self, path: str) -> None:
        """Open My updates, then the user's own report, and save it as a draft."""
        updates = self.request("my_updates", "/reporting/mine/")
        if f'href="{path}"' not in updates:
            self.stats.record("report_save", 0.0, f"{self.username}: {path} not in My updates")
            return
        form_page = self.request("report_form", path)
        parser = FormFields(path)
        parser.feed(form_page)
        fields = parser.fields
        fields["direct_result"] = str(self.rng.randint(70, 100))
        fields["supporting_factors"] = "ทดสอบภาระงาน"
        fields["action"] = "save"
        after = self.request("report_save", path, fields)
        if SAVED not in after:
            self.stats.record("report_save", 0.0, f"{self.username}: the save was not confirmed")

    def browse(self, until: float, sheets: list[str]) -> None:
        pages = [(name, path) for name, path, weight in MIX for _ in range(weight)]
        while time.monotonic() < until:
            name, path = self.rng.choice(pages)
            if path == "KPI_SHEET":
                path = self.rng.choice(sheets)
            self.request(name, path)
            time.sleep(self.rng.uniform(0.2, 1.0))  # think time


def run_users(
    base: str, reports: dict[str, str], duration: float, seed: int, ramp: float
) -> tuple[Stats, float]:
    stats = Stats()
    probe = User(base, "load01", stats, random.Random(seed))
    probe.log_in()
    listing = probe.request("kpi_list", f"/kpis/onep/{YEAR}/")
    sheets = sorted(set(re.findall(r'href="(/kpis/sheet/\d+/)"', listing)))
    assert sheets, "no KPI sheet links on the KPI list"
    stats.latencies.clear()
    stats.errors.clear()
    start = time.monotonic()
    until = start + duration

    def one(index: int, username: str) -> None:
        user = User(base, username, stats, random.Random(seed + index))
        time.sleep(ramp * index / len(reports))  # people arrive over the ramp, not at once
        try:
            user.log_in()
            user.save_report(reports[username])
            user.browse(until, sheets)
        except Exception as error:  # a crashed user is an error, not a silent stop
            stats.record("user", 0.0, f"{username}: {error!r}")

    threads = [
        threading.Thread(target=one, args=(i, name)) for i, name in enumerate(sorted(reports))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, time.monotonic() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(stats: Stats, elapsed: float, users: int, workers: int) -> None:
    every = [s for values in stats.latencies.values() for s in values]
    load = os.getloadavg()[0]
    print(f"users {users}, {elapsed:.0f} s, gunicorn workers {workers}, PostgreSQL")
    print(f"load average    {load:.1f} on {os.cpu_count()} CPUs (at the end of the run)")
    print(f"requests        {len(every)}")
    print(f"requests/s      {len(every) / elapsed:.1f}")
    print(f"p50             {statistics.median(every) * 1000:.0f} ms")
    print(f"p95             {percentile(every, 95) * 1000:.0f} ms")
    print(f"max             {max(every) * 1000:.0f} ms")
    print(f"errors          {len(stats.errors)}")
    print(f"{'page':14s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s}")
    for page, values in sorted(stats.latencies.items()):
        p50, p95 = statistics.median(values) * 1000, percentile(values, 95) * 1000
        print(f"{page:14s} {len(values):6d} {p50:8.0f} {p95:8.0f}")
    for error in stats.errors[:20]:
        print("  error:", error)


def server_env(work: Path, database: str) -> dict[str, str]:
    """The environment of a production-like server on loopback: DEBUG off, a fresh key, files
    under `work` (also used by bench/bench_concurrency.py)."""
    return {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: the HTTPS-only protections would refuse every request.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument(
        "--ramp", type=float, default=10.0, help="seconds over which the users arrive"
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 99:
        parser.error("--users must be between 1 and 99")

    database = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    work = Path(tempfile.mkdtemp(prefix="pramoen-load-"))
    env = server_env(work, database)
    server = None
    try:
        say(f"database {database.rsplit('@', 1)[-1]} (dropped and created)")
        recreate_database(database)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        say("demo and one KPI owner with a draft report per simulated user")
        manage(env, "load_demo", "--quiet-logins")
        reports = prepare(env, args.users)
        say(f"gunicorn on 127.0.0.1:{args.port} ({args.workers} workers, DEBUG off)")
        server = start_server(env, args.port, args.workers)
        say(f"{args.users} users for {args.duration:.0f} s (arriving over {args.ramp:.0f} s)")
        stats, elapsed = run_users(
            f"http://127.0.0.1:{args.port}", reports, args.duration, args.seed, args.ramp
        )
        report(stats, elapsed, args.users, args.workers)
        return 1 if stats.errors else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.keep_db:
            recreate_database(database, drop_only=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
