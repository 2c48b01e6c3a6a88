"""The cycle overview, its settings and holidays, the history, and file downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.context_processors import chosen_fiscal_year
from accounts.selectors import can_manage_department, departments_visible_to
from agreements import selectors, services
from agreements.forms import (
    EmblemForm,
    HolidayForm,
    MemoForm,
    SettingsForm,
    StartForm,
    parties_from,
    party_formset,
)
from agreements.history import history_rows
from agreements.models import AgreementParty, Holiday
from agreements.services.parties import parties_of
from agreements.timeline import cycle_steps
from agreements.views._helpers import actor_of, attempt, base_context, get_agreement
from core.fiscal import FiscalYear
from core.media import serve_stored_file
from frameworks.models import Framework


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The nav entry: the user's department's cycle in the active fiscal year."""
    year = chosen_fiscal_year(request)
    departments = list(selectors.departments_in_cycle(request.user, year))
    if len(departments) == 1:
        return redirect("agreements:cycle", code=departments[0].code, year=year)
    return render(request, "agreements/index.html", {"departments": departments, "year": year})


def _cycle_or_start(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """No agreement yet: the coordinator may start the cycle; everyone else gets 404."""
    department = get_object_or_404(departments_visible_to(request.user), code=code)
    if not can_manage_department(request.user, department, year):
        raise Http404
    framework = Framework.objects.filter(department=department, fiscal_year=year).first()
    form = StartForm(request.POST or None, initial={"started_on": FiscalYear(year).start})
    if request.method == "POST" and framework is not None and form.is_valid():
        started = attempt(
            request,
            lambda: services.agreement_start(
                actor_of(request),
                framework,
                started_on=form.cleaned_data["started_on"],
                day_basis=form.cleaned_data["day_basis"],
            ),
            success=_("เริ่มรอบคำรับรองแล้ว"),
            form=form,
        )
        if started is not None:
            return redirect("agreements:cycle", code=code, year=year)
    return render(
        request,
        "agreements/start.html",
        {"department": department, "year": year, "framework": framework, "form": form},
    )


@login_required
def cycle(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = (
        selectors.agreements_visible_to(request.user)
        .filter(framework__department__code=code, framework__fiscal_year=year)
        .first()
    )
    if agreement is None:
        return _cycle_or_start(request, code, year)
    return render(
        request,
        "agreements/cycle.html",
        {**base_context(request, agreement, "cycle"), "steps": cycle_steps(agreement)},
    )


@login_required
def settings_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    context = base_context(request, agreement, "settings")
    if not context["perms"].coordinator:
        raise Http404
    initial = {
        "started_on": agreement.started_on,
        "day_basis": agreement.day_basis,
        "negotiation_due": agreement.negotiation_due,
    }
    is_settings = request.method == "POST" and "save_settings" in request.POST
    is_holiday = request.method == "POST" and "add_holiday" in request.POST
    is_memo = request.method == "POST" and "save_memo" in request.POST
    is_emblem = request.method == "POST" and "upload_emblem" in request.POST
    form = SettingsForm(request.POST if is_settings else None, initial=initial)
    holiday_form = HolidayForm(request.POST if is_holiday else None)
    memo_form = MemoForm(
        request.POST if is_memo else None,
        initial={"memo_number": agreement.memo_number, "memo_addressee": agreement.memo_addressee},
    )
    emblem_form = EmblemForm(request.POST if is_emblem else None, request.FILES or None)
    department = agreement.framework.department
    if is_memo and memo_form.is_valid():
        saved = attempt(
            request,
            lambda: services.agreement_update_memo(
                actor_of(request), agreement, **memo_form.cleaned_data
            ),
            success=_("บันทึกเลขที่และผู้รับบันทึกข้อความแล้ว"),
            form=memo_form,
        )
        if saved is not None:
            return redirect("agreements:settings", code=code, year=year)
    if is_emblem and emblem_form.is_valid():
        uploaded = attempt(
            request,
            lambda: account_services.department_emblem_upload(
                actor_of(request), department, year, emblem_form.cleaned_data["emblem"]
            ),
            success=_("บันทึกตราครุฑแล้ว"),
            form=emblem_form,
        )
        if uploaded is not None:
            return redirect("agreements:settings", code=code, year=year)
    if is_settings and form.is_valid():
        done = attempt(
            request,
            lambda: services.agreement_update_settings(
                actor_of(request),
                agreement,
                **form.cleaned_data,
            ),
            success=_("บันทึกการตั้งค่าแล้ว"),
            form=form,
        )
        if done is not None:
            return redirect("agreements:settings", code=code, year=year)
    if is_holiday and holiday_form.is_valid():
        done_holiday = attempt(
            request,
            lambda: services.holiday_add(
                actor_of(request),
                department,
                **holiday_form.cleaned_data,
            ),
            success=_("เพิ่มวันหยุดแล้ว"),
            form=holiday_form,
        )
        if done_holiday is not None:
            return redirect("agreements:settings", code=code, year=year)
    fy = FiscalYear(year)
    holidays = Holiday.objects.filter(department=department, date__gte=fy.start, date__lte=fy.end)
    return render(
        request,
        "agreements/settings.html",
        {
            **context,
            "form": form,
            "holiday_form": holiday_form,
            "holidays": holidays,
            "memo_form": memo_form,
            "emblem_form": emblem_form,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def parties(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The givers and receivers of the agreement (issue 17 item 7): the coordinator's."""
    agreement = get_agreement(request, code, year, internal=True)
    context = base_context(request, agreement, "settings")
    if not context["perms"].coordinator:
        raise Http404
    data = request.POST if request.method == "POST" else None
    Side = AgreementParty.Side
    givers = party_formset(data, Side.GIVER, parties_of(agreement, Side.GIVER))
    receivers = party_formset(data, Side.RECEIVER, parties_of(agreement, Side.RECEIVER))
    if data is not None and givers.is_valid() and receivers.is_valid():
        saved = attempt(
            request,
            lambda: services.agreement_parties_update(
                actor_of(request),
                agreement,
                givers=parties_from(givers),
                receivers=parties_from(receivers),
            ),
            success=_("บันทึกคู่คำรับรองแล้ว"),
        )
        if saved is not None:
            return redirect("agreements:parties", code=code, year=year)
    return render(
        request,
        "agreements/parties.html",
        {
            **context,
            "sides": ((Side.RECEIVER, receivers), (Side.GIVER, givers)),
            "has_errors": data is not None and not (givers.is_valid() and receivers.is_valid()),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def holiday_delete(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    holiday = get_object_or_404(Holiday, pk=pk, department=agreement.framework.department)
    attempt(
        request,
        lambda: services.holiday_delete(actor_of(request), holiday) or True,  # type: ignore[func-returns-value]
        success=_("ลบวันหยุดแล้ว"),
    )
    return redirect("agreements:settings", code=code, year=year)


@login_required
def history(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    return render(
        request,
        "agreements/history.html",
        {**base_context(request, agreement, "history"), "rows": history_rows(agreement)},
    )


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    return serve_stored_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


def public(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The public page of a published agreement (no login)."""
    agreement = get_object_or_404(
        selectors.public_agreements(),
        framework__department__code=code,
        framework__fiscal_year=year,
    )
    from agreements.content import agreement_content

    return render(
        request,
        "agreements/public.html",
        {"agreement": agreement, "content": agreement_content(agreement)},
    )
