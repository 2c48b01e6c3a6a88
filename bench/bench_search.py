"""Search on the country-scale set (issue 16 item 6).

    DEBUG=1 .venv/bin/python -m bench.bench_search [--departments 300 --kpis 30]

Builds the set with bench.bench_scoring's generator, gives every KPI a realistic Thai name and
description (phrases of a department's plan written without spaces, as officials write them),
staffs one department (bench.bench_pages.staff_department: a coordinator and an owner, the
first round opened through the service, so its reports are indexed by it), then:

- ``reindex``: `manage.py search_reindex`'s work (search.index.reindex_all): rows and seconds;
- ``search``: the search page for the department's coordinator and for a superuser (who sees
  every department), for a rare and a common word: SQL queries and the median of N requests.

Runs on SQLite (FTS5) by default; with DATABASE_URL set to a PostgreSQL database of its own it
uses that (GIN index). Requests go through Django's test client with DEBUG off. Nothing fails
on times.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import warnings
from urllib.parse import quote

from bench.bench_pages import client_for, emit, measure, staff_department
from bench.bench_scoring import generate, setup_django, timed

PHRASES = [
    "ร้อยละของการลดการปล่อยก๊าซเรือนกระจกจากการดำเนินงานของหน่วยงานภาครัฐ",
    "ร้อยละของรายงานการวิเคราะห์ผลกระทบสิ่งแวดล้อมที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กฎหมายกำหนด",
    "ระดับความสำเร็จของการขับเคลื่อนแผนปฏิบัติการด้านการจัดการคุณภาพสิ่งแวดล้อม",
    "จำนวนพื้นที่ป่าชายเลนที่ได้รับการฟื้นฟูและอนุรักษ์ทรัพยากรธรรมชาติ",
    "ร้อยละของความพึงพอใจของผู้รับบริการต่อการให้บริการของส่วนราชการ",
    "ระดับความสำเร็จของการพัฒนาระบบบริหารจัดการข้อมูลดิจิทัลภาครัฐ",
    "ร้อยละของการเบิกจ่ายงบประมาณรายจ่ายลงทุนตามแผนที่กำหนด",
    "ระดับความสำเร็จในการปรับตัวต่อการเปลี่ยนแปลงสภาพภูมิอากาศในระดับพื้นที่",
]


def thai_texts(rng: random.Random) -> int:
    from indicators.models import Kpi

    rows = list(Kpi.objects.only("pk", "number"))
    for kpi in rows:
        kpi.name_th = rng.choice(PHRASES)
        kpi.description = "".join(rng.sample(PHRASES, 3))
    Kpi.objects.bulk_update(rows, ["name_th", "description"], batch_size=2000)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--departments", type=int, default=300)
    parser.add_argument("--kpis", type=int, default=30, help="KPIs per department")
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--repeat", type=int, default=20, help="requests per timing")
    parser.add_argument("--database", default="var/bench-search.sqlite3")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", "No directory at")  # whitenoise: no collectstatic here
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pramoen.settings_test")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
    else:
        setup_django(args.database)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import override_settings

    from search.engine import backend
    from search.index import reindex_all

    rng = random.Random(args.seed)
    with timed() as generation:
        created = generate(args.departments, args.kpis, 1, rng)
        thai_texts(rng)
    emit("generate", vendor=connection.vendor, kpis=created, seconds=round(generation.seconds, 2))
    department = staff_department("bench000", args.kpis, rng)
    with timed() as spent:
        counts = reindex_all()
    rows = sum(counts.values())
    emit(
        "reindex",
        backend=backend(),
        rows=rows,
        **counts,
        seconds=round(spent.seconds, 2),
        rows_per_second=round(rows / spent.seconds),
    )
    root = get_user_model().objects.create_superuser("bench-root", "", "bench-pass-1234")
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        for who, user in (("coordinator", department.coordinator), ("superuser", root)):
            for word in ("ก๊าซเรือนกระจก", "ภูมิอากาศ", "ร้อยละ"):
                url = f"/search/?q={quote(word)}"
                queries, median = measure(client_for(user), url, args.repeat)
                emit(
                    "search",
                    user=who,
                    query=word,
                    queries=queries,
                    median_ms=round(median * 1000, 1),
                    requests=args.repeat,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
