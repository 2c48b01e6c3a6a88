"""Export a document of one department's fiscal year to a file.

    python manage.py export_document kpi-sheets --year 2569 --agency onep --format pdf \
        --output var/kpi-sheets.pdf [--digits thai|arabic]

The bytes come from documents.registry.render_document, the same call the download views make.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.chromium import PdfRenderError
from documents.registry import (
    CONTENT_TYPES,
    DOCUMENTS,
    UnknownDocument,
    render_document,
)
from frameworks.models import Framework


def command_kinds() -> list[str]:
    """Kinds the command can export: those whose subject is a department's framework."""
    return sorted(slug for slug, kind in DOCUMENTS.items() if kind.scope == "framework")


class Command(BaseCommand):
    help = "ส่งออกเอกสารของส่วนราชการในปีงบประมาณหนึ่งเป็นไฟล์ (ชนิด: " + ", ".join(command_kinds()) + ")"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="ชนิดเอกสาร: " + ", ".join(command_kinds()))
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ (พ.ศ.) เช่น 2569")
        parser.add_argument("--agency", required=True, help="รหัสส่วนราชการ เช่น onep")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=sorted(CONTENT_TYPES),
            required=True,
            help="pdf หรือ docx",
        )
        parser.add_argument("--output", required=True, help="ไฟล์ที่จะเขียน")
        parser.add_argument(
            "--digits",
            choices=["thai", "arabic"],
            default="thai",
            help="ตัวเลขไทย (ค่าเริ่มต้น) หรือตัวเลขอารบิก",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["kind"]
        if slug not in command_kinds():
            raise CommandError(
                f"ไม่รู้จักเอกสารชนิด {slug!r} สำหรับคำสั่งนี้ (ที่มี: {', '.join(command_kinds())})"
            )
        year: int = options["year"]
        agency: str = options["agency"]
        framework = (
            Framework.objects.select_related("department__ministry")
            .filter(department__code=agency, fiscal_year=year)
            .first()
        )
        if framework is None:
            raise CommandError(f"ไม่พบกรอบการประเมินของส่วนราชการ {agency!r} ปีงบประมาณ {year}")
        try:
            document = render_document(
                slug, framework, options["fmt"], thai_digits=options["digits"] == "thai"
            )
        except (UnknownDocument, PdfRenderError) as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(document.content)
        self.stdout.write(f"{output} ({len(document.content):,} ไบต์)")
