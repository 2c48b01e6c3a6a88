"""KPI pages: the framework's KPI list with the agency what-if, the KPI sheet with its
calculator, and the sheet editor. Views parse input, call one service or selector, render."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.context_processors import chosen_fiscal_year
from accounts.models import Department
from accounts.selectors import departments_visible_to
from core.numbers import parse_int
from core.transitions import TransitionError
from frameworks.models import Component, Framework
from indicators import criteria, selectors, services
from indicators.criteria import agency_whatif, max_score_for
from indicators.forms import AgencyWhatIfForm, KpiSheetForms, KpiWhatIfForm
from indicators.models import Kpi


def _actor(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


def _department(request: HttpRequest, code: str) -> Department:
    return get_object_or_404(departments_visible_to(request.user), code=code)


def _framework(department: Department, year: int) -> Framework | None:
    return (
        Framework.objects.filter(department=department, fiscal_year=year)
        .select_related("department")
        .prefetch_related("components", "result_levels")
        .first()
    )


def _visible_kpi(request: HttpRequest, pk: int) -> Kpi:
    qs = selectors.kpis_visible_to(request.user, latest_only=False)
    return get_object_or_404(selectors.kpi_with_children(qs), pk=pk)


# The list ------------------------------------------------------------------------------------


@login_required
@require_GET
def kpi_index(request: HttpRequest) -> HttpResponse:
    """The KPIs of the user's department for the active fiscal year (a chooser when the user
    sees several departments)."""
    year = chosen_fiscal_year(request)
    departments = list(departments_visible_to(request.user))
    if len(departments) == 1:
        return redirect("kpi_list", code=departments[0].code, year=year)
    with_framework = set(
        Framework.objects.filter(department__in=departments, fiscal_year=year).values_list(
            "department_id", flat=True
        )
    )
    choices = [(d, d.pk in with_framework) for d in departments]
    return render(request, "indicators/kpi_index.html", {"choices": choices, "year": year})


@dataclass
class ComponentGroup:
    component: Component
    rows: list[tuple[Kpi, bool]] = field(default_factory=list)  # (kpi, is a sub-KPI)
    total: Decimal = Decimal(0)

    @property
    def matches(self) -> bool:
        return self.total == self.component.weight


def _groups(framework: Framework, kpis: list[Kpi]) -> list[ComponentGroup]:
    groups = {c.pk: ComponentGroup(c) for c in framework.components.all()}
    subs: dict[object, list[Kpi]] = {}
    for kpi in kpis:
        if kpi.parent is not None:
            subs.setdefault(kpi.parent.key, []).append(kpi)
    for kpi in kpis:
        if kpi.parent_id is not None or kpi.component_id not in groups:
            continue
        group = groups[kpi.component_id]
        group.rows.append((kpi, False))
        group.rows.extend((sub, True) for sub in subs.pop(kpi.key, []))
        group.total += kpi.weight
    for orphans in subs.values():  # sub-KPIs whose parent is not a latest top-level KPI
        for sub in orphans:
            if sub.component_id in groups:
                groups[sub.component_id].rows.append((sub, True))
    return list(groups.values())


def _list_context(
    request: HttpRequest, department: Department, year: int, data: Any = None
) -> dict[str, Any]:
    framework = _framework(department, year)
    years = sorted(
        set(Framework.objects.filter(department=department).values_list("fiscal_year", flat=True))
        | {year},
        reverse=True,
    )
    context: dict[str, Any] = {
        "department": department,
        "year": year,
        "years": years,
        "framework": framework,
    }
    if framework is None:
        return context
    if not selectors.can_read_framework(request.user, framework):
        raise Http404  # a year's sheets before its agreement is published (issue 14 item 2)
    drafts = selectors.reads_drafts_of(request.user, framework)
    kpis = selectors.kpi_list_for_framework(framework, drafts=drafts)
    permissions = selectors.permissions_for(request.user, framework)
    top = [kpi for kpi in kpis if kpi.parent_id is None]
    max_scores = {kpi.pk: max_score_for(kpi) for kpi in top}
    form = AgencyWhatIfForm(data, kpis=top, max_scores=max_scores)
    scores = form.scores() if data is not None and form.is_valid() else {}
    groups = _groups(framework, kpis)
    context.update(
        kpis=kpis,
        groups=groups,
        grand_total=sum((group.total for group in groups), Decimal(0)),
        framework_weight=sum((group.component.weight for group in groups), Decimal(0)),
        problems=services.framework_weight_problems(framework, kpis),
        permissions=permissions,
        can_create=permissions.can_manage,
        whatif_form=form,
        whatif=agency_whatif(framework, top, scores),
    )
    return context


@login_required
@require_GET
def kpi_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    department = _department(request, code)
    return render(request, "indicators/kpi_list.html", _list_context(request, department, year))


@login_required
@require_POST
def kpi_list_whatif(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The agency what-if: live (htmx, the result block only) or a plain submit (the page)."""
    department = _department(request, code)
    context = _list_context(request, department, year, request.POST)
    if context["framework"] is None:
        return redirect("kpi_list", code=code, year=year)
    if getattr(request, "htmx", False):
        return render(request, "indicators/kpi_list.html#agency-whatif", context)
    return render(request, "indicators/kpi_list.html", context)


# The sheet -----------------------------------------------------------------------------------


