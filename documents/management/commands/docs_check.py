"""`manage.py docs_check`: every DOCX kind of a department's year, opened in LibreOffice.

    manage.py docs_check --agency onep --year 2569 [--output var/docs-check]

Writes each DOCX, LibreOffice's PDF of it and its first page as PNG to the output folder (look
at them), and fails when a number of a table is split across lines, a page number is not a
digit, a table is wider than the page, or a word of the DOCX is broken or missing in
LibreOffice's PDF or in pramoen's own PDF of the same document (documents.docs_check).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents import docs_check
from documents.management.commands.export_document import command_kinds
from documents.registry import DOCUMENTS
from frameworks.models import ReportingRound


class Command(BaseCommand):
    help = "เปิดเอกสาร Word ทุกชนิดด้วย LibreOffice แล้วตรวจว่าตัวเลขไม่ขาดบรรทัดและเลขหน้าเป็นตัวเลข"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", default="onep", help="รหัสส่วนราชการ (ค่าเริ่มต้น onep)")
        parser.add_argument("--year", type=int, default=2569, help="ปีงบประมาณ (พ.ศ.)")
        parser.add_argument("--output", default="var/docs-check", help="โฟลเดอร์ผลการตรวจ")

    def handle(self, *args: Any, **options: Any) -> None:
        if docs_check.soffice() is None:
            raise CommandError("ไม่พบ LibreOffice (soffice): ติดตั้ง libreoffice-writer-nogui")
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        agency, year = options["agency"], options["year"]
        failures: list[str] = []
        kinds = [slug for slug in command_kinds() if "docx" in DOCUMENTS[slug].formats]
        for slug in kinds:
            extra: list[str] = []
            if DOCUMENTS[slug].scope == "round":
                months = (
                    ReportingRound.objects.filter(
                        framework__department__code=agency, framework__fiscal_year=year
                    )
                    .order_by("order")
                    .values_list("months", flat=True)
                    .first()
                )
                if months is None:
                    continue
                extra = ["--round", str(months)]
            docx, own_pdf = out / f"{slug}.docx", out / f"{slug}.pramoen.pdf"
            for fmt, path in (("docx", docx), ("pdf", own_pdf)):
                call_command(
                    "export_document", slug, "--year", str(year), "--agency", agency,
                    "--format", fmt, "--output", str(path), *extra, stdout=self.stdout,
                )  # fmt: skip
            converted = docs_check.convert(docx, out)
            png = docs_check.render_first_page(converted.pdf)
            content = docx.read_bytes()
            found = docs_check.problems(content, converted)
            found += docs_check.text_problems(content, converted.lines, "LibreOffice")
            found += docs_check.text_problems(content, docs_check.pdf_lines(own_pdf), "PDF")
            failures += [f"{slug}: {problem}" for problem in found]
            self.stdout.write(f"{slug}: {'OK' if not found else f'{len(found)} problem(s)'} {png}")
        if failures:
            raise CommandError("\n".join(failures))
        self.stdout.write(f"ตรวจแล้ว {len(kinds)} ชนิด ไม่พบปัญหา")
