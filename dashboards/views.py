"""Pages of the dashboards app: executive dashboard, KPI drill-down, traffic-light rule,
ministry roll-up (+ XLSX) and the public page. Thin: access → selector → render."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.context_processors import chosen_fiscal_year
from core.numbers import parse_id
from dashboards import figures
from dashboards.access import dashboard_access, departments_with_dashboard, ministries_visible_to
from dashboards.forms import TrafficLightRuleForm
from dashboards.history import kpi_history
from dashboards.meeting_pack import meeting_pack_pdf
from dashboards.ministry import ministry_view, ministry_xlsx, parse_sort
from dashboards.public import public_agreement, public_page
from dashboards.selectors import dashboard, framework_for, stored_rule
from dashboards.services import traffic_light_rule_update
from documents.chromium import PdfRenderError
from documents.views import attachment
from frameworks.lights import default_rule
from indicators.models import Kpi

logger = logging.getLogger(__name__)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    departments = list(departments_with_dashboard(request.user, year))
    if len(departments) == 1:
        return redirect("dashboards:department", code=departments[0].code, year=year)
    return render(
        request, "dashboards/index.html", {"departments": departments, "fiscal_year": year}
    )


@login_required
@require_GET
def department(request: HttpRequest, code: str, year: int) -> HttpResponse:
    dept = get_object_or_404(departments_with_dashboard(request.user, year), code=code)
    access = dashboard_access(request.user, dept, year)
    data = dashboard(dept, year, access, parse_id(request.GET.get("round")))
    context: dict[str, object] = {"department": dept, "fiscal_year": year, "data": data}
    if data is not None:
        context.update(figures.dashboard_figures(data))
    return render(request, "dashboards/department.html", context)


@login_required
@require_GET
def meeting_pack(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The dashboard as a PDF for the executives' meeting: whoever reads the dashboard, as they
    see it (the round of `?round=`, internal follow-up only for the department's own)."""
    dept = get_object_or_404(departments_with_dashboard(request.user, year), code=code)
    access = dashboard_access(request.user, dept, year)
    data = dashboard(dept, year, access, parse_id(request.GET.get("round")))
    if data is None:
        raise Http404("no framework or round to print")
    try:
        document = meeting_pack_pdf(data)
    except PdfRenderError as error:
        logger.exception("meeting pack PDF failed for %s %s", code, year)
        return render(request, "documents/unavailable.html", {"error": error}, status=503)
    return attachment(document)


@login_required
@require_http_methods(["GET", "POST"])
def rule(request: HttpRequest, code: str, year: int) -> HttpResponse:
    dept = get_object_or_404(departments_with_dashboard(request.user, year), code=code)
    access = dashboard_access(request.user, dept, year)
    framework = framework_for(dept, year)
    if framework is None or not access.manage:
        raise Http404("no rule to edit")
    stored = stored_rule(framework)
    initial = {
        "green_min_score": stored.green_min_score if stored else None,
        "amber_min_score": stored.amber_min_score if stored else None,
    }
    form = TrafficLightRuleForm(request.POST or None, initial=initial)
    back = reverse("dashboards:department", kwargs={"code": code, "year": year})
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, AbstractBaseUser)
        try:
            traffic_light_rule_update(
                user,
                framework,
                green_min=form.cleaned_data["green_min_score"],
                amber_min=form.cleaned_data["amber_min_score"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("บันทึกเกณฑ์สัญญาณไฟแล้ว"))
            return redirect(back)
    return render(
        request,
        "dashboards/rule.html",
        {
            "department": dept,
            "fiscal_year": year,
            "framework": framework,
            "form": form,
            "default": default_rule(framework),
            "back": back,
        },
    )


@login_required
@require_GET
def kpi(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Kpi.objects.select_related(
            "framework__department", "component", "responsible_unit", "overseer"
        ).prefetch_related("levels"),
        pk=pk,
    )
    framework = item.framework
    access = dashboard_access(request.user, framework.department, framework.fiscal_year)
    if not access.view:
        raise Http404("not visible")
    history = kpi_history(request.user, item, internal=access.internal)
    return render(
        request,
        "dashboards/kpi.html",
        {"kpi": item, "history": history, "framework": framework, "access": access},
    )


@login_required
@require_GET
def ministry_index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    ministries = list(ministries_visible_to(request.user, year))
    if len(ministries) == 1:
        return redirect("dashboards:ministry", code=ministries[0].code, year=year)
    return render(
        request, "dashboards/ministry_index.html", {"ministries": ministries, "fiscal_year": year}
    )


@login_required
@require_GET
def ministry(request: HttpRequest, code: str, year: int) -> HttpResponse:
    item = get_object_or_404(ministries_visible_to(request.user, year), code=code)
    view = ministry_view(request.user, item, year, parse_sort(request.GET.get("sort")))
    columns = [
        ("name", _("ส่วนราชการ"), ""),
        ("total", _("คะแนนรวมรอบล่าสุด"), "num"),
        ("forecast", _("คาดการณ์ ณ สิ้นปี"), "num"),
        ("risk", _("ตัวชี้วัดที่ต้องติดตาม"), "num"),
    ]
    return render(
        request,
        "dashboards/ministry.html",
        {
            "view": view,
            "sort_options": [
                ("name", _("ชื่อส่วนราชการ (ก–ฮ)")),
                ("-total", _("คะแนนรวมรอบล่าสุด (มากไปน้อย)")),
                ("-forecast", _("คาดการณ์ ณ สิ้นปี (มากไปน้อย)")),
                ("forecast", _("คาดการณ์ ณ สิ้นปี (น้อยไปมาก)")),
                ("-risk", _("ตัวชี้วัดที่ต้องติดตาม (มากไปน้อย)")),
            ],
            "columns": [
                {
                    "key": key,
                    "label": label,
                    "css": css,
                    "param": view.sort.toggled(key),
                    "active": view.sort.key == key,
                    "descending": view.sort.descending,
                }
                for key, label, css in columns
            ],
        },
    )


@login_required
@require_GET
def ministry_export(request: HttpRequest, code: str, year: int) -> HttpResponse:
    item = get_object_or_404(ministries_visible_to(request.user, year), code=code)
    view = ministry_view(request.user, item, year, parse_sort(request.GET.get("sort")))
    response = HttpResponse(
        ministry_xlsx(view),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ministry-{item.code}-{year}.xlsx"'
    return response


@require_GET
def public(request: HttpRequest, code: str, year: int | None = None) -> HttpResponse:
    """No login: the department's public page, 404 unless published to the public."""
    page = public_page(public_agreement(code, year))
    return render(request, "dashboards/public.html", {"page": page, "content": page.content})