def _sheet_context(request: HttpRequest, kpi: Kpi, data: Any = None) -> dict[str, Any]:
    form = KpiWhatIfForm(data, kpi=kpi)
    whatif = None
    if data is not None and form.is_valid():
        whatif = criteria.kpi_whatif(kpi, form.cleaned_data["result"], form.want())
    permissions = selectors.permissions_for(request.user, kpi.framework)
    return {
        "kpi": kpi,
        "sheet": selectors.kpi_sheet(
            kpi, drafts=selectors.reads_drafts_of(request.user, kpi.framework)
        ),
        "can_edit": permissions.can_edit(kpi),
        "can_approve": permissions.can_approve(kpi),
        "can_new_version": permissions.can_new_version(kpi),
        "can_delete": permissions.can_delete(kpi),
        "whatif_form": form,
        "whatif": whatif,
    }


@login_required
@require_GET
def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _visible_kpi(request, pk)
    return render(request, "indicators/kpi_detail.html", _sheet_context(request, kpi))


@login_required
@require_GET
def kpi_whatif(request: HttpRequest, pk: int) -> HttpResponse:
    """The KPI calculator: live (htmx, the result block only) or a plain GET (the page)."""
    kpi = _visible_kpi(request, pk)
    context = _sheet_context(request, kpi, request.GET)
    if getattr(request, "htmx", False):
        return render(request, "indicators/kpi_detail.html#kpi-whatif", context)
    return render(request, "indicators/kpi_detail.html", context)


# Editing -------------------------------------------------------------------------------------


def _render_editor(
    request: HttpRequest, sheet: KpiSheetForms, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "indicators/kpi_form.html",
        {"sheet": sheet, "framework": sheet.framework, "kpi": sheet.kpi},
        status=status,
    )


@login_required
def kpi_create(request: HttpRequest, code: str, year: int) -> HttpResponse:
    department = _department(request, code)
    framework = _framework(department, year)
    if framework is None:
        messages.error(request, _("ยังไม่มีกรอบการประเมินของปีงบประมาณ %(year)s") % {"year": year})
        return redirect("kpi_list", code=code, year=year)
    permissions = selectors.permissions_for(request.user, framework)
    if not permissions.can_manage:
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่เพิ่มตัวชี้วัดได้"))
    data = request.POST if request.method == "POST" else None
    sheet = KpiSheetForms(data, framework=framework, kpi=None, permissions=permissions)
    if data is None:
        return _render_editor(request, sheet)
    if sheet.is_valid():
        try:
            kpi = services.kpi_create(
                _actor(request), framework, **sheet.children(), **sheet.fields()
            )
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            messages.success(request, _("บันทึกตัวชี้วัด %(kpi)s แล้ว (ฉบับร่าง)") % {"kpi": kpi})
            return redirect("kpi_detail", pk=kpi.pk)
    return _render_editor(request, sheet, status=422)


@login_required
def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _visible_kpi(request, pk)
    permissions = selectors.permissions_for(request.user, kpi.framework)
    if not permissions.may_edit_content(kpi):
        raise PermissionDenied(_("ท่านแก้ไขได้เฉพาะตัวชี้วัดที่หน่วยงานของท่านรับผิดชอบ"))
    if kpi.state != Kpi.State.DRAFT:
        messages.error(request, _("ตัวชี้วัดที่อนุมัติแล้วแก้ไขไม่ได้ กรุณาสร้างฉบับใหม่"))
        return redirect("kpi_detail", pk=kpi.pk)
    data = request.POST if request.method == "POST" else None
    sheet = KpiSheetForms(data, framework=kpi.framework, kpi=kpi, permissions=permissions)
    if data is None:
        return _render_editor(request, sheet)
    if sheet.is_valid():
        revision = request.POST.get("revision", "")
        try:
            services.kpi_update(
                _actor(request),
                kpi,
                sheet.fields(),
                **sheet.children(),
                revision=parse_int(revision),
            )
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            messages.success(request, _("บันทึกการแก้ไขแล้ว"))
            return redirect("kpi_detail", pk=kpi.pk)
    return _render_editor(request, sheet, status=422)


def _run_action(request: HttpRequest, action: Any, kpi: Kpi, *args: Any, **kwargs: Any) -> Any:
    """Call a service; its Thai refusal becomes an error message on the sheet page."""
    try:
        return action(_actor(request), kpi, *args, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except TransitionError as error:
        messages.error(request, str(error))
    return None


@login_required
@require_POST
def kpi_approve(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _visible_kpi(request, pk)
    revision = request.POST.get("revision", "")
    approved = _run_action(
        request,
        services.kpi_approve,
        kpi,
        revision=parse_int(revision),
    )
    if approved is not None:
        messages.success(request, _("อนุมัติตัวชี้วัดฉบับที่ %(v)s แล้ว") % {"v": kpi.version})
    return redirect("kpi_detail", pk=kpi.pk)


@login_required
@require_POST
def kpi_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _visible_kpi(request, pk)
    new = _run_action(request, services.kpi_new_version, kpi)
    if new is None:
        return redirect("kpi_detail", pk=kpi.pk)
    messages.success(
        request,
        _("สร้างฉบับที่ %(v)s (ฉบับร่าง) แล้ว ฉบับที่ %(old)s ยังใช้บังคับจนกว่าฉบับใหม่จะได้รับอนุมัติ")
        % {"v": new.version, "old": kpi.version},
    )
    return redirect("kpi_edit", pk=new.pk)


@login_required
@require_POST
def kpi_delete(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = _visible_kpi(request, pk)
    framework = kpi.framework
    _run_action(request, services.kpi_delete_draft, kpi)
    if Kpi.objects.filter(pk=pk).exists():
        return redirect("kpi_detail", pk=pk)
    messages.success(request, _("ลบตัวชี้วัด %(kpi)s แล้ว") % {"kpi": kpi})
    return redirect("kpi_list", code=framework.department.code, year=framework.fiscal_year)
