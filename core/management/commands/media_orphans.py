"""`python manage.py media_orphans [--delete] [--min-age MINUTES]`

Lists the stored files (under MEDIA_ROOT, or in the S3 bucket: core.media) that no FileField of
any model names (issue 15 item 1): what a process killed between writing an upload and
committing its row leaves behind (a rolled-back upload is removed at once, see core.files).
Files younger than --min-age are skipped, since their transaction may still be running. With
--delete they are removed.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.files.storage import Storage
from django.core.management.base import BaseCommand, CommandParser

from core.files import referenced_names
from core.media import media_storage, stored_objects


def orphan_files(storage: Storage, min_age_seconds: float) -> list[str]:
    referenced = referenced_names()
    newest = time.time() - min_age_seconds
    return [
        item.name
        for item in stored_objects(storage)
        if item.modified <= newest and item.name not in referenced
    ]


class Command(BaseCommand):
    help = "หาไฟล์ในที่เก็บไฟล์ที่ไม่มีข้อมูลใดอ้างถึง (--delete เพื่อลบ)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="ลบไฟล์ที่พบ")
        parser.add_argument(
            "--min-age",
            type=float,
            default=60.0,
            help="ข้ามไฟล์ที่ใหม่กว่านี้ (นาที; ค่าเริ่มต้น 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        storage = media_storage()
        orphans = orphan_files(storage, options["min_age"] * 60)
        for name in orphans:
            if options["delete"]:
                storage.delete(name)
            self.stdout.write(name)
        verb = "ลบแล้ว" if options["delete"] else "พบ"
        self.stdout.write(self.style.SUCCESS(f"ไฟล์ที่ไม่มีข้อมูลอ้างถึง: {verb} {len(orphans)} ไฟล์"))
