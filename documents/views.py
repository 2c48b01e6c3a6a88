"""Downloads of documents (domain §10). Thin: find the subject through the pages' rule (404 when
the user may not see it), render through documents.registry, send as an attachment.

- KPI sheets, the agreement and the confirmation letter: the publication rule
  (indicators.selectors.frameworks_readable_by; staff once the agreement is published);
- the SAR, e-SAR and executive summary: reporting.permissions.rounds_read_whole_by (the
  department-wide roles of the round's year).

The SAR, the executive summary and the KPI sheets also have a button that has the task worker
build them (`*_build`, `job_status`, `job_file`; documents.background): the same rule, applied
to the job's subject by documents.selectors.job_readable_by.
"""

from __future__ import annotations

import logging
import uuid
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from agreements.selectors import agreements_readable_by
from documents.background import BACKGROUND_FORMATS, document_job_request, job_subject
from documents.builders.sar import sar_document
from documents.chromium import PdfRenderError
from documents.layouts.esar import esar_fields
from documents.models import BuiltDocument
from documents.registry import (
    CONTENT_TYPES,
    DocumentOptions,
    FileName,
    RenderedDocument,
    UnknownDocument,
    document_kind,
    render_document,
)
from documents.selectors import job_readable_by
from frameworks.models import Framework, ReportingRound
from indicators.selectors import frameworks_readable_by, kpis_visible_to, reads_drafts_of
from reporting.permissions import rounds_read_whole_by

logger = logging.getLogger(__name__)


def wants_thai_digits(request: HttpRequest) -> bool:
    """`?digits=arabic` (or `digits=arabic` in a POST) turns Thai digits off; documents use
    them by default (domain §2)."""
    return request.POST.get("digits", request.GET.get("digits", "thai")) != "arabic"


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
    response["Content-Disposition"] = disposition(document.ascii_name, document.thai_name)
    response["Content-Length"] = str(len(document.content))
    return response


def disposition(ascii_name: str, thai_name: str) -> str:
    # An ASCII name for old clients plus the Thai name as RFC 5987 UTF-8 `filename*`.
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(thai_name, safe='')}"


# Built in the background (documents.background; issue 19 item 4) -------------------------------
#
# POST …/build/ starts (or finds) the job and answers its status: the fragment for htmx, else a
# redirect to the status page. The status fragment polls itself while the job is queued or
# building; once ready it links the stored file.

# kind → (the build URL's name, its subject keyword)
BUILD_URLS = {
    "sar": ("document_sar_build", "round_id"),
    "executive-summary": ("document_executive_summary_build", "round_id"),
    "kpi-sheets": ("document_kpi_sheets_build", "framework_id"),
}


def _check_background_format(fmt: str) -> None:
    if fmt not in BACKGROUND_FORMATS:
        raise Http404("ไม่มีเอกสารในรูปแบบนี้")


