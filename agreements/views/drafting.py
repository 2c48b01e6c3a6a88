"""Step 1 pages: guidelines, briefing, data requests, the draft KPI set and the committee."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors, services
from agreements.forms import (
    BriefingForm,
    CommentForm,
    DataRequestForm,
    DataResponseForm,
    GuidelineForm,
    ResolutionForm,
)
from agreements.models import Agreement
from agreements.services.drafting import can_answer
from agreements.terms import framework_kpis, total_weight
from agreements.views._helpers import actor_of, attempt, base_context, form_action, get_agreement
from agreements.workflow import AGREEMENT_WORKFLOW
from core.numbers import parse_int
from notifications.nudges import nudge_result_message

S = Agreement.State


def _drafting_context(request: HttpRequest, agreement: Agreement, **forms: Any) -> dict[str, Any]:
    department = agreement.framework.department
    kpis = framework_kpis(agreement.framework)
    return {
        **base_context(request, agreement, "drafting"),
        "guidelines": selectors.guidelines_of(agreement),
        "briefings": selectors.briefings_of(agreement),
        "requests": selectors.data_requests_of(agreement),
        "kpis": kpis,
        "kpi_total": sum((k.weight for k in kpis), start=0),
        "guideline_form": forms.get("guideline_form") or GuidelineForm(),
        "briefing_form": forms.get("briefing_form")
        or BriefingForm(initial={"held_on": timezone.localdate()}),
        "request_form": forms.get("request_form") or DataRequestForm(department=department),
        "today": timezone.localdate(),
    }


@login_required
def drafting(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    return render(request, "agreements/drafting.html", _drafting_context(request, agreement))


@login_required
@require_POST
def guideline_upload(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    form = GuidelineForm(request.POST, request.FILES)
    return form_action(
        request,
        form,
        lambda data: services.guideline_upload(
            actor_of(request), agreement, upload=data["file"], title=data["title"]
        ),
        success=_("อัปโหลดเอกสารแล้ว"),
        done=lambda: redirect("agreements:drafting", code=code, year=year),
        page=lambda: render(
            request,
            "agreements/drafting.html",
            _drafting_context(request, agreement, guideline_form=form),
        ),
    )


@login_required
@require_POST
def briefing_new(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    form = BriefingForm(request.POST, request.FILES)
    return form_action(
        request,
        form,
        lambda data: services.briefing_record(
            actor_of(request),
            agreement,
            held_on=data["held_on"],
            title=data["title"],
            attendees=data["attendees"],
            minutes=data["minutes"],
            uploads=data["attachments"],
        ),
        success=_("บันทึกการประชุมชี้แจงแล้ว"),
        done=lambda: redirect("agreements:drafting", code=code, year=year),
        page=lambda: render(
            request,
            "agreements/drafting.html",
            _drafting_context(request, agreement, briefing_form=form),
        ),
    )


@login_required
@require_POST
def data_request_new(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    form = DataRequestForm(request.POST, department=agreement.framework.department)
    return form_action(
        request,
        form,
        lambda data: services.data_request_create(actor_of(request), agreement, **data),
        success=_("ส่งคำขอข้อมูลแล้ว"),
        done=lambda: redirect("agreements:drafting", code=code, year=year),
        page=lambda: render(
            request,
            "agreements/drafting.html",
            _drafting_context(request, agreement, request_form=form),
        ),
    )


@login_required
def data_request(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    item = selectors.data_request_detail(agreement, pk)
    if item is None:
        raise Http404
    may_answer = can_answer(actor_of(request), item)
    form = DataResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_answer:
            raise Http404
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.data_request_respond(
                    actor_of(request),
                    item,
                    text=form.cleaned_data["text"],
                    uploads=form.cleaned_data["attachments"],
                ),
                success=_("ส่งข้อมูลแล้ว"),
                form=form,
            )
            if done is not None:
                return redirect("agreements:data_request", code=code, year=year, pk=pk)
    return render(
        request,
        "agreements/data_request.html",
        {
            **base_context(request, agreement, "drafting"),
            "item": item,
            "form": form,
            "may_answer": may_answer and not agreement.is_locked,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def data_requests_remind(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Remind one division (`request=<id>`) or every division that has not answered."""
    agreement = get_agreement(request, code, year, internal=True)
    one = parse_int(request.POST.get("request"))
    result = attempt(
        request,
        lambda: services.data_requests_remind(actor_of(request), agreement, request_id=one),
    )
    if result is not None:
        messages.success(request, nudge_result_message(result))
    return redirect(reverse("agreements:drafting", kwargs={"code": code, "year": year}) + "#req-h")


@login_required
@require_POST
def submit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    attempt(
        request,
        lambda: services.agreement_submit_to_committee(actor_of(request), agreement),
        success=_("เสนอร่างตัวชี้วัดต่อคณะกรรมการแล้ว"),
    )
    return redirect("agreements:drafting", code=code, year=year)


@login_required
@require_POST
def reopen(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    attempt(
        request,
        lambda: services.agreement_reopen(actor_of(request), agreement),
        success=_("นำร่างกลับมาแก้ไขแล้ว"),
    )
    return redirect("agreements:drafting", code=code, year=year)


def _committee_context(
    request: HttpRequest, agreement: Agreement, resolution_form: ResolutionForm | None = None
) -> dict[str, Any]:
    context = base_context(request, agreement, "committee")
    may_resolve = context["may"][S.COMMITTEE_APPROVED]
    return {
        **context,
        "review": selectors.committee_review(agreement),
        "snapshot_total": total_weight(agreement.submitted_snapshot),
        "may_comment": may_resolve,
        "resolution_form": resolution_form
        or (
            ResolutionForm(initial={"meeting_date": timezone.localdate()}) if may_resolve else None
        ),
        "transitions": AGREEMENT_WORKFLOW.available(agreement, request.user),
    }


@login_required
def committee(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: services.committee_comment_add(
                    actor_of(request),
                    agreement,
                    text=form.cleaned_data["text"],
                    kpi_key=form.cleaned_data["kpi_key"],
                ),
                success=_("บันทึกความเห็นแล้ว"),
            )
        else:
            from django.contrib import messages

            messages.error(request, _("กรุณากรอกความเห็น"))
        anchor = f"#kpi-{form.data.get('kpi_key')}" if form.data.get("kpi_key") else "#general"
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request,
                "agreements/committee.html#review",
                _committee_context(request, agreement),
            )
        return redirect(f"{request.path}{anchor}")
    return render(request, "agreements/committee.html", _committee_context(request, agreement))


@login_required
@require_POST
def resolve(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    form = ResolutionForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.committee_resolve(actor_of(request), agreement, **data),
        success=_("บันทึกมติคณะกรรมการแล้ว"),
        done=lambda: redirect("agreements:committee", code=code, year=year),
        page=lambda: render(
            request,
            "agreements/committee.html",
            _committee_context(request, agreement, resolution_form=form),
        ),
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agreement = get_agreement(request, code, year, internal=True)
    attachment = get_object_or_404(agreement.attachments, pk=pk)
    attempt(
        request,
        lambda: services.attachment_delete(actor_of(request), attachment) or True,  # type: ignore[func-returns-value]
        success=_("ลบเอกสารแล้ว"),
    )
    return redirect("agreements:drafting", code=code, year=year)
