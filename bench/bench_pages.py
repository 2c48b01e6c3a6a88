"""Pages, documents and imports on the country-scale set (issue 9 item 3; domain §11).

    DEBUG=1 .venv/bin/python -m bench.bench_pages [--departments 300 --kpis 30 --rounds 2]

Builds the set with bench.bench_scoring's generator (300 departments × 30 KPIs × 2 rounds),
then prints one JSON object per line:

- ``queries``: SQL queries per page for the KPI list, "My updates", the executive dashboard,
  the round page (the department's running total) and the framework page,
  for a department at 1× (30 KPIs, 30 reports) and one at 10× (300 KPIs, 300 reports), with
  ``equal`` true when the count does not grow with the data;
- ``page_time``: the median of N requests per page, also as a ratio to a bare one-query
  Django view (bench/urls.py) measured in the same run through the same middleware;
- ``score_recompute``: every department's total and level for every round
  (bench_scoring.score_everything);
- ``pdf_kpi_sheets``: the KPI-sheets PDF of one 30-KPI department (documents.registry);
- ``xlsx_import``: every department's workbook exported and imported into its next year's
  empty framework, one import per department (the way departments do it), 9,000 sheets in all.

Requests go through Django's test client in this process (no network; `make load` measures
the real server). Nothing fails on times: the figures go in README "Quality".
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import random
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bench.bench_scoring import FISCAL_YEAR, generate, score_everything, setup_django, timed

PAGES = ("kpi_list", "my_updates", "dashboard", "round_detail", "framework_detail")
LEVELS = (("ขั้นต้น", 0, 50), ("มาตรฐาน", 5, 70), ("ขั้นสูง", 10, 100))


def emit(bench: str, **fields: Any) -> None:
    print(json.dumps({"bench": bench, **fields}, ensure_ascii=False), flush=True)


@dataclass
class Department:
    """One benchmarked department: its people and the URLs of its pages."""

    code: str
    kpis: int
    coordinator: Any
    owner: Any
    urls: dict[str, str]


def grow(framework: Any, total: int, rng: random.Random) -> None:
    """Add KPI sheets (with three levels each) until the framework has `total`."""
    from indicators.models import Kpi, TargetLevel

    have = Kpi.objects.filter(framework=framework).count()
    components = list(framework.components.order_by("order"))
    new = Kpi.objects.bulk_create(
        Kpi(
            framework=framework,
            component=components[i % len(components)],
            number=str(i + 1),
            name_th=f"ตัวชี้วัดที่ {i + 1}",
            weight=Decimal("0.3333"),
        )
        for i in range(have, total)
    )
    TargetLevel.objects.bulk_create(
        TargetLevel(kpi=kpi, order=order, label=label, target=base + step, score=score)
        for kpi in new
        for base in [Decimal(rng.randint(50, 85))]
        for order, (label, step, score) in enumerate(LEVELS, 1)
    )


def staff_department(code: str, kpis: int, rng: random.Random) -> Department:
    """A unit, a coordinator and a KPI owner; every sheet approved, owned by the unit, with
    a collector; the first round opened through the reporting service (one report per KPI)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Department as DepartmentModel
    from accounts.models import OrgUnit, Person, Role, RoleAssignment
    from frameworks.models import Framework
    from indicators.models import Kpi
    from reporting.services import round_open

    department = DepartmentModel.objects.get(code=code)
    framework = Framework.objects.get(department=department, fiscal_year=FISCAL_YEAR)
    grow(framework, kpis, rng)
    unit = OrgUnit.objects.create(department=department, code="div", name_th="กองทดสอบ")
    users = get_user_model().objects
    people: dict[str, Person] = {}
    accounts: dict[str, Any] = {}
    for role in (Role.COORDINATOR, Role.OWNER):
        user = users.create_user(f"{code}-{role}", password="bench-pass-1234")
        accounts[role] = user
        person = Person.objects.create(
            user=user,
            department=department,
            unit=unit,
            first_name_th=f"ผู้ทดสอบ {role}",
            last_name_th=code,
        )
        RoleAssignment.objects.create(
            person=person,
            role=role,
            fiscal_year=FISCAL_YEAR,
            department=department,
            unit=unit if role == Role.OWNER else None,
        )
        people[role] = person
    sheets = Kpi.objects.filter(framework=framework)
    approved = timezone.make_aware(datetime.datetime(FISCAL_YEAR - 543 - 1, 10, 15))
    sheets.update(
        state=Kpi.State.APPROVED,
        approved_at=approved,
        responsible_unit=unit,
        overseer=people[Role.OWNER],
    )
    through = Kpi.collectors.through
    through.objects.bulk_create(
        through(kpi_id=kpi_id, person_id=people[Role.OWNER].pk)
        for kpi_id in sheets.values_list("pk", flat=True)
    )
    coordinator, owner = accounts[Role.COORDINATOR], accounts[Role.OWNER]
    first_round = framework.rounds.order_by("order").first()
    assert first_round is not None
    round_open(coordinator, first_round)
    return Department(
        code=code,
        kpis=sheets.count(),
        coordinator=coordinator,
        owner=owner,
        urls={
            "kpi_list": reverse("kpi_list", kwargs={"code": code, "year": FISCAL_YEAR}),
            "my_updates": reverse("reporting:my_updates"),
            "round_detail": reverse("reporting:round_detail", kwargs={"pk": first_round.pk}),
            "framework_detail": reverse("framework_detail", kwargs={"pk": framework.pk}),
            "dashboard": reverse(
                "dashboards:department", kwargs={"code": code, "year": FISCAL_YEAR}
            ),
        },
    )


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.cookies.load({"django_language": "th"})
    return client


