"""Export a document of one department's fiscal year to a file.

    python manage.py export_document kpi-sheets --year 2569 --agency onep --format pdf \
        --output var/kpi-sheets.pdf [--digits thai|arabic]
    python manage.py export_document confirmation-letter --year 2569 --agency onep \
        --format docx --output var/memo.docx [--number "ทส 1009/123"] [--to "เลขาธิการ ก.พ.ร."]
    python manage.py export_document sar --year 2569 --agency onep --round 6 --format pdf \
        --output var/sar.pdf     (also executive-summary; esar with --format xlsx)

The bytes come from documents.registry.render_document, the same call the download views make.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agreements.content import agreement_for_document
from agreements.models import Agreement
from documents.chromium import PdfRenderError
from documents.registry import (
    CONTENT_TYPES,
    DOCUMENTS,
    UnknownDocument,
    render_document,
)
from frameworks.models import Framework, ReportingRound

# Subjects the command can find from --agency and --year (and --round).
COMMAND_SCOPES = ("framework", "agreement", "round")


def command_kinds() -> list[str]:
    """Kinds the command can export: those whose subject is a department's framework, its
    agreement or one of its reporting rounds."""
    return sorted(slug for slug, kind in DOCUMENTS.items() if kind.scope in COMMAND_SCOPES)


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
            help="pdf, docx หรือ xlsx (ตามที่เอกสารแต่ละชนิดมี)",
        )
        parser.add_argument("--output", required=True, help="ไฟล์ที่จะเขียน")
        parser.add_argument(
            "--digits",
            choices=["thai", "arabic"],
            default="thai",
            help="ตัวเลขไทย (ค่าเริ่มต้น) หรือตัวเลขอารบิก",
        )
        parser.add_argument(
            "--round",
            dest="months",
            type=int,
            default=None,
            help="รอบการรายงาน เป็นจำนวนเดือน เช่น 6 หรือ 12 (สำหรับ sar, esar, executive-summary)",
        )
        parser.add_argument("--number", default="", help="เลขที่หนังสือ (ที่) ของบันทึกข้อความ")
        parser.add_argument(
            "--to", dest="addressee", default="", help="เรียน (ค่าเริ่มต้น: เลขาธิการ ก.พ.ร.)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["kind"]
        if slug not in command_kinds():
            raise CommandError(
                f"ไม่รู้จักเอกสารชนิด {slug!r} สำหรับคำสั่งนี้ (ที่มี: {', '.join(command_kinds())})"
            )
        year: int = options["year"]
        agency: str = options["agency"]
        kind = DOCUMENTS[slug]
        subject: object
        if kind.scope == "agreement":
            subject = self._agreement(agency, year)
        elif kind.scope == "round":
            subject = self._round(agency, year, options["months"])
        else:
            subject = self._framework(agency, year)
        extra = {option: options[option] for option in kind.options}
        try:
            document = render_document(
                slug,
                subject,
                options["fmt"],
                thai_digits=options["digits"] == "thai",
                **extra,
            )
        except (UnknownDocument, PdfRenderError) as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(document.content)
        self.stdout.write(f"{output} ({len(document.content):,} ไบต์)")

    def _framework(self, agency: str, year: int) -> Framework:
        framework = (
            Framework.objects.select_related("department__ministry")
            .filter(department__code=agency, fiscal_year=year)
            .first()
        )
        if framework is None:
            raise CommandError(f"ไม่พบกรอบการประเมินของส่วนราชการ {agency!r} ปีงบประมาณ {year}")
        return framework

    def _round(self, agency: str, year: int, months: int | None) -> ReportingRound:
        if months is None:
            raise CommandError("เอกสารนี้เป็นของรอบการรายงาน กรุณาระบุ --round เช่น --round 6")
        framework = self._framework(agency, year)
        found = (
            ReportingRound.objects.select_related("framework__department__ministry")
            .filter(framework=framework, months=months)
            .order_by("order", "period_end")
            .first()
        )
        if found is None:
            months_known = ", ".join(
                str(m) for m in framework.rounds.order_by("order").values_list("months", flat=True)
            )
            raise CommandError(
                f"ไม่พบรอบ {months} เดือน ในกรอบการประเมินของ {agency!r} ปีงบประมาณ {year} "
                f"(มีรอบ: {months_known or 'ยังไม่มีรอบ'})"
            )
        return found

    def _agreement(self, agency: str, year: int) -> Agreement:
        try:
            return agreement_for_document(agency, year)
        except Agreement.DoesNotExist as error:
            raise CommandError(str(error)) from error
