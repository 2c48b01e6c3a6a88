"""Bulk results of a round: the file to fill in (XLSX or CSV) and the import page (issue 8
item 4). The service (reporting.services.imports) decides; these views only carry the file."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from core.forms import SizeLimitedFileInput
from frameworks.models import ReportingRound
from reporting import selectors
from reporting.results_io import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from reporting.services.imports import (
    ImportOutcome,
    can_import,
    file_submissions,
    results_import,
    template_lines,
)
from reporting.views._helpers import actor_of

ACCEPT = f".xlsx,.csv,{XLSX_TYPE},text/csv"


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ไฟล์ผลการดำเนินงาน (.xlsx หรือ .csv)"),
        widget=SizeLimitedFileInput(attrs={"accept": ACCEPT}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("ตรวจสอบอย่างเดียว ยังไม่นำเข้า"),
        required=False,
    )


def _round(request: HttpRequest, pk: int) -> ReportingRound:
    return get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)


def file_name(round_: ReportingRound, extension: str) -> str:
    framework = round_.framework
    return (
        f"results-{framework.department.code}-{framework.fiscal_year}-{round_.months}m.{extension}"
    )


def results_file_response(round_: ReportingRound, request: HttpRequest, kind: str) -> HttpResponse:
    lines = template_lines(file_submissions(actor_of(request), round_))
    if kind == "csv":
        response = HttpResponse(csv_bytes(lines), content_type=CSV_TYPE)
    else:
        kind = "xlsx"
        title = f"{round_.name_th} {round_.framework.fiscal_year}"
        response = HttpResponse(xlsx_bytes(lines, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(round_, kind)}"'
    return response


@login_required
@require_GET
def results_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's results, one row per data item, of the reports the user may see."""
    return results_file_response(_round(request, pk), request, request.GET.get("format", "xlsx"))


def outcome_message(outcome: ImportOutcome) -> str:
    changed = len(outcome.changed)
    saved = ngettext("ปรับปรุงรายงาน %(n)s ตัวชี้วัด", "ปรับปรุงรายงาน %(n)s ตัวชี้วัด", changed) % {
        "n": changed
    }
    same = ngettext("ไม่เปลี่ยนแปลง %(n)s แถว", "ไม่เปลี่ยนแปลง %(n)s แถว", outcome.unchanged) % {
        "n": outcome.unchanged
    }
    if outcome.dry_run:
        return _("ตรวจแล้ว ไม่พบข้อผิดพลาด ยังไม่ได้บันทึก: ถ้านำเข้าจะ%(saved)s (%(same)s)") % {
            "saved": saved,
            "same": same,
        }
    return _("นำเข้าผลการดำเนินงานแล้ว: %(saved)s (%(same)s) รายงานยังเป็นฉบับร่าง กรุณาตรวจแล้วกดส่ง") % {
        "saved": saved,
        "same": same,
    }


@login_required
def results_import_page(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    outcome: ImportOutcome | None = None
    allowed = can_import(actor_of(request), round_)
    if request.method == "POST" and allowed and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = results_import(
            actor_of(request),
            round_,
            upload,
            filename=upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
        if outcome.ok and not outcome.dry_run:
            messages.success(request, outcome_message(outcome))
            return redirect("reporting:my_updates")
    status = 422 if outcome is not None and not outcome.ok else 200
    if request.method == "POST" and not allowed:
        status = 403
    return render(
        request,
        "reporting/results_import.html",
        {
            "round": round_,
            "framework": round_.framework,
            "form": form,
            "outcome": outcome,
            "allowed": allowed,
            "summary": outcome_message(outcome) if outcome is not None and outcome.ok else "",
        },
        status=status,
    )
