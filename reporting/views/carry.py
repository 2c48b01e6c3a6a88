"""Continuing last year's KPIs (issue 17 item 6): the coordinator picks earlier KPIs to carry
into this year's framework, each becoming a draft that points at its predecessor with baselines
from the accepted 12-month results; and a draft sheet's "fill baselines" button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import departments_visible_to
from core.numbers import parse_int
from frameworks.models import Framework
from indicators import selectors as kpi_selectors
from indicators.models import Kpi
from reporting.services.baselines import kpi_fill_baselines, kpis_continue
from reporting.views._helpers import actor_of, attempt


def _framework_managed(request: HttpRequest, code: str, year: int) -> Framework:
    department = get_object_or_404(departments_visible_to(request.user), code=code)
    framework = get_object_or_404(Framework, department=department, fiscal_year=year)
    if not kpi_selectors.can_read_framework(request.user, framework):
        raise Http404
    if not kpi_selectors.permissions_for(request.user, framework).can_manage:
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่เพิ่มตัวชี้วัดได้"))
    return framework


@login_required
@require_http_methods(["GET", "POST"])
def kpis_continue_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    framework = _framework_managed(request, code, year)
    earlier = Framework.objects.filter(
        department=framework.department, fiscal_year__lt=framework.fiscal_year
    ).order_by("-fiscal_year")
    chosen = parse_int(request.GET.get("from", ""))
    source = next((f for f in earlier if f.fiscal_year == chosen), None) or earlier.first()
    taken = set(
        Kpi.objects.filter(framework=framework, predecessor__isnull=False).values_list(
            "predecessor__key", flat=True
        )
    )
    candidates = (
        sorted(kpi_selectors.kpi_list_for_framework(source), key=kpi_selectors.kpi_sort_key)
        if source is not None
        else []
    )
    if request.method == "POST":
        wanted = {parse_int(v) for v in request.POST.getlist("kpi")}
        picked = [k for k in candidates if k.pk in wanted]
        if not picked:
            messages.error(request, _("กรุณาเลือกตัวชี้วัดอย่างน้อยหนึ่งตัว"))
        elif (
            created := attempt(request, lambda: kpis_continue(actor_of(request), framework, picked))
        ) is not None:
            messages.success(
                request,
                _("คัดลอกตัวชี้วัด %(count)s ตัวเป็นฉบับร่างของปีงบประมาณ %(year)s แล้ว")
                % {"count": len(created), "year": framework.fiscal_year},
            )
            return redirect("kpi_list", code=code, year=year)
    rows = [(k, k.key in taken) for k in candidates]
    return render(
        request,
        "reporting/kpis_continue.html",
        {"framework": framework, "source": source, "earlier": earlier, "rows": rows},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def kpi_baselines_fill(request: HttpRequest, pk: int) -> HttpResponse:
    qs = kpi_selectors.kpis_visible_to(request.user, latest_only=False)
    kpi = get_object_or_404(qs.select_related("framework", "predecessor__framework"), pk=pk)
    if attempt(request, lambda: kpi_fill_baselines(actor_of(request), kpi)) is not None:
        messages.success(request, _("เติมข้อมูลพื้นฐานจากผลรอบ 12 เดือนของปีก่อนแล้ว"))
    return redirect("kpi_detail", pk=kpi.pk)
