"""Step 3 pages: verification, signature, circulation and acknowledgements, publication, the
intranet page, and amendments after signing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.context_processors import chosen_fiscal_year
from agreements import selectors, services
from agreements.checklist import checklist_passes, verification_checklist
from agreements.content import agreement_content
from agreements.forms import AmendmentForm, DecideForm, PublishForm, ScanForm, SignForm
from agreements.models import Agreement, Amendment
from agreements.views._helpers import actor_of, attempt, base_context, form_action, get_agreement
from agreements.workflow import AMENDMENT_FLOW
from core.numbers import parse_int
from notifications.nudges import nudge_result_message

S = Agreement.State


# Documents the documents app may provide for an agreement's framework, by URL name (domain §10).
DOCUMENTS = (
    ("document_kpi_sheets", _lazy("รายละเอียดตัวชี้วัด")),
    ("document_agreement", _lazy("คำรับรองการปฏิบัติราชการ")),
    ("document_confirmation_letter", _lazy("หนังสือยืนยันรายละเอียดตัวชี้วัด")),
)


def document_links(agreement: Agreement) -> list[tuple[str, list[tuple[str, str]]]]:
    """(label, [(format, url)]) for each document whose download page exists."""
    links = []
    for name, label in DOCUMENTS:
        try:
            urls = [
                (
                    fmt.upper(),
                    reverse(name, kwargs={"framework_id": agreement.framework_id, "fmt": fmt}),
                )
                for fmt in ("pdf", "docx")
            ]
        except NoReverseMatch:
            continue
        links.append((str(label), urls))
    return links


def _signing_context(
    request: HttpRequest, agreement: Agreement, *, sign_form: SignForm | None = None
) -> dict[str, Any]:
    checks = verification_checklist(agreement) if agreement.state == S.AGREED else []
    acks = selectors.acknowledgements_of(agreement)
    return {
        **base_context(request, agreement, "signing"),
        "checks": checks,
        "checks_pass": checklist_passes(checks) if checks else False,
        "sign_form": sign_form or SignForm(initial={"signed_on": timezone.localdate()}),
        "scan_form": ScanForm(),
        "publish_form": PublishForm(initial={"public": agreement.public}),
        "acks": acks,
        "acked": sum(1 for a in acks if a.acknowledged_at),
        "scans": selectors.signed_scans_of(agreement),
        "content": agreement_content(agreement),
        "kpi_links": selectors.kpi_links(request.user, agreement),
        "documents": document_links(agreement),
    }


@login_required
def signing(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    return render(request, "agreements/signing.html", _signing_context(request, agreement))


def _post(request: HttpRequest, code: str, year: int, call: Any, success: str) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    attempt(request, lambda: call(actor_of(request), agreement), success=success)
    return redirect("agreements:signing", code=code, year=year)


@login_required
@require_POST
def lock_kpis(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _post(request, code, year, services.agreement_lock_kpis, _("อนุมัติรายละเอียดตัวชี้วัดทุกตัวแล้ว"))


@login_required
@require_POST
def sign(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    form = SignForm(request.POST, request.FILES)
    return form_action(
        request,
        form,
        lambda data: services.agreement_sign(
            actor_of(request), agreement, signed_on=data["signed_on"], scan=data["scan"]
        ),
        success=_("ลงนามคำรับรองแล้ว"),
        done=lambda: redirect("agreements:signing", code=code, year=year),
        page=lambda: render(
            request, "agreements/signing.html", _signing_context(request, agreement, sign_form=form)
        ),
    )


@login_required
@require_POST
def scan_upload(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: services.signed_scan_upload(
                actor_of(request),
                agreement,
                upload=form.cleaned_data["file"],
            ),
            success=_("แนบสำเนาคำรับรองแล้ว"),
        )
    else:
        messages.error(request, _("กรุณาเลือกไฟล์"))
    return redirect("agreements:signing", code=code, year=year)


@login_required
@require_POST
def acknowledgements_remind(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Remind one person (`person=<id>`) or everyone who has not acknowledged the agreement."""
    agreement = get_agreement(request, code, year)
    person = parse_int(request.POST.get("person"))
    result = attempt(
        request,
        lambda: services.acknowledgements_remind(actor_of(request), agreement, person_id=person),
    )
    if result is not None:
        messages.success(request, nudge_result_message(result))
    return redirect(reverse("agreements:signing", kwargs={"code": code, "year": year}) + "#circ-h")


