"""The SAR of a 30-KPI department (issue 6 "Tests that must exist": a benchmark generating the
SAR PDF for a 30-KPI department; domain §11: 5–30 KPIs per department).

    DEBUG=1 .venv/bin/python -m bench.bench_sar [--kpis 30] [--runs 3] [--database :memory:]

Builds one department through the real services: a FY 2569 framework (Performance 70,
Potential 30), `--kpis` KPI sheets with two data items and three levels each, the 6-month round
opened, and every report saved with values, three activities, factors, obstacles, suggestions
and two evidence files, submitted, approved by the overseer and accepted by the coordinator.
Then it renders the round's SAR as PDF (Chromium) `--runs` times and prints the seconds of each
run, and once each the SAR DOCX, the executive summary PDF and the e-SAR XLSX.

A script, not a timed test: nothing fails when the machine is slow.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import statistics
import tempfile
import time
from decimal import Decimal
from typing import Any

from bench.bench_scoring import setup_django

PAGE = re.compile(rb"/Type\s*/Page(?!s)")
ACTIVITIES = (
    ("ประชุมคณะทำงานติดตามผลการดำเนินงาน", "จัดประชุม {n} ครั้ง ทบทวนแผนและปัญหาอุปสรรครายเดือน"),
    ("พัฒนาระบบติดตามงานผ่านระบบสารสนเทศ", "ขยายการใช้งานครอบคลุม {n} หน่วยงาน ลดเวลารวบรวมข้อมูล"),
    ("สื่อสารและประชาสัมพันธ์แก่หน่วยงานภาคี", "จัดสัมมนาชี้แจง {n} ครั้ง มีผู้เข้าร่วมรวมกว่า 300 คน"),
)


def build(kpis: int, seed: int) -> Any:
    """The department, its people and the round with every report accepted; returns the round."""
    from django.contrib.auth import get_user_model

    from accounts.models import Department, Ministry, OrgUnit, Person, Role, RoleAssignment
    from reporting import services
    from reporting.models import Submission
    from reporting.services import ActivityInput, SubmissionInput
    from reporting.services.evidence_files import evidence_add
    from reporting.tests.factories import make_framework, make_kpi, make_round, pdf_bytes, upload

    rng = random.Random(seed)
    ministry = Ministry.objects.create(code="mnre", name_th="กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม")
    department = Department.objects.create(
        ministry=ministry,
        code="onep",
        name_th="สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        abbreviation="สผ.",
    )
    unit = OrgUnit.objects.create(
        department=department,
        code="eia",
        kind=OrgUnit.Kind.DIVISION,
        name_th="กองวิเคราะห์ผลกระทบสิ่งแวดล้อม",
    )
    people = {}
    for username, role, first in (
        ("coordinator", Role.COORDINATOR, "สมชาย"),
        ("owner", Role.OWNER, "ณัฐยา"),
        ("overseer", Role.OVERSEER, "ศุภชัย"),
    ):
        user = get_user_model().objects.create_user(username=username, password="x")
        person = Person.objects.create(
            user=user,
            department=department,
            unit=unit,
            title_th="นาย",
            first_name_th=first,
            last_name_th="ทดสอบ",
            position="ผู้อำนวยการกอง",
        )
        RoleAssignment.objects.create(
            person=person,
            role=role,
            fiscal_year=2569,
            department=department,
            unit=None if role == Role.COORDINATOR else unit,
        )
        people[username] = user
    framework = make_framework(department)
    performance = kpis * 2 // 3
    for index in range(kpis):
        in_performance = index < performance
        count = performance if in_performance else kpis - performance
        kpi = make_kpi(
            framework,
            str(index + 1),
            unit=unit,
            component="performance" if in_performance else "potential",
            weight=str(Decimal(70 if in_performance else 30) / count),
            scores=("50", "70", "100"),
            overseer=Person.objects.get(user=people["overseer"]),
        )
        kpi.name_th = f"ร้อยละของโครงการสำคัญด้านสิ่งแวดล้อมที่ดำเนินการแล้วเสร็จตามแผน ลำดับที่ {index + 1}"
        kpi.save(update_fields=["name_th"])
    round_ = make_round(framework)
    coordinator, owner, overseer = people["coordinator"], people["owner"], people["overseer"]
    services.round_open(coordinator, round_)
    for submission in Submission.objects.filter(round=round_).order_by("pk"):
        total = rng.randint(40, 60)
        done = rng.randint(total * 3 // 4, total)
        services.submission_save(
            owner,
            submission,
            SubmissionInput(
                values={"a": Decimal(done), "b": Decimal(total)},
                activities=tuple(
                    ActivityInput(title, detail.format(n=rng.randint(3, 24)))
                    for title, detail in ACTIVITIES
                ),
                supporting_factors="ผู้บริหารให้ความสำคัญและติดตามความก้าวหน้าทุกเดือน",
                obstacles="ข้อมูลจากหน่วยงานภาคีบางแห่งส่งล่าช้ากว่ากำหนด",
                suggestions="ควรเชื่อมโยงข้อมูลกับระบบของหน่วยงานภาคีโดยตรง",
            ),
            expected_version=submission.version,
        )
        for number in (1, 2):
            evidence_add(
                owner,
                submission,
                upload(f"evidence-{number}.pdf", pdf_bytes()),
                title=f"รายงานผลการดำเนินงานประกอบตัวชี้วัด ฉบับที่ {number}",
            )
        services.submission_submit(owner, submission)
        services.submission_approve(overseer, submission)
        services.submission_accept(coordinator, submission)
    return round_


def seconds(call: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kpis", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--database", default=":memory:")
    parser.add_argument("--profile-docx", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", default="", help="a folder to write the last files to")
    args = parser.parse_args()
    setup_django(args.database)
    # The notification e-mails run in-process while the reports are accepted: keep them quiet.
    logging.getLogger("django_tasks").setLevel(logging.WARNING)

    from django.conf import settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="pramoen-bench-sar-")
    from documents.registry import render_document
    from reporting.results import agency_round_total

    took, round_ = seconds(lambda: build(args.kpis, args.seed))
    print(f"build: {args.kpis} KPIs, every report accepted through the services: {took:.2f} s")
    total = agency_round_total(round_)
    print(f"agency total: {total.shown_total} ({total.level.label if total.level else '-'})")
    runs = []
    for run in range(1, args.runs + 1):
        took, document = seconds(lambda: render_document("sar", round_, "pdf", thai_digits=True))
        runs.append(took)
        pages = len(PAGE.findall(document.content))
        print(f"SAR PDF run {run}: {took:.2f} s ({pages} pages, {len(document.content):,} bytes)")
    print(f"SAR PDF median of {args.runs}: {statistics.median(runs):.2f} s")
    # The same figure as one JSON line, like bench.bench_pages prints (make bench).
    print(
        json.dumps(
            {
                "bench": "pdf_sar",
                "kpis": args.kpis,
                "pages": pages,
                "runs": [round(r, 2) for r in runs],
                "median_seconds": round(statistics.median(runs), 2),
            }
        )
    )
    if args.profile_docx:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: render_document("sar", round_, "docx", thai_digits=True))
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    for kind, fmt in (("sar", "docx"), ("executive-summary", "pdf"), ("esar", "xlsx")):
        took, document = seconds(
            lambda kind=kind, fmt=fmt: render_document(kind, round_, fmt, thai_digits=True)
        )
        count = f"{len(PAGE.findall(document.content))} pages, " if fmt == "pdf" else ""
        print(f"{kind} {fmt.upper()}: {took:.2f} s ({count}{len(document.content):,} bytes)")
        if args.keep:
            path = f"{args.keep}/{kind}.{fmt}"
            with open(path, "wb") as handle:
                handle.write(document.content)


if __name__ == "__main__":
    main()
