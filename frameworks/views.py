"""Pages: framework list, detail, create, edit; the strategy lineage and its Excel import.

Views stay thin: parse the form, call one selector or service, render or redirect. What a user
may not see is a 404; what they may see but not change is a 403 (PermissionDenied).
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.context_processors import chosen_fiscal_year
from accounts.selectors import can_manage_department, departments_visible_to
from core.transitions import TransitionError
from frameworks import lineage_import, selectors, services
from frameworks.forms import COPY, FrameworkCreateForm, FrameworkEditForms, LineageUploadForm
from frameworks.models import Framework, PlanTree

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HISTORY_LABELS = {
    "frameworks.framework.created": gettext_lazy("สร้างจากแม่แบบ"),
    "frameworks.framework.copied": gettext_lazy("คัดลอกจากปีก่อน"),
    "frameworks.framework.updated": gettext_lazy("แก้ไข"),
    "frameworks.framework.activated": gettext_lazy("เริ่มใช้งาน"),
    "frameworks.framework.reopened": gettext_lazy("เปลี่ยนกลับเป็นร่าง"),
}


def _form_errors(form: FrameworkCreateForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    frameworks = list(selectors.framework_list_for(request.user))
    managed = selectors.managed_department_ids(request.user, year)
    groups = [
        (items[0].department, items)
        for items in (list(g) for _id, g in groupby(frameworks, key=lambda f: f.department_id))
    ]
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "groups": groups,
            "year": year,
            "has_year": any(f.fiscal_year == year for f in frameworks),
            "can_create": managed is None or bool(managed),
            "departments": list(departments_visible_to(request.user)),
        },
    )


@login_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(selectors.framework_detail_queryset(request.user), pk=pk)
    can_manage = can_manage_department(request.user, framework.department, framework.fiscal_year)
    components = list(framework.components.all())
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "components": components,
            "weight_total": sum(c.weight for c in components),
            "result_levels": sorted(framework.result_levels.all(), key=lambda c: -c.min_total),
            "rounds": list(framework.rounds.all()),
            "steps": list(framework.steps.all()),
            "can_manage": can_manage,
            "problems": selectors.framework_problems(framework) if can_manage else [],
            "history": [
                (event, HISTORY_LABELS.get(event.action, event.action))
                for event in (selectors.framework_history(framework) if can_manage else [])
            ],
        },
    )


@login_required
def framework_create(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    departments = selectors.departments_for_create(request.user, year)
    if not departments.exists():
        raise PermissionDenied(_("เฉพาะผู้ประสานงานหรือผู้ดูแลระบบของส่วนราชการเท่านั้น"))
    if selectors.has_framework_for_each(departments, year):
        year += 1  # this year is done: offer the next one
    form = FrameworkCreateForm(request.POST or None, departments=departments, year=year)
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data["department"]
        fiscal_year = form.cleaned_data["fiscal_year"]
        name = form.cleaned_data["name_th"]
        try:
            if form.cleaned_data["source"] == COPY:
                source = selectors.previous_framework(department, fiscal_year)
                if source is None:
                    raise ValidationError(
                        {"source": _("ไม่พบกรอบการประเมินของปีก่อนหน้าให้คัดลอก กรุณาเลือกแม่แบบ")}
                    )
                framework = services.framework_copy(
                    request.user, source, fiscal_year=fiscal_year, name_th=name
                )
            else:
                framework = services.framework_create_from_template(
                    request.user,
                    department=department,
                    fiscal_year=fiscal_year,
                    template=form.cleaned_data["source"],
                    name_th=name,
                )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("สร้างกรอบการประเมินแล้ว ตรวจสอบและแก้ไขได้ในหน้านี้"))
            return redirect("framework_edit", pk=framework.pk)
    return render(
        request,
        "frameworks/framework_create.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def framework_edit(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(selectors.framework_detail_queryset(request.user), pk=pk)
    services.require_manager(request.user, framework.department, framework.fiscal_year)
    if framework.state != Framework.State.DRAFT:
        messages.info(request, _("กรอบการประเมินนี้ใช้งานอยู่ ให้เปลี่ยนกลับเป็นร่างก่อนแก้ไข"))
        return redirect("framework_detail", pk=pk)
    forms = FrameworkEditForms(framework, request.POST or None)
    status = 200
    if request.method == "POST":
        add_row = request.POST.get("add_row", "")
        if add_row:
            forms.with_extra_row(add_row)
        elif forms.is_valid():
            try:
                services.framework_update(
                    request.user,
                    framework,
                    forms.changes(),
                    expected_version=forms.expected_version,
                )
            except ValidationError as error:
                forms.add_service_errors(error)
                status = 422
            else:
                messages.success(request, _("บันทึกกรอบการประเมินแล้ว"))
                return redirect("framework_detail", pk=pk)
        else:
            status = 422
    return render(
        request,
        "frameworks/framework_edit.html",
        {"framework": framework, "forms": forms, "has_errors": status == 422},
        status=status,
    )


@login_required
@require_POST
def framework_state(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    framework = get_object_or_404(selectors.framework_detail_queryset(request.user), pk=pk)
    change = {"activate": services.framework_activate, "reopen": services.framework_reopen}
    if action not in change:
        return redirect("framework_detail", pk=pk)
    try:
        change[action](request.user, framework)
    except (ValidationError, TransitionError) as error:
        detail = error.messages if isinstance(error, ValidationError) else [str(error)]
        messages.error(request, " ".join([_("ยังเปลี่ยนสถานะไม่ได้:"), *detail]))
    else:
        done = _("เริ่มใช้กรอบการประเมินแล้ว") if action == "activate" else _("เปลี่ยนกลับเป็นร่างแล้ว")
        messages.success(request, done)
    return redirect("framework_detail", pk=pk)


# --- Strategy lineage -----------------------------------------------------------------------


@login_required
def lineage_index(request: HttpRequest) -> HttpResponse:
    departments = list(departments_visible_to(request.user))
    if len(departments) == 1:
        target = reverse("lineage", kwargs={"code": departments[0].code})
        query = request.GET.urlencode()  # the tab (?tree=) goes along
        return redirect(f"{target}?{query}" if query else target)
    return render(request, "frameworks/lineage_index.html", {"departments": departments})


@login_required
def lineage(request: HttpRequest, code: str) -> HttpResponse:
    """The department's plan trees, a tab per tree (`?tree=`, issue 17 item 5; none = every
    tree), and the Excel import, of one tree or of any."""
    department = get_object_or_404(departments_visible_to(request.user), code=code)
    year = chosen_fiscal_year(request)
    can_import = can_manage_department(request.user, department, year)
    shown = request.GET.get("tree", "")
    groups = selectors.plan_tree_groups(department)
    if shown and shown not in {group.tree for group in groups}:
        shown = ""
    form = LineageUploadForm(request.POST or None, request.FILES or None, initial={"tree": shown})
    problems: list[lineage_import.RowProblem] = []
    status = 200
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied(_("เฉพาะผู้ประสานงานหรือผู้ดูแลระบบของส่วนราชการนี้เท่านั้น"))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            tree = form.cleaned_data["tree"] or None
            try:
                result = lineage_import.plan_items_import(
                    request.user, department, year, upload, filename=upload.name, tree=tree
                )
            except lineage_import.LineageImportError as error:
                problems = error.problems
            else:
                messages.success(
                    request,
                    _("นำเข้าแล้ว: เพิ่ม %(created)s แก้ไข %(updated)s ใช้รายการเดิม %(reused)s")
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "reused": result.reused,
                    },
                )
                if result.kept_names:
                    messages.info(
                        request,
                        _("รายการระดับชาติที่มีอยู่แล้วไม่ถูกเปลี่ยนชื่อ: %s") % ", ".join(result.kept_names),
                    )
                target = reverse("lineage", kwargs={"code": code})
                return redirect(f"{target}?tree={tree}" if tree else target)
        status = 422
    return render(
        request,
        "frameworks/lineage.html",
        {
            "department": department,
            "groups": groups,
            "shown": shown,
            "total": sum(group.count for group in groups),
            "can_import": can_import,
            "form": form,
            "problems": problems,
        },
        status=status,
    )


@login_required
@require_GET
def lineage_template(request: HttpRequest) -> HttpResponse:
    """The import template, of one plan tree with `?tree=` (its levels and examples only)."""
    tree = request.GET.get("tree") or None
    if tree is not None and tree not in PlanTree.values:
        raise Http404
    response = HttpResponse(lineage_import.lineage_template_xlsx(tree), content_type=XLSX)
    name = f"lineage-template-{tree}.xlsx" if tree else "lineage-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