def measure(client: Any, url: str, repeat: int) -> tuple[int, float]:
    """Queries of one request (after a warm-up) and the median wall time of `repeat`."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    # Django empties the query log when a request starts: start the count from an empty log.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # read now: the next request empties the log it points into
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return count, statistics.median(times)


def bench_pages(small: Department, big: Department, repeat: int) -> None:
    from django.test.utils import override_settings

    # DEBUG off as in production (no SQL logging outside the query counts).
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        bare_queries, bare = measure(client_for(small.coordinator), "/bench/bare/", repeat)
        emit("bare_view", queries=bare_queries, median_ms=round(bare * 1000, 2), requests=repeat)
        for page in PAGES:
            results = {}
            for size, department in (("x1", small), ("x10", big)):
                user = department.owner if page == "my_updates" else department.coordinator
                results[size] = measure(client_for(user), department.urls[page], repeat)
            (q1, t1), (q10, t10) = results["x1"], results["x10"]
            emit(
                "queries",
                page=page,
                x1=q1,
                x10=q10,
                equal=q1 == q10,
                rows_x1=small.kpis,
                rows_x10=big.kpis,
            )
            emit(
                "page_time",
                page=page,
                median_ms_x1=round(t1 * 1000, 1),
                median_ms_x10=round(t10 * 1000, 1),
                ratio_to_bare_x1=round(t1 / bare, 1),
                ratio_to_bare_x10=round(t10 / bare, 1),
            )


def bench_scoring(seed: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, timed() as spent:
        run = score_everything(random.Random(seed))
    emit(
        "score_recompute",
        seconds=round(spent.seconds, 2),
        departments=run.departments,
        kpis=run.kpis,
        scores=run.scores,
        queries=len(queries),
    )


def bench_pdf(code: str) -> None:
    from documents.registry import render_document
    from frameworks.models import Framework

    framework = Framework.objects.get(department__code=code, fiscal_year=FISCAL_YEAR)
    runs = []
    for _ in range(2):  # the first run also starts Chromium's caches
        with timed() as spent:
            document = render_document("kpi-sheets", framework, "pdf", thai_digits=True)
        runs.append(spent.seconds)
    assert document.content.startswith(b"%PDF-")
    emit(
        "pdf_kpi_sheets",
        department=code,
        kpis=framework.kpis.count(),
        seconds_first=round(runs[0], 2),
        seconds_second=round(runs[1], 2),
        bytes=len(document.content),
    )


def bench_xlsx(departments: int, exclude: set[str]) -> None:
    """Export each department's sheets and import them into its next year's empty framework."""
    from django.contrib.auth import get_user_model

    from frameworks.models import Component, Framework
    from indicators.excel import export_framework_kpis, import_framework_kpis

    admin = get_user_model().objects.create_superuser("bench-admin", "", "bench-pass-1234")
    sources = list(
        Framework.objects.filter(fiscal_year=FISCAL_YEAR, department__code__startswith="bench")
        .exclude(department__code__in=exclude)
        .select_related("department")
        .order_by("department__code")[:departments]
    )
    targets = Framework.objects.bulk_create(
        Framework(department=f.department, fiscal_year=FISCAL_YEAR + 1, name_th=f.name_th)
        for f in sources
    )
    Component.objects.bulk_create(
        Component(framework=target, order=c.order, code=c.code, name_th=c.name_th, weight=c.weight)
        for source, target in zip(sources, targets, strict=True)
        for c in source.components.all()
    )
    export_seconds = import_seconds = 0.0
    created = 0
    for source, target in zip(sources, targets, strict=True):
        with timed() as exported:
            workbook = export_framework_kpis(source)
        with timed() as imported:
            result = import_framework_kpis(admin, target, io.BytesIO(workbook))
        assert result.ok, result.errors[:3]
        export_seconds += exported.seconds
        import_seconds += imported.seconds
        created += result.created
    emit(
        "xlsx_import",
        mode="one workbook per department, imported into its next year's framework",
        departments=len(sources),
        kpis=created,
        import_seconds=round(import_seconds, 2),
        export_seconds=round(export_seconds, 2),
        sheets_per_second=round(created / import_seconds) if import_seconds else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--departments", type=int, default=300)
    parser.add_argument("--kpis", type=int, default=30, help="KPIs per department")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page timing")
    parser.add_argument("--database", default="var/bench-pages.sqlite3")
    parser.add_argument(
        "--skip", action="append", default=[], choices=["pages", "score", "pdf", "xlsx"]
    )
    args = parser.parse_args(argv)
    if args.departments < 2 or args.kpis < 2:
        parser.error("need at least 2 departments and 2 KPIs")

    warnings.filterwarnings("ignore", "No directory at")  # whitenoise: no collectstatic here
    setup_django(args.database)
    rng = random.Random(args.seed)
    with timed() as generation:
        # One department more than asked: the 10× one, grown to ten times the KPIs.
        created = generate(args.departments + 1, args.kpis, args.rounds, rng)
    emit(
        "generate",
        departments=args.departments + 1,
        kpis=created,
        rounds=args.rounds,
        seconds=round(generation.seconds, 2),
    )
    small = staff_department("bench000", args.kpis, rng)
    big = staff_department(f"bench{args.departments:03d}", args.kpis * 10, rng)
    if "pages" not in args.skip:
        bench_pages(small, big, args.repeat)
    if "score" not in args.skip:
        bench_scoring(args.seed)
    if "pdf" not in args.skip:
        bench_pdf(small.code)
    if "xlsx" not in args.skip:
        bench_xlsx(args.departments, exclude={big.code})
    return 0


if __name__ == "__main__":
    sys.exit(main())