@login_required
@require_POST
def circulate(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _post(request, code, year, services.agreement_circulate, _("แจ้งเวียนคำรับรองแล้ว"))


@login_required
@require_POST
def publish(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    form = PublishForm(request.POST)
    form.is_valid()
    attempt(
        request,
        lambda: services.agreement_publish(
            actor_of(request),
            agreement,
            public=bool(form.cleaned_data.get("public")),
        ),
        success=_("เผยแพร่คำรับรองแล้ว"),
    )
    return redirect("agreements:signing", code=code, year=year)


@login_required
@require_POST
def unpublish_public(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _post(
        request,
        code,
        year,
        services.agreement_unpublish_public,
        _("ยกเลิกการเผยแพร่ต่อสาธารณะแล้ว"),
    )


# The intranet page ---------------------------------------------------------------------------


def _published(request: HttpRequest, code: str, year: int) -> Agreement:
    return get_object_or_404(
        selectors.published_agreements_visible_to(request.user),
        framework__department__code=code,
        framework__fiscal_year=year,
    )


@login_required
def intranet_index(request: HttpRequest) -> HttpResponse:
    year = chosen_fiscal_year(request)
    published = list(
        selectors.published_agreements_visible_to(request.user).order_by(
            "-framework__fiscal_year", "framework__department__name_th"
        )
    )
    this_year = [a for a in published if a.framework.fiscal_year == year]
    if len(this_year) == 1:
        agreement = this_year[0]
        return redirect(
            "agreements:intranet",
            code=agreement.framework.department.code,
            year=agreement.framework.fiscal_year,
        )
    return render(
        request, "agreements/intranet_index.html", {"agreements": published, "year": year}
    )


@login_required
def intranet(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = _published(request, code, year)
    return render(
        request,
        "agreements/intranet.html",
        {
            "agreement": agreement,
            "content": agreement_content(agreement),
            "kpi_links": selectors.kpi_links(request.user, agreement),
            "my_ack": selectors.acknowledgement_for(request.user, agreement),
            "scans": selectors.signed_scans_of(agreement),
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_object_or_404(
        selectors.agreements_readable_by(request.user),
        framework__department__code=code,
        framework__fiscal_year=year,
    )
    attempt(
        request,
        lambda: services.agreement_acknowledge(actor_of(request), agreement),
        success=_("บันทึกการรับทราบแล้ว ขอบคุณครับ/ค่ะ"),
    )
    if agreement.published_at is not None:
        return redirect("agreements:intranet", code=code, year=year)
    return redirect("agreements:signing", code=code, year=year)


# Amendments ----------------------------------------------------------------------------------


@login_required
def amendments(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    context = base_context(request, agreement, "amendments")
    form = AmendmentForm(request.POST or None, request.FILES or None, framework=agreement.framework)
    if request.method == "POST":
        if not context["perms"].coordinator:
            raise Http404
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.amendment_request(
                    actor_of(request),
                    agreement,
                    kpi=form.cleaned_data["kpi"],
                    reason=form.cleaned_data["reason"],
                    proposed_change=form.cleaned_data["proposed_change"],
                    uploads=form.cleaned_data["attachments"],
                ),
                success=_("ยื่นขอปรับตัวชี้วัดแล้ว"),
                form=form,
            )
            if done is not None:
                return redirect("agreements:amendments", code=code, year=year)
    return render(
        request,
        "agreements/amendments.html",
        {
            **context,
            "items": _with_buttons(
                agreement, selectors.amendments_of(agreement), actor_of(request)
            ),
            "form": form,
            "decide_form": DecideForm(),
        },
        status=422 if request.method == "POST" else 200,
    )


def _with_buttons(agreement: Agreement, items: Any, actor: Any) -> list[Amendment]:
    """Each request knows whether this user may decide it now (AMENDMENT_FLOW.check)."""
    rows = list(items)
    for item in rows:
        item.agreement = agreement
        item.may_decide = AMENDMENT_FLOW.check(item, Amendment.State.APPROVED, actor) is None
    return rows


def _amendment(agreement: Agreement, pk: int) -> Amendment:
    return get_object_or_404(Amendment.objects.select_related("kpi"), pk=pk, agreement=agreement)


@login_required
@require_POST
def amendment_decide(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    item = _amendment(agreement, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.amendment_decide(
                actor_of(request),
                item,
                approve=form.cleaned_data["decision"] == "approve",
                effective_from=form.cleaned_data["effective_from"],
                note=form.cleaned_data["note"],
            ),
            success=_("บันทึกผลการพิจารณาแล้ว"),
        )
    else:
        messages.error(request, _("กรุณาเลือกผลการพิจารณา"))
    return redirect("agreements:amendments", code=code, year=year)


@login_required
@require_POST
def amendment_version(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    item = _amendment(agreement, pk)
    attempt(
        request,
        lambda: services.amendment_start_version(actor_of(request), item),
        success=_("สร้างตัวชี้วัดฉบับใหม่แล้ว กรุณาแก้ไขและอนุมัติในหน้ารายละเอียดตัวชี้วัด"),
    )
    return redirect("agreements:amendments", code=code, year=year)
