"""`python manage.py restore PATH` — into an empty, migrated database (migrates first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "กู้คืนฐานข้อมูลและไฟล์แนบจากไฟล์สำรอง (ฐานข้อมูลปลายทางต้องว่าง)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--no-migrate", action="store_true", help="ไม่ต้อง migrate ก่อน")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = restore(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"กู้คืนข้อมูลแล้ว: {summary.rows} แถว, {summary.files} ไฟล์ จาก {summary.path}"
            )
        )
