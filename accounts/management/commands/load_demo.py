"""`python manage.py load_demo` — load the demo department (domain §12), idempotently."""

from __future__ import annotations

import datetime
from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import AGENCY, DEMO_PASSWORD, DemoYears, demo_clock, demo_logins, load_demo_org

# Each later app adds its demo data with a `load_demo(agency: str, years: DemoYears)` function in
# `<app>.demo`; every year and date it writes is computed from `years` (one "today").
DEMO_MODULES = [
    "frameworks.demo",
    "indicators.demo",
    "agreements.demo",
    "reporting.demo",
    "dashboards.demo",
    "search.demo",  # last: indexes what the others loaded
]


class Command(BaseCommand):
    help = "โหลดข้อมูลส่วนราชการตัวอย่าง (สผ.) พร้อมบัญชีผู้ใช้ทดลอง"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="ไม่พิมพ์รายชื่อบัญชีทดลอง")
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="วันที่ที่ข้อมูลตัวอย่างยึดเป็น “วันนี้” (ค่าเริ่มต้น: วันนี้) — "
            "the day the demo is built for (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = datetime.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError("--today: YYYY-MM-DD") from error
        years = DemoYears.of(today)
        with demo_clock(years.today):
            load_demo_org(years)
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name and not name.startswith(str(error.name)):
                        raise
                    continue
                module.load_demo(AGENCY, years)
        self.stdout.write(
            self.style.SUCCESS(
                f"โหลดข้อมูลตัวอย่างเรียบร้อย (agency: onep) — ปีงบประมาณ {years.current} "
                f"อยู่ในขั้นตอนการเจรจา, ปี {years.last} ปิดรอบ 12 เดือนแล้ว"
            )
        )
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"บัญชีทดลอง — รหัสผ่านทุกบัญชี: {DEMO_PASSWORD}")
        self.stdout.write("Demo logins — every password is the same as above")
        for label, username, name in demo_logins():
            self.stdout.write(f"  {label:<32} {username:<12} {name}")
