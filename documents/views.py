"""Downloads of documents (domain §10). Thin: find the subject through the pages' rule (404 when
the user may not see it), render through documents.registry, send as an attachment.

- KPI sheets, the agreement and the confirmation letter: the publication rule
  (indicators.selectors.frameworks_readable_by; staff once the agreement is published);
- the SAR, e-SAR and executive summary: reporting.permissions.rounds_read_whole_by (the
  department-wide roles of the round's year).
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from agreements.selectors import agreements_readable_by
from documents.chromium import PdfRenderError
from documents.registry import (
    CONTENT_TYPES,
    RenderedDocument,
    UnknownDocument,
    document_kind,
    render_document,
)
from indicators.selectors import frameworks_readable_by, kpis_visible_to, reads_drafts_of
from reporting.permissions import rounds_read_whole_by

logger = logging.getLogger(__name__)


def wants_thai_digits(request: HttpRequest) -> bool:
    """`?digits=arabic` turns Thai digits off; documents use them by default (domain §2)."""
    return request.GET.get("digits", "thai") != "arabic"


@login_required
@require_GET
def kpi_sheet(request: HttpRequest, kpi_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    kpi = get_object_or_404(kpis_visible_to(request.user, latest_only=False), pk=kpi_id)
    return _download(request, "kpi-sheet", kpi, fmt)


@login_required
@require_GET
def kpi_sheets(request: HttpRequest, framework_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    framework = get_object_or_404(frameworks_readable_by(request.user), pk=framework_id)
    drafts = reads_drafts_of(request.user, framework)
    return _download(request, "kpi-sheets", framework, fmt, drafts=drafts)


@login_required
@require_GET
def agreement(request: HttpRequest, framework_id: int, fmt: str) -> HttpResponse:
    """The performance agreement of a framework (คำรับรองการปฏิบัติราชการ)."""
    _check_format(fmt)
    subject = get_object_or_404(agreements_readable_by(request.user), framework_id=framework_id)
    return _download(request, "agreement", subject, fmt)


@login_required
@require_GET
def confirmation_letter(request: HttpRequest, framework_id: int, fmt: str) -> HttpResponse:
    """The confirmation memo; `?number=` fills in its ที่, `?to=` its เรียน."""
    _check_format(fmt)
    subject = get_object_or_404(agreements_readable_by(request.user), framework_id=framework_id)
    return _download(request, "confirmation-letter", subject, fmt)


@login_required
@require_GET
def sar(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    """The round's Self Assessment Report (PDF or DOCX)."""
    _check_format(fmt)
    round_ = get_object_or_404(rounds_read_whole_by(request.user), pk=round_id)
    return _download(request, "sar", round_, fmt)


@login_required
@require_GET
def executive_summary(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    """The round's one-page summary for the executives (PDF or DOCX)."""
    _check_format(fmt)
    round_ = get_object_or_404(rounds_read_whole_by(request.user), pk=round_id)
    return _download(request, "executive-summary", round_, fmt)


@login_required
@require_GET
def esar(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    """The round's e-SAR-ready workbook (XLSX)."""
    _check_format(fmt)
    round_ = get_object_or_404(rounds_read_whole_by(request.user), pk=round_id)
    return _download(request, "esar", round_, fmt)


def _check_format(fmt: str) -> None:
    if fmt not in CONTENT_TYPES:
        raise Http404("ไม่มีเอกสารในรูปแบบนี้")


# Query parameters of the options a kind reads (registry.DocumentKind.options).
OPTION_PARAMETERS = {"number": "number", "addressee": "to"}
MAX_OPTION_LENGTH = 200


def _options(request: HttpRequest, kind: str) -> dict[str, str]:
    return {
        option: request.GET.get(OPTION_PARAMETERS[option], "").strip()[:MAX_OPTION_LENGTH]
        for option in document_kind(kind).options
    }


def _download(
    request: HttpRequest, kind: str, subject: object, fmt: str, *, drafts: bool = True
) -> HttpResponse:
    try:
        document = render_document(
            kind,
            subject,
            fmt,
            thai_digits=wants_thai_digits(request),
            drafts=drafts,
            **_options(request, kind),
        )
    except UnknownDocument:
        raise Http404("ไม่มีเอกสารนี้ในรูปแบบที่ขอ") from None
    except PdfRenderError as error:
        logger.exception("PDF rendering failed for %s", kind)
        return render(request, "documents/unavailable.html", {"error": error}, status=503)
    return attachment(document)


def attachment(document: RenderedDocument) -> HttpResponse:
    response = HttpResponse(document.content, content_type=document.content_type)
    # An ASCII name for old clients plus the Thai name as RFC 5987 UTF-8 `filename*`.
    response["Content-Disposition"] = (
        f'attachment; filename="{document.ascii_name}"; '
        f"filename*=UTF-8''{quote(document.thai_name, safe='')}"
    )
    response["Content-Length"] = str(len(document.content))
    return response
