"""`python manage.py load_demo` — load the demo department (domain §12), idempotently."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand

from accounts.demo import AGENCY, DEMO_PASSWORD, demo_logins, load_demo_org

# Each later app adds its demo data with a `load_demo(agency: str)` function in `<app>.demo`.
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

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo_org()
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name and not name.startswith(str(error.name)):
                    raise
                continue
            module.load_demo(AGENCY)
        self.stdout.write(self.style.SUCCESS("โหลดข้อมูลตัวอย่างเรียบร้อย (agency: onep)"))
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"บัญชีทดลอง — รหัสผ่านทุกบัญชี: {DEMO_PASSWORD}")
        self.stdout.write("Demo logins — every password is the same as above")
        for label, username, name in demo_logins():
            self.stdout.write(f"  {label:<32} {username:<12} {name}")
