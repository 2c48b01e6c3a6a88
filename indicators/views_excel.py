"""Excel pages for a framework's KPI sheets: template, export and import (domain §10).

Anyone who can see the department may download the empty template; the export carries the KPI
sheets, so it follows indicators.selectors.frameworks_readable_by (staff: once the agreement is
published). Only the coordinator may import (the service checks; the page refuses early so
nobody fills in a form they cannot send).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.selectors import can_manage_department, departments_visible_to
from core.forms import SizeLimitedFileInput
from frameworks.models import Framework
from indicators import selectors
from indicators.excel import (
    ImportResult,
    export_framework_kpis,
    import_framework_kpis,
    template_workbook,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KpiImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ไฟล์ Excel (.xlsx)"),
        widget=SizeLimitedFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


def _framework(request: HttpRequest, framework_id: int) -> Framework:
    visible = Framework.objects.filter(department__in=departments_visible_to(request.user))
    return get_object_or_404(visible.select_related("department"), pk=framework_id)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def kpi_excel_template(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id)
    name = f"kpi-template-{framework.department.code}-{framework.fiscal_year}.xlsx"
    return _xlsx(template_workbook(framework), name)


@login_required
@require_GET
def kpi_excel_export(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = get_object_or_404(selectors.frameworks_readable_by(request.user), pk=framework_id)
    name = f"kpis-{framework.department.code}-{framework.fiscal_year}.xlsx"
    drafts = selectors.reads_drafts_of(request.user, framework)
    return _xlsx(export_framework_kpis(framework, drafts=drafts), name)


def _success_message(result: ImportResult) -> str:
    return (
        _(
            "นำเข้าตัวชี้วัดเรียบร้อย: สร้างใหม่ %(created)s ตัวชี้วัด ปรับปรุงฉบับร่าง %(updated)s "
            "ตัวชี้วัด (รายการข้อมูล %(data_items)s ระดับคะแนน %(levels)s ข้อมูลพื้นฐาน %(baselines)s "
            "สิ่งที่ต้องรายงานรายรอบ %(round_expectations)s รายการ)"
        )
        % result.counts
    )


@login_required
def kpi_excel_import(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id)
    if not can_manage_department(request.user, framework.department, framework.fiscal_year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่นำเข้าตัวชี้วัดได้"))
    form = KpiImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_framework_kpis(request.user, framework, upload, filename=upload.name)
        if result.ok:
            messages.success(request, _success_message(result))
            return redirect("kpi_excel_import", framework_id=framework.pk)
    return render(
        request,
        "indicators/excel_import.html",
        {"framework": framework, "form": form, "result": result},
    )
