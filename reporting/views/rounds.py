"""Rounds: the list for the year, the round's review page, opening and closing, and "My
updates"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.context_processors import chosen_fiscal_year
from core.numbers import parse_int
from core.transitions import TransitionError
from frameworks.models import ReportingRound
from indicators.filters import KpiFilterForm
from notifications.nudges import nudge_result_message
from reporting import permissions, selectors, services
from reporting.forms import PresentationForm, RoundOpenForm
from reporting.models import ExecutivePresentation, Submission
from reporting.results import agency_round_total, round_results
from reporting.selectors import submission_for_page
from reporting.services.coordination import is_past_due
from reporting.views._helpers import actor_of, attempt, show_refusal


@login_required
@require_GET
def my_updates(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_updates(request.user)
    return render(
        request, "reporting/my_updates.html", {"rows": rows, "today": timezone.localdate()}
    )


@login_required
@require_GET
def rounds_index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    groups = selectors.rounds_for(request.user, year)
    return render(request, "reporting/rounds.html", {"groups": groups, "year": year})


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    return round_page(request, round_)


def round_page(
    request: HttpRequest,
    round_: ReportingRound,
    *,
    presentation_form: PresentationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The round page; a refused presentation form comes back bound, with what was typed."""
    submissions = selectors.round_submissions(request.user, round_)
    can_manage = permissions.can_coordinate(request.user, round_)
    # Unit, owner, state and component (indicators.filters), over the rows already read.
    filter_form = KpiFilterForm(
        request.GET, kpis=[s.kpi for s in submissions], states=Submission.State.choices
    )
    chosen = filter_form.chosen()
    state_filter = chosen.state or ""
    shown = [s for s in submissions if chosen.matches(s.kpi, s.state)]
    counts = {value: 0 for value in Submission.State.values}
    for submission in submissions:
        counts[submission.state] += 1
    whole_round = permissions.reads_whole_round(request.user, round_)
    total = None
    if whole_round:
        total = agency_round_total(round_, round_results(round_))
    context = {
        # What waits for the coordinator leads the page (issue 16 item 3).
        "waiting": [s for s in submissions if s.state == Submission.State.OVERSEER_APPROVED]
        if can_manage
        else [],
        "late": services.late_people(round_) if can_manage else [],
        "past_due": can_manage and is_past_due(round_),
        "nudge_hours": settings.PRAMOEN_NUDGE_HOURS,
        "overdue_days": (timezone.localdate() - round_.due_date).days,
        # The coordinator sees every report of the round: what closing would lock unaccepted.
        "unaccepted": len(submissions) - counts[Submission.State.ACCEPTED],
        "round": round_,
        "framework": round_.framework,
        "state": permissions.round_state_of(round_),
        "submissions": shown,
        "all_count": len(submissions),
        "counts": [(value, label, counts[value]) for value, label in Submission.State.choices],
        "state_filter": state_filter,
        "filter_form": filter_form,
        "filtered": chosen.active,
        "shown_count": len(shown),
        "can_manage": can_manage,
        "total": total,
        "open_form": RoundOpenForm(),
        # The SAR, e-SAR and executive summary, and the record of presenting them.
        "can_print": whole_round,
        "presentations": list(
            ExecutivePresentation.objects.filter(round=round_).select_related("recorded_by__person")
        ),
        "presentation_form": presentation_form or PresentationForm(),
    }
    return render(request, "reporting/round_detail.html", context, status=status)


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    form = RoundOpenForm(request.POST)
    days = form.cleaned_data["appeal_days"] if form.is_valid() else None
    attempt(
        request,
        lambda: services.round_open(actor_of(request), round_, appeal_days=days),
        success=_("เปิดรอบการรายงานแล้ว ระบบแจ้งผู้รับผิดชอบตัวชี้วัดทุกคนพร้อมกำหนดส่ง"),
    )
    return redirect("reporting:round_detail", pk=round_.pk)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the round; while reports are not all accepted, the first POST answers with how many
    and a confirm button, and only a POST with `confirm` closes."""
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    version = request.POST.get("version")
    try:
        services.round_close(
            actor_of(request),
            round_,
            expected_version=parse_int(version),
            confirmed=request.POST.get("confirm") == "1",
        )
    except services.RoundCloseUnconfirmedError as error:
        return render(
            request,
            "reporting/round_close_confirm.html",
            {"round": round_, "unaccepted": error.unaccepted, "version": version},
        )
    except (ValidationError, TransitionError) as error:
        show_refusal(request, error, None)
    else:
        messages.success(request, _("ปิดรอบการรายงานแล้ว รายงานทุกฉบับถูกล็อก"))
    return redirect("reporting:round_detail", pk=round_.pk)


def _checked_items(request: HttpRequest) -> list[tuple[int, int | None]]:
    """The (report id, version seen) pairs ticked in the waiting table."""
    items = []
    for value in request.POST.getlist("selected"):
        pk = parse_int(value)
        if pk is not None:
            items.append((pk, parse_int(request.POST.get(f"version-{pk}"))))
    return items


@login_required
@require_POST
def round_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The waiting table: accept one (`accept=<id>`), accept the ticked ones (`accept_selected`),
    or return one with its comment (`return=<id>`, `comment-<id>`)."""
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    actor = actor_of(request)
    back = redirect(reverse("reporting:round_detail", args=[round_.pk]) + "#waiting-h")
    returned = parse_int(request.POST.get("return"))
    if returned is not None:
        submission = get_object_or_404(
            submission_for_page(request.user).filter(round=round_), pk=returned
        )
        attempt(
            request,
            lambda: services.submission_return(
                actor,
                submission,
                comment=request.POST.get(f"comment-{returned}", ""),
                expected_version=parse_int(request.POST.get(f"version-{returned}")),
            ),
            success=_("ส่งรายงานกลับให้แก้ไขแล้ว"),
        )
        return back
    one = parse_int(request.POST.get("accept"))
    if one is not None:
        items = [(one, parse_int(request.POST.get(f"version-{one}")))]
    else:
        items = _checked_items(request)
    accepted = attempt(request, lambda: services.submissions_accept_many(actor, round_, items))
    if accepted:
        messages.success(request, _("ตรวจรับรายงานแล้ว %(n)s ฉบับ") % {"n": len(accepted)})
    return back


@login_required
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Send reminder" to one late person (`person=<user id>`) or to every late person."""
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    person = parse_int(request.POST.get("person"))
    result = attempt(
        request,
        lambda: services.round_remind_late(actor_of(request), round_, user_id=person),
    )
    if result is not None:
        messages.success(request, nudge_result_message(result))
    return redirect(reverse("reporting:round_detail", args=[round_.pk]) + "#late-h")


@login_required
@require_POST
def round_settings(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("ระยะเวลาอุทธรณ์ต้องอยู่ระหว่าง 1 ถึง 365 วัน"))
    else:
        attempt(
            request,
            lambda: services.round_update_settings(
                actor_of(request), round_, appeal_days=form.cleaned_data["appeal_days"]
            ),
            success=_("บันทึกระยะเวลาอุทธรณ์แล้ว"),
        )
    return redirect("reporting:round_detail", pk=round_.pk)
