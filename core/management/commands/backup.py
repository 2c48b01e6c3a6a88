"""`python manage.py backup PATH` — database and uploaded files into one .zip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "สำรองฐานข้อมูลและไฟล์แนบทั้งหมดเป็นไฟล์ .zip เดียว"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"สำรองข้อมูลแล้ว: {summary.path} ({summary.rows} แถว, {summary.files} ไฟล์)"
            )
        )
