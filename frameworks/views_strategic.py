"""Pages of the Strategic KPI list (issue 17 item 4): read by everyone who sees KPIs; added,
edited and imported from Excel by its maintainers (frameworks.selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.context_processors import chosen_fiscal_year
from frameworks import strategic_kpis
from frameworks.forms import StrategicKpiForm, StrategicKpiUploadForm
from frameworks.models import StrategicKpi
from frameworks.selectors import can_maintain_strategic_kpis, can_read_strategic_kpis

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _readable(request: HttpRequest) -> int:
    year = chosen_fiscal_year(request)
    if not can_read_strategic_kpis(request.user, year):
        raise Http404
    return year


@login_required
def strategic_kpi_list(request: HttpRequest) -> HttpResponse:
    year = _readable(request)
    can_maintain = can_maintain_strategic_kpis(request.user, year)
    form = StrategicKpiUploadForm(request.POST or None, request.FILES or None)
    problems: list[object] = []
    status = 200
    if request.method == "POST":
        if not can_maintain:
            raise PermissionDenied(_("เฉพาะผู้ประสานงานของสำนักงาน ก.พ.ร. หรือผู้ดูแลระบบเท่านั้น"))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = strategic_kpis.strategic_kpis_import(
                    request.user, year, upload, filename=upload.name
                )
            except strategic_kpis.StrategicKpiImportError as error:
                problems = list(error.problems)
            else:
                messages.success(
                    request,
                    _("นำเข้าแล้ว: เพิ่ม %(created)s แก้ไข %(updated)s ไม่เปลี่ยน %(unchanged)s")
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("strategic_kpi_list")
        status = 422
    return render(
        request,
        "frameworks/strategic_kpi_list.html",
        {
            "items": list(StrategicKpi.objects.all()),
            "can_maintain": can_maintain,
            "form": form,
            "problems": problems,
        },
        status=status,
    )


def _edit(request: HttpRequest, instance: StrategicKpi | None) -> HttpResponse:
    year = _readable(request)
    if not can_maintain_strategic_kpis(request.user, year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของสำนักงาน ก.พ.ร. หรือผู้ดูแลระบบเท่านั้น"))
    form = StrategicKpiForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                strategic_kpis.strategic_kpi_save(
                    request.user, year, form.cleaned_data, instance=instance
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("บันทึก Strategic KPI แล้ว"))
                return redirect("strategic_kpi_list")
        status = 422
    return render(
        request,
        "frameworks/strategic_kpi_form.html",
        {"form": form, "item": instance},
        status=status,
    )


@login_required
def strategic_kpi_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def strategic_kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _readable(request)
    return _edit(request, get_object_or_404(StrategicKpi, pk=pk))


@login_required
@require_GET
def strategic_kpi_template(request: HttpRequest) -> HttpResponse:
    _readable(request)
    response = HttpResponse(strategic_kpis.strategic_kpis_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="strategic-kpis-template.xlsx"'
    return response
