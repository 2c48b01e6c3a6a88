"""OPDC's evaluator console, the evaluating body's progress page and the scores workbook
(issue 18 item 3). The rules are in reporting.evaluation (over accounts.selectors); a user they
do not let in gets a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.context_processors import chosen_fiscal_year
from accounts.models import Department
from accounts.selectors import (
    can_assign_evaluators,
    departments_evaluated_by,
    evaluating_bodies_managed_by,
)
from core.spreadsheets.write import XLSX_TYPE
from reporting import evaluation


@login_required
@require_GET
def console_index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    if not departments_evaluated_by(request.user, year).exists():
        raise Http404
    return redirect("reporting:evaluation", year=year)


@login_required
@require_GET
def console(request: HttpRequest, year: int) -> HttpResponse:
    view = evaluation.evaluator_console(request.user, year)
    if view is None:
        raise Http404
    return render(
        request,
        "reporting/evaluation.html",
        {
            "view": view,
            "year": year,
            "years": evaluation.evaluator_years(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def scores_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    departments = evaluation.evaluation_departments(request.user, year)
    if not departments.exists():
        raise Http404
    rows = evaluation.score_rows(departments, year)
    response = HttpResponse(evaluation.scores_xlsx(rows, year), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="evaluation-scores-{year}.xlsx"'
    return response


@login_required
@require_GET
def progress_index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    body = evaluating_bodies_managed_by(request.user, year).first()
    if body is None:
        raise Http404
    return redirect("reporting:evaluation_progress", code=body.code, year=year)


@login_required
@require_GET
def progress(request: HttpRequest, code: str, year: int) -> HttpResponse:
    body = get_object_or_404(
        Department.objects.filter(kind=Department.Kind.EVALUATING_BODY), code=code
    )
    if not can_assign_evaluators(request.user, body, year):
        raise Http404
    return render(
        request,
        "reporting/evaluation_progress.html",
        {"body": body, "year": year, "evaluators": evaluation.evaluation_progress(body, year)},
    )
