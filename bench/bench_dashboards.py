"""The executive dashboard and the ministry roll-up on the country-scale set (issue 7).

    DEBUG=1 .venv/bin/python -m bench.bench_dashboards [--departments 300 --kpis 30 --rounds 2]

Builds the set with bench.bench_scoring's generator (300 departments × 30 KPIs × 2 rounds, one
ministry), then makes it reportable: every KPI approved, the first round closed and the last one
open, a report per KPI per round (all accepted in the first round, four in five in the last),
scored by the engine. One department is grown to ten times the KPIs (bench.bench_pages.grow);
30 departments are moved into a ministry of their own, so the roll-up is timed at 30 and at the
remaining ~270 departments. Prints one JSON object per line:

- ``queries``: SQL queries of the dashboard (1× vs 10× KPIs), the KPI drill-down and the
  ministry view (30 vs ~270 departments), with ``equal`` true when the count does not grow;
- ``page_time``: the median of N requests per page.

Requests go through Django's test client in this process with DEBUG off. Nothing fails on times.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import warnings
from decimal import Decimal
from typing import Any

from bench.bench_pages import client_for, emit, grow, measure
from bench.bench_scoring import FISCAL_YEAR, generate, setup_django, timed


def make_reportable(rng: random.Random) -> int:
    """Approve every KPI, close the first round and open the last, and write a scored report
    per KPI per round. Returns the number of reports."""
    from django.utils import timezone

    from frameworks import scoring
    from frameworks.models import ReportingRound
    from indicators.criteria import criteria_for
    from indicators.models import Kpi
    from reporting.models import RoundState, Submission

    approved = timezone.make_aware(datetime.datetime(FISCAL_YEAR - 544, 10, 15))
    Kpi.objects.filter(framework__fiscal_year=FISCAL_YEAR).update(
        state=Kpi.State.APPROVED, approved_at=approved
    )
    rounds = list(ReportingRound.objects.filter(framework__fiscal_year=FISCAL_YEAR))
    last_order = max(r.order for r in rounds)
    RoundState.objects.bulk_create(
        RoundState(
            round=r,
            state=RoundState.State.OPEN if r.order == last_order else RoundState.State.CLOSED,
            opened_at=timezone.now(),
        )
        for r in rounds
    )
    by_framework: dict[int, list[Any]] = {}
    for r in rounds:
        by_framework.setdefault(r.framework_id, []).append(r)
    reports = []
    kpis = Kpi.objects.filter(framework__fiscal_year=FISCAL_YEAR).prefetch_related("levels")
    for kpi in kpis.iterator(chunk_size=2000):
        criteria = criteria_for(kpi)
        standard = criteria.levels[1].target
        for r in by_framework.get(kpi.framework_id, []):
            accepted = r.order != last_order or rng.random() < 0.8
            result = (standard + Decimal(rng.randint(-150, 150)) / 10).quantize(Decimal("0.01"))
            reports.append(
                Submission(
                    round=r,
                    kpi_key=kpi.key,
                    kpi=kpi,
                    state=Submission.State.ACCEPTED if accepted else Submission.State.DRAFT,
                    result=result if accepted else None,
                    self_score=scoring.score(criteria, result) if accepted else None,
                )
            )
    Submission.objects.bulk_create(reports, batch_size=5000)
    return len(reports)


def split_ministry(count: int) -> str:
    """Move `count` departments into a ministry of their own; returns its code."""
    from accounts.models import Department, Ministry

    small = Ministry.objects.create(code="bench-small", name_th="กระทรวงทดสอบขนาดเล็ก")
    ids = list(
        Department.objects.filter(code__startswith="bench")
        .order_by("code")
        .values_list("pk", flat=True)[1 : count + 1]
    )
    Department.objects.filter(pk__in=ids).update(ministry=small)
    return small.code


def executive_of(code: str) -> Any:
    from django.contrib.auth import get_user_model

    from accounts.models import Department, Person, Role, RoleAssignment

    department = Department.objects.get(code=code)
    user = get_user_model().objects.create_user(f"{code}-exec", password="bench-pass-1234")
    person = Person.objects.create(
        user=user, department=department, first_name_th="ผู้บริหาร", last_name_th=code
    )
    RoleAssignment.objects.create(
        person=person, role=Role.EXECUTIVE, fiscal_year=FISCAL_YEAR, department=department
    )
    return user


def bench(small: str, big: str, small_ministry: str, repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings
    from django.urls import reverse

    from indicators.models import Kpi

    admin = get_user_model().objects.create_superuser("bench-root", "", "bench-pass-1234")

    def kpi_url(code: str) -> str:
        pk = Kpi.objects.filter(
            framework__department__code=code, framework__fiscal_year=FISCAL_YEAR
        ).values_list("pk", flat=True)[0]
        return reverse("dashboards:kpi", args=[pk])

    pages = {
        "dashboard": (
            executive_of(small),
            reverse("dashboards:department", args=[small, FISCAL_YEAR]),
            executive_of(big),
            reverse("dashboards:department", args=[big, FISCAL_YEAR]),
        ),
        "kpi_drill_down": (admin, kpi_url(small), admin, kpi_url(big)),
        "ministry": (
            admin,
            reverse("dashboards:ministry", args=[small_ministry, FISCAL_YEAR]),
            admin,
            reverse("dashboards:ministry", args=["bench", FISCAL_YEAR]),
        ),
    }
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        for page, (user1, url1, user10, url10) in pages.items():
            q1, t1 = measure(client_for(user1), url1, repeat)
            q10, t10 = measure(client_for(user10), url10, repeat)
            emit("queries", page=page, x1=q1, x10=q10, equal=q10 <= q1)
            emit(
                "page_time",
                page=page,
                median_ms_x1=round(t1 * 1000, 1),
                median_ms_x10=round(t10 * 1000, 1),
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--departments", type=int, default=300)
    parser.add_argument("--kpis", type=int, default=30, help="KPIs per department")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--repeat", type=int, default=10, help="requests per page timing")
    parser.add_argument("--ministry", type=int, default=30, help="departments in the small one")
    parser.add_argument("--database", default="var/bench-dashboards.sqlite3")
    args = parser.parse_args(argv)
    if args.departments <= args.ministry + 1 or args.kpis < 2:
        parser.error("need more departments than --ministry + 1, and at least 2 KPIs")

    warnings.filterwarnings("ignore", "No directory at")  # whitenoise: no collectstatic here
    setup_django(args.database)
    rng = random.Random(args.seed)
    with timed() as generation:
        created = generate(args.departments, args.kpis, args.rounds, rng)
        from frameworks.models import Framework

        big = f"bench{args.departments - 1:03d}"
        grow(Framework.objects.get(department__code=big), args.kpis * 10, rng)
        reports = make_reportable(rng)
        small_ministry = split_ministry(args.ministry)
    emit(
        "generate",
        departments=args.departments,
        kpis=created + args.kpis * 9,
        reports=reports,
        seconds=round(generation.seconds, 2),
    )
    bench("bench000", big, small_ministry, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
