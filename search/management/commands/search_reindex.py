"""`manage.py search_reindex`: rebuild the search index from the database (issue 16 item 6)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search.index import reindex_all


class Command(BaseCommand):
    help = "สร้างดัชนีค้นหาใหม่ทั้งหมด (ตัวชี้วัด รายงานผล หลักฐาน และบุคลากร)"

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reindex_all()
        summary = ", ".join(f"{kind} {n}" for kind, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"สร้างดัชนีค้นหาใหม่แล้ว: {summary}"))
