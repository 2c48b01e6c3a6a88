"""Pages: my work, the org tree, and role assignment for a fiscal year. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.context_processors import SESSION_FISCAL_YEAR, chosen_fiscal_year
from accounts.forms import EvaluatorAssignForm, RoleAssignForm
from accounts.models import Department, OrgUnit, Role, RoleAssignment
from core.numbers import parse_year
from core.work import work_groups_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    return render(
        request,
        "accounts/home.html",
        {
            "person": selectors.person_of(request.user),
            "assignments": selectors.roles_of(request.user, year),
            "work_groups": work_groups_for(request.user),  # type: ignore[arg-type]
            "evaluating_bodies": selectors.evaluating_bodies_managed_by(request.user, year),
        },
    )


@login_required
@require_POST
def fiscal_year_choose(request: HttpRequest) -> HttpResponse:
    year = parse_year(request.POST.get("fiscal_year", ""))
    if year is not None:
        request.session[SESSION_FISCAL_YEAR] = year
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("home")
    return HttpResponseRedirect(target)


def _department(request: HttpRequest, code: str) -> Department:
    return get_object_or_404(selectors.departments_visible_to(request.user), code=code)


@login_required
def org_index(request: HttpRequest) -> HttpResponse:
    departments = list(selectors.departments_visible_to(request.user))
    if len(departments) == 1:
        return redirect("org_tree", code=departments[0].code)
    return render(request, "accounts/org_index.html", {"departments": departments})


@login_required
def org_tree(request: HttpRequest, code: str) -> HttpResponse:
    department = _department(request, code)
    units = list(department.units.all())
    people = list(department.people.select_related("unit").order_by("unit_id", "first_name_th"))
    by_unit: dict[int | None, list[object]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def branch(parent: int | None, depth: int) -> list[dict[str, object]]:
        return [
            {
                "unit": unit,
                "depth": depth,
                "people": by_unit.get(unit.pk, []),
                "children": branch(unit.pk, depth + 1),
            }
            for unit in children.get(parent, [])
        ]

    return render(
        request,
        "accounts/org_tree.html",
        {
            "department": department,
            "tree": branch(None, 0),
            "unplaced": by_unit.get(None, []),
            "people_count": len(people),
            "can_manage": selectors.can_manage_department(
                request.user, department, chosen_fiscal_year(request)
            ),
            "resets_two_factor": selectors.departments_resetting_two_factor(
                request.user, chosen_fiscal_year(request)
            )
            .filter(pk=department.pk)
            .exists(),
        },
    )


@login_required
def roles_index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    departments = list(selectors.departments_managed_by(request.user, year))
    if not departments:
        raise Http404
    if len(departments) == 1:
        return redirect("roles", code=departments[0].code, year=year)
    return render(request, "accounts/org_index.html", {"departments": departments, "year": year})


@login_required
def roles(request: HttpRequest, code: str, year: int) -> HttpResponse:
    department = _department(request, code)
    can_manage = selectors.can_manage_department(request.user, department, year)
    form = RoleAssignForm(request.POST or None, department=department)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise Http404
        status = 422
        if form.is_valid():
            try:
                assignment = services.role_assign(
                    request.user,  # type: ignore[arg-type]
                    person=form.cleaned_data["person"],
                    role=form.cleaned_data["role"],
                    fiscal_year=year,
                    department=department,
                    unit=form.cleaned_data["unit"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, _("มอบบทบาทแล้ว: %s") % assignment)
                return redirect("roles", code=code, year=year)
    assignments = list(selectors.assignments_for_department(department, year))
    groups = [(label, [a for a in assignments if a.role == value]) for value, label in Role.choices]
    return render(
        request,
        "accounts/roles.html",
        {
            "department": department,
            "year": year,
            "groups": groups,
            "count": len(assignments),
            "form": form,
            "can_manage": can_manage,
            "assigns_evaluators": selectors.can_assign_evaluators(request.user, department, year),
        },
        status=status,
    )


def _add_errors(form: RoleAssignForm | EvaluatorAssignForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_POST
def role_revoke(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    department = _department(request, code)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("department", "unit", "person"),
        pk=pk,
        department=department,
        fiscal_year=year,
    )
    if not selectors.can_manage_department(request.user, department, year):
        raise Http404
    services.role_revoke(request.user, assignment)  # type: ignore[arg-type]
    messages.success(request, _("ยกเลิกบทบาทแล้ว: %s") % assignment)
    return redirect("roles", code=code, year=year)


@login_required
@require_POST
def roles_copy(request: HttpRequest, code: str, year: int) -> HttpResponse:
    department = _department(request, code)
    if not selectors.can_manage_department(request.user, department, year):
        raise Http404
    count = services.roles_copy_from_previous_year(request.user, department, year)  # type: ignore[arg-type]
    messages.success(
        request,
        _("คัดลอกบทบาทจากปีงบประมาณ %(prev)s แล้ว %(count)s รายการ")
        % {"prev": year - 1, "count": count},
    )
    return redirect("roles", code=code, year=year)


# The evaluating body's page: its evaluators × the departments assigned to them (domain §8) ----


def _evaluating_body(request: HttpRequest, code: str, year: int) -> Department:
    """The body whose evaluators the user assigns in `year`; 404 for anyone else."""
    body = get_object_or_404(
        Department.objects.filter(kind=Department.Kind.EVALUATING_BODY), code=code
    )
    if not selectors.can_assign_evaluators(request.user, body, year):
        raise Http404
    return body


@login_required
def evaluators_index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    body = selectors.evaluating_bodies_managed_by(request.user, year).first()
    if body is None:
        raise Http404
    return redirect("evaluator_assignments", code=body.code, year=year)


@login_required
def evaluator_assignments(request: HttpRequest, code: str, year: int) -> HttpResponse:
    body = _evaluating_body(request, code, year)
    form = EvaluatorAssignForm(request.POST or None, evaluating_body=body)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                assignment = services.role_assign(
                    request.user,  # type: ignore[arg-type]
                    person=form.cleaned_data["person"],
                    role=Role.EVALUATOR,
                    fiscal_year=year,
                    department=form.cleaned_data["department"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("มอบหมาย %(person)s เป็นผู้ประเมินของ %(department)s แล้ว")
                    % {"person": assignment.person, "department": assignment.department},
                )
                return redirect("evaluator_assignments", code=code, year=year)
    return render(
        request,
        "accounts/evaluators.html",
        {
            "body": body,
            "year": year,
            "assignments": list(selectors.evaluator_assignments_of(body, year)),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def evaluator_remove(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    body = _evaluating_body(request, code, year)
    assignment = get_object_or_404(
        selectors.evaluator_assignments_of(body, year).select_related("unit"), pk=pk
    )
    services.role_revoke(request.user, assignment)  # type: ignore[arg-type]
    messages.success(
        request,
        _("ยกเลิกการมอบหมาย %(person)s เป็นผู้ประเมินของ %(department)s แล้ว")
        % {"person": assignment.person, "department": assignment.department},
    )
    return redirect("evaluator_assignments", code=code, year=year)