@login_required
@require_POST
def sar_build(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    _check_background_format(fmt)
    round_ = get_object_or_404(rounds_read_whole_by(request.user), pk=round_id)
    return _start(request, "sar", round_, fmt, drafts=True)


@login_required
@require_POST
def executive_summary_build(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    _check_background_format(fmt)
    round_ = get_object_or_404(rounds_read_whole_by(request.user), pk=round_id)
    return _start(request, "executive-summary", round_, fmt, drafts=True)


@login_required
@require_POST
def kpi_sheets_build(request: HttpRequest, framework_id: int, fmt: str) -> HttpResponse:
    _check_background_format(fmt)
    framework = get_object_or_404(frameworks_readable_by(request.user), pk=framework_id)
    drafts = reads_drafts_of(request.user, framework)
    return _start(request, "kpi-sheets", framework, fmt, drafts=drafts)


def _start(
    request: HttpRequest,
    kind: str,
    subject: ReportingRound | Framework,
    fmt: str,
    *,
    drafts: bool,
) -> HttpResponse:
    assert request.user.is_authenticated
    options = DocumentOptions(thai_digits=wants_thai_digits(request), drafts=drafts)
    job = document_job_request(request.user, kind, subject, fmt, options)
    if request.htmx:  # type: ignore[attr-defined]
        return _status_response(request, job, fragment=True)
    return redirect("document_job_status", pk=job.pk)


def _readable_job(request: HttpRequest, pk: int) -> BuiltDocument:
    job = get_object_or_404(BuiltDocument, pk=pk)
    if not job_readable_by(request.user, job):
        raise Http404("ไม่พบเอกสารนี้")
    return job


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a document job stands: the fragment (htmx polling) or a page around it."""
    job = _readable_job(request, pk)
    return _status_response(request, job, fragment=bool(request.htmx))  # type: ignore[attr-defined]


def _status_response(request: HttpRequest, job: BuiltDocument, *, fragment: bool) -> HttpResponse:
    build_name, keyword = BUILD_URLS[job.kind]
    context = {
        "job": job,
        "label": _JOB_LABELS.get(job.kind, job.kind),
        "build_url": reverse(build_name, kwargs={keyword: job.subject_id, "fmt": job.format}),
        "digits": "thai" if job.thai_digits else "arabic",
        "error_text": gettext(job.error) if job.error else "",
    }
    template = "documents/_job_status.html" if fragment else "documents/job_status.html"
    return render(request, template, context)


_JOB_LABELS = {
    "sar": gettext_lazy("รายงาน SAR"),
    "executive-summary": gettext_lazy("สรุปสำหรับผู้บริหาร"),
    "kpi-sheets": gettext_lazy("รายละเอียดตัวชี้วัด"),
}


@login_required
@require_GET
def job_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored file of a ready job, under the same name the synchronous download gives."""
    job = _readable_job(request, pk)
    if job.state != BuiltDocument.State.READY or not job.file:
        raise Http404("เอกสารยังไม่พร้อม")
    subject = job_subject(job)
    if subject is None:
        raise Http404("ไม่พบเอกสารนี้")
    name: FileName = document_kind(job.kind).file_name(subject)
    response = FileResponse(job.file.open("rb"), content_type=CONTENT_TYPES[job.format])
    response["Content-Disposition"] = disposition(
        f"{name.ascii}.{job.format}", f"{name.thai}.{job.format}"
    )
    if job.file_size:
        response["Content-Length"] = str(job.file_size)
    return response


# The e-SAR copy page (issue 6 item 7): per KPI, in OPDC's order, each text block OPDC's
# e-SAR site asks for in a read-only text area with a copy button (static/js/esar.js). Without
# JavaScript the buttons stay hidden and the text areas are selectable as they are.
#
# Who may open it: the people who read the round's department-wide documents
# (reporting.permissions.rounds_read_whole_by); everyone else gets a 404.


@login_required
@require_GET
def esar_page(request: HttpRequest, pk: int) -> HttpResponse:
    """`?kpi=<key>` picks the KPI (the first one by default); `?digits=arabic` as documents."""
    round_ = get_object_or_404(rounds_read_whole_by(request.user), pk=pk)
    thai = wants_thai_digits(request)
    doc = sar_document(round_, thai_digits=thai)
    kpis = doc.kpis
    chosen = request.GET.get("kpi", "")
    index = 0
    if chosen:
        try:
            key = uuid.UUID(chosen)
        except ValueError:
            raise Http404("ไม่พบตัวชี้วัดนี้ในรอบการรายงาน") from None
        keys = [kpi.key for kpi in kpis]
        if key not in keys:
            raise Http404("ไม่พบตัวชี้วัดนี้ในรอบการรายงาน")
        index = keys.index(key)
    kpi = kpis[index] if kpis else None
    context = {
        "round": round_,
        "framework": round_.framework,
        "doc": doc,
        "kpis": kpis,
        "kpi": kpi,
        "fields": esar_fields(kpi) if kpi else (),
        "previous": kpis[index - 1] if kpi and index > 0 else None,
        "next": kpis[index + 1] if kpi and index + 1 < len(kpis) else None,
        "position": index + 1,
        "digits": "thai" if thai else "arabic",
    }
    return render(request, "documents/esar_page.html", context)
