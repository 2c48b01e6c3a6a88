"""Document downloads (domain §10): the same files as the download links of the pages.

The subject is found through the pages' rules (404 when the caller may not see it): the
publication rule for KPI sheets, the agreement and the letter (indicators.selectors.
frameworks_readable_by, agreements.selectors.agreements_readable_by) and the department-wide
round rule for the SAR, e-SAR and executive summary (reporting.permissions.rounds_read_whole_by).
It is rendered by documents.registry.render_document; the response is the file itself (PDF or DOCX,
with the Thai file name in `Content-Disposition`).
"""

import logging
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.params import P, PathEx

from agreements.selectors import agreements_readable_by
from api.auth import caller
from api.common import MAX_ID, Text, errors
from api.errors import ApiError
from documents.chromium import PdfRenderError
from documents.registry import CONTENT_TYPES, render_document
from documents.views import MAX_OPTION_LENGTH, attachment
from indicators.selectors import frameworks_readable_by, kpis_visible_to, reads_drafts_of
from reporting.permissions import rounds_read_whole_by

router = Router(tags=["documents"])
logger = logging.getLogger(__name__)

SubjectId = PathEx[int, P(ge=1, le=MAX_ID, example=1)]
FORMATS = ("pdf", "docx")  # the DocumentQuery.format choices
BINARY = {"schema": {"type": "string", "format": "binary"}}


def _file_response(formats: tuple[str, ...]) -> dict[str, Any]:
    return {
        "responses": {
            "200": {
                "description": "ไฟล์เอกสาร (Content-Disposition: attachment)",
                "content": {CONTENT_TYPES[fmt]: BINARY for fmt in formats},
            }
        }
    }


FILE_RESPONSE = _file_response(FORMATS)


class DigitsQuery(Schema):
    # The same default as the pages' download links (documents.views.wants_thai_digits).
    digits: Literal["thai", "arabic"] = Field("thai", description="เลขไทย (ค่าเริ่มต้น) หรือเลขอารบิก")


class DocumentQuery(DigitsQuery):
    format: Literal["pdf", "docx"] = Field("pdf", description="รูปแบบไฟล์")


class WorkbookQuery(DigitsQuery):
    format: Literal["xlsx"] = Field("xlsx", description="รูปแบบไฟล์ (Excel)")


class LetterQuery(DocumentQuery):
    number: Text = Field("", max_length=MAX_OPTION_LENGTH, description="เลขที่หนังสือ (ที่)")
    to: Text = Field("", max_length=MAX_OPTION_LENGTH, description="เรียน")


def _file(
    kind: str,
    subject: Any,
    query: DocumentQuery | WorkbookQuery,
    *,
    drafts: bool = True,
    **options: str,
) -> HttpResponse:
    try:
        document = render_document(
            kind,
            subject,
            query.format,
            thai_digits=query.digits == "thai",
            drafts=drafts,
            **options,
        )
    except PdfRenderError:
        logger.exception("PDF rendering failed for %s", kind)
        raise ApiError(
            503,
            "document_unavailable",
            _("ขณะนี้สร้างไฟล์ PDF ไม่ได้ กรุณาลองใหม่ภายหลัง หรือดาวน์โหลดเป็น DOCX (format=docx)"),
            "The PDF cannot be produced right now; try later or ask for format=docx.",
        ) from None
    return attachment(document)


View = Callable[..., HttpResponse]


def _route(
    path: str, summary: str, operation_id: str, formats: tuple[str, ...] = FORMATS
) -> Callable[[View], View]:
    decorator: Callable[[View], View] = router.get(
        path,
        response=errors(404, 422, 503),
        summary=summary,
        operation_id=operation_id,
        openapi_extra=_file_response(formats),
    )
    return decorator


@_route("/documents/kpi-sheet/{kpi_id}", "รายละเอียดตัวชี้วัด (หนึ่งตัวชี้วัด)", "document_kpi_sheet")
def kpi_sheet(request: HttpRequest, query: Query[DocumentQuery], kpi_id: SubjectId) -> HttpResponse:
    kpi = get_object_or_404(kpis_visible_to(caller(request), latest_only=False), pk=kpi_id)
    return _file("kpi-sheet", kpi, query)


@_route(
    "/documents/kpi-sheets/{framework_id}",
    "รายละเอียดตัวชี้วัดทุกตัวของกรอบการประเมิน",
    "document_kpi_sheets",
)
def kpi_sheets(
    request: HttpRequest, query: Query[DocumentQuery], framework_id: SubjectId
) -> HttpResponse:
    framework = get_object_or_404(frameworks_readable_by(caller(request)), pk=framework_id)
    drafts = reads_drafts_of(caller(request), framework)
    return _file("kpi-sheets", framework, query, drafts=drafts)


@_route(
    "/documents/agreement/{framework_id}",
    "คำรับรองการปฏิบัติราชการของกรอบการประเมิน",
    "document_agreement",
)
def agreement(
    request: HttpRequest, query: Query[DocumentQuery], framework_id: SubjectId
) -> HttpResponse:
    subject = get_object_or_404(agreements_readable_by(caller(request)), framework_id=framework_id)
    return _file("agreement", subject, query)


@_route(
    "/documents/confirmation-letter/{framework_id}",
    "บันทึกยืนยันรายละเอียดตัวชี้วัด",
    "document_confirmation_letter",
)
def confirmation_letter(
    request: HttpRequest, query: Query[LetterQuery], framework_id: SubjectId
) -> HttpResponse:
    subject = get_object_or_404(agreements_readable_by(caller(request)), framework_id=framework_id)
    return _file(
        "confirmation-letter",
        subject,
        query,
        number=query.number.strip(),
        addressee=query.to.strip(),
    )


# A round's documents (domain §10): reporting.permissions.rounds_read_whole_by, as on the round
# page (department-wide roles only: not a unit's overseer or owner, not the evaluator).


@_route("/documents/sar/{round_id}", "รายงานผลการประเมินตนเอง (SAR) ของรอบการรายงาน", "document_sar")
def sar(request: HttpRequest, query: Query[DocumentQuery], round_id: SubjectId) -> HttpResponse:
    round_ = get_object_or_404(rounds_read_whole_by(caller(request)), pk=round_id)
    return _file("sar", round_, query)


@_route(
    "/documents/executive-summary/{round_id}",
    "สรุปผลสำหรับผู้บริหารของรอบการรายงาน (หนึ่งหน้า)",
    "document_executive_summary",
)
def executive_summary(
    request: HttpRequest, query: Query[DocumentQuery], round_id: SubjectId
) -> HttpResponse:
    round_ = get_object_or_404(rounds_read_whole_by(caller(request)), pk=round_id)
    return _file("executive-summary", round_, query)


@_route(
    "/documents/esar/{round_id}",
    "ข้อมูลสำหรับกรอกในระบบ e-SAR (Excel) ตามลำดับที่ระบบ e-SAR ขอ",
    "document_esar",
    formats=("xlsx",),
)
def esar(request: HttpRequest, query: Query[WorkbookQuery], round_id: SubjectId) -> HttpResponse:
    round_ = get_object_or_404(rounds_read_whole_by(caller(request)), pk=round_id)
    return _file("esar", round_, query)
