"""`python manage.py media_orphans [--delete] [--min-age MINUTES]`

Lists the files under MEDIA_ROOT that no FileField of any model names (issue 15 item 1): what a
process killed between writing an upload and committing its row leaves behind (a rolled-back
upload is removed at once, see core.files). Files younger than --min-age are skipped, since
their transaction may still be running. With --delete they are removed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from core.files import referenced_names


def orphan_files(media_root: Path, min_age_seconds: float) -> list[Path]:
    if not media_root.is_dir():
        return []
    referenced = referenced_names()
    newest = time.time() - min_age_seconds
    found = []
    for path in sorted(media_root.rglob("*")):
        if not path.is_file() or path.stat().st_mtime > newest:
            continue
        if path.relative_to(media_root).as_posix() not in referenced:
            found.append(path)
    return found


class Command(BaseCommand):
    help = "หาไฟล์ใน MEDIA_ROOT ที่ไม่มีข้อมูลใดอ้างถึง (--delete เพื่อลบ)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="ลบไฟล์ที่พบ")
        parser.add_argument(
            "--min-age",
            type=float,
            default=60.0,
            help="ข้ามไฟล์ที่ใหม่กว่านี้ (นาที; ค่าเริ่มต้น 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        media_root = Path(settings.MEDIA_ROOT)
        orphans = orphan_files(media_root, options["min_age"] * 60)
        for path in orphans:
            if options["delete"]:
                path.unlink(missing_ok=True)
            self.stdout.write(str(path.relative_to(media_root)))
        verb = "ลบแล้ว" if options["delete"] else "พบ"
        self.stdout.write(self.style.SUCCESS(f"ไฟล์ที่ไม่มีข้อมูลอ้างถึง: {verb} {len(orphans)} ไฟล์"))
