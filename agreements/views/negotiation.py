"""Step 2 pages: rounds, positions per KPI, KPIs added by OPDC, the agreement and the diff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors, services
from agreements.forms import AddKpiForm, AgreeForm, CounterForm, RoundForm, SettleForm
from agreements.models import Agreement, KpiPosition
from agreements.services.negotiation import PositionConflictError, standing_positions
from agreements.terms import NEGOTIATED_FIELDS, diff_snapshots, show_value, snapshot_of
from agreements.views._helpers import actor_of, attempt, base_context, form_action, get_agreement

S = Agreement.State


def _negotiation_context(
    request: HttpRequest,
    agreement: Agreement,
    *,
    round_form: RoundForm | None = None,
    agree_form: AgreeForm | None = None,
) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        **base_context(request, agreement, "negotiation"),
        "rounds": selectors.negotiation_rounds_of(agreement),
        "round_form": round_form or RoundForm(initial={"held_on": today}),
        "agree_form": agree_form or AgreeForm(initial={"agreed_on": today}),
        "negotiating": agreement.state == S.NEGOTIATING,
    }


@login_required
def negotiation(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    return render(request, "agreements/negotiation.html", _negotiation_context(request, agreement))


@login_required
@require_POST
def negotiation_start(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    attempt(
        request,
        lambda: services.negotiation_start(actor_of(request), agreement),
        success=_("เริ่มการเจรจาแล้ว"),
    )
    return redirect("agreements:negotiation", code=code, year=year)


@login_required
@require_POST
def round_new(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    form = RoundForm(request.POST, request.FILES)
    if form.is_valid():
        created = attempt(
            request,
            lambda: services.negotiation_round_create(
                actor_of(request),
                agreement,
                held_on=form.cleaned_data["held_on"],
                participants=form.cleaned_data["participants"],
                minutes=form.cleaned_data["minutes"],
                uploads=form.cleaned_data["attachments"],
            ),
            success=_("บันทึกรอบการเจรจาแล้ว"),
            form=form,
        )
        if created is not None:
            return redirect(
                "agreements:negotiation_round", code=code, year=year, number=created.number
            )
    return render(
        request,
        "agreements/negotiation.html",
        _negotiation_context(request, agreement, round_form=form),
        status=422,
    )


@login_required
def negotiation_round(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    round_ = selectors.round_detail(agreement, number)
    if round_ is None:
        raise Http404
    rounds = selectors.negotiation_rounds_of(agreement)
    is_latest = bool(rounds) and rounds[-1].pk == round_.pk
    context = base_context(request, agreement, "negotiation")
    rows = [
        {
            "position": p,
            "fields": [
                (
                    str(label),
                    show_value(name, p.proposed),
                    _("เสนอให้ตัดออก")
                    if p.counter and p.counter.get("drop")
                    else show_value(name, p.counter),
                    show_value(name, p.final_terms) if p.final_terms else "—",
                )
                for name, label in NEGOTIATED_FIELDS.items()
            ],
        }
        for p in round_.positions.all()
    ]
    add_form = None
    if is_latest and agreement.state == S.NEGOTIATING and context["perms"].evaluator:
        add_form = AddKpiForm(framework=agreement.framework)
    return render(
        request,
        "agreements/negotiation_round.html",
        {
            **context,
            "round": round_,
            "rows": rows,
            "editable": is_latest and agreement.state == S.NEGOTIATING,
            "add_form": add_form,
        },
    )


def _position(agreement: Agreement, pk: int) -> KpiPosition:
    position = selectors.position_of(agreement, pk)
    if position is None:
        raise Http404
    return position


@login_required
def position(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    item = _position(agreement, pk)
    context = base_context(request, agreement, "negotiation")
    if not context["perms"].negotiator:
        raise Http404
    counter_form, settle_form = _position_forms(request, item)
    user = actor_of(request)
    conflict: PositionConflictError | None = None
    try:
        if "save_counter" in request.POST and counter_form.is_valid():
            data = counter_form.cleaned_data
            done = attempt(
                request,
                lambda: services.position_counter_record(
                    user,
                    item,
                    terms=None if data["drop"] else counter_form.terms(),
                    note=data["note"],
                    expected_version=data["version"],
                ),
                success=_("บันทึกข้อเสนอของสำนักงาน ก.พ.ร. แล้ว"),
                form=counter_form,
                reraise=(PositionConflictError,),
            )
            if done is not None:
                return redirect(
                    "agreements:negotiation_round", code=code, year=year, number=item.round.number
                )
        elif "save_settle" in request.POST and settle_form.is_valid():
            data = settle_form.cleaned_data
            changed = data["outcome"] == KpiPosition.Outcome.CHANGED
            done = attempt(
                request,
                lambda: services.position_settle(
                    user,
                    item,
                    outcome=data["outcome"],
                    terms=settle_form.terms() if changed else None,
                    note=data["note"],
                    expected_version=data["version"],
                ),
                success=_("บันทึกผลการเจรจาของตัวชี้วัดแล้ว"),
                form=settle_form,
                reraise=(PositionConflictError,),
            )
            if done is not None:
                return redirect(
                    "agreements:negotiation_round", code=code, year=year, number=item.round.number
                )
    except PositionConflictError as error:
        conflict = error
        messages.error(request, str(error))
    status = 200
    if request.method == "POST":
        status = 409 if conflict is not None else 422
    changes: list[tuple[str, str, str]] = []
    if conflict is not None:
        typed = counter_form if "save_counter" in request.POST else settle_form
        changes = _position_changes(typed, item, conflict.current)
        item = conflict.current
        # Keep what they typed, against the stored version: saving again is a deliberate choice.
        kept = request.POST.copy()
        kept[typed.add_prefix("version")] = str(item.version)
        typed.data = kept
    return render(
        request,
        "agreements/position.html",
        {
            **context,
            "item": item,
            "counter_form": counter_form,
            "settle_form": settle_form,
            "conflict": changes if conflict is not None else None,
            "fields": [
                (str(label), show_value(name, item.proposed))
                for name, label in NEGOTIATED_FIELDS.items()
            ],
            "proposed_descriptions": [
                (level.get("label") or _("ระดับที่ %(n)s") % {"n": i}, level["description"])
                for i, level in enumerate(item.proposed.get("levels") or [], start=1)
                if level.get("description")
            ],
        },
        status=status,
    )


def _position_forms(request: HttpRequest, item: KpiPosition) -> tuple[CounterForm, SettleForm]:
    counter_initial = {
        **CounterForm.initial_from(item.counter or item.proposed),
        "note": item.note,
        "version": item.version,
    }
    settle_initial = {
        **CounterForm.initial_from(
            item.agreed
            or (item.counter if item.counter and not item.counter.get("drop") else item.proposed)
        ),
        "outcome": item.outcome if item.outcome != KpiPosition.Outcome.PENDING else "accepted",
        "note": item.note,
        "version": item.version,
    }
    counter_form = CounterForm(
        request.POST if "save_counter" in request.POST else None,
        initial=counter_initial,
        prefix="counter",
    )
    settle_form = SettleForm(
        request.POST if "save_settle" in request.POST else None,
        initial=settle_initial,
        prefix="settle",
    )
    return counter_form, settle_form


def _position_changes(
    typed: CounterForm | SettleForm, mine: KpiPosition, current: KpiPosition
) -> list[tuple[str, str, str]]:
    """What the other negotiator changed since this page was opened: (field, yours, stored)."""
    yours = typed.terms() if typed.is_valid() else {}
    rows: list[tuple[str, str, str]] = []
    if isinstance(typed, SettleForm):
        stored_terms = current.agreed or {}
        if typed.is_valid() and typed.cleaned_data["outcome"] != current.outcome:
            rows.append(
                (
                    str(_("ผลการเจรจา")),
                    str(dict(KpiPosition.Outcome.choices).get(typed.cleaned_data["outcome"], "")),
                    str(current.get_outcome_display()),
                )
            )
    else:
        stored_terms = current.counter or {}
        if typed.is_valid() and bool(typed.cleaned_data["drop"]) != bool(stored_terms.get("drop")):
            rows.append(
                (
                    str(_("เสนอให้ตัดออก")),
                    _("ใช่") if typed.cleaned_data["drop"] else _("ไม่ใช่"),
                    _("ใช่") if stored_terms.get("drop") else _("ไม่ใช่"),
                )
            )
    for name, label in NEGOTIATED_FIELDS.items():
        theirs = show_value(name, stored_terms) if stored_terms else "—"
        typed_value = show_value(name, yours) if yours else "—"
        if theirs != typed_value:
            rows.append((str(label), typed_value, theirs))
    if (current.note or "") != (mine.note or ""):
        rows.append((str(_("หมายเหตุ")), mine.note, current.note))
    return rows


@login_required
@require_POST
def position_add(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    round_ = selectors.round_detail(agreement, number)
    if round_ is None:
        raise Http404
    form = AddKpiForm(request.POST, framework=agreement.framework)
    if form.is_valid():
        attempt(
            request,
            lambda: services.position_add(
                actor_of(request),
                round_,
                component=form.cleaned_data["component"],
                number=form.cleaned_data["number"],
                terms=form.terms(),
            ),
            success=_("เพิ่มตัวชี้วัดในการเจรจาแล้ว"),
            form=form,
        )
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else ''} {error}"
            )
    return redirect("agreements:negotiation_round", code=code, year=year, number=number)


@login_required
@require_POST
def agree(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    form = AgreeForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.agreement_mark_agreed(actor_of(request), agreement, **data),
        success=_("บันทึกผลการเจรจาที่ตกลงแล้ว"),
        done=lambda: redirect("agreements:negotiation_diff", code=code, year=year),
        page=lambda: render(
            request,
            "agreements/negotiation.html",
            _negotiation_context(request, agreement, agree_form=form),
        ),
    )


@login_required
@require_POST
def negotiation_reopen(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agreement = get_agreement(request, code, year)
    attempt(
        request,
        lambda: services.negotiation_reopen(actor_of(request), agreement),
        success=_("เปิดการเจรจาอีกครั้งแล้ว"),
    )
    return redirect("agreements:negotiation", code=code, year=year)


@login_required
def negotiation_diff(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Committee-approved draft vs the agreed set (or, while negotiating, the set as it stands
    after the latest positions), field by field."""
    agreement = get_agreement(request, code, year)
    if agreement.agreed_snapshot is not None:
        after = agreement.agreed_snapshot
        label = _("ผลการเจรจาที่ตกลง")
    else:
        after = snapshot_of(agreement.framework)
        standing = standing_positions(agreement)
        kpis = []
        for terms in after["kpis"]:
            position = standing.get(_uuid(terms["key"]))
            if position is not None and position.outcome == KpiPosition.Outcome.DROPPED:
                continue
            if position is not None and position.final_terms:
                terms = {**terms, **position.final_terms}
            kpis.append(terms)
        kpis += [
            {**(p.final_terms or p.proposed), "key": str(p.kpi_key)}
            for p in standing.values()
            if p.is_new and p.outcome != KpiPosition.Outcome.DROPPED
        ]
        after = {**after, "kpis": kpis}
        label = _("ผลการเจรจา ณ ขณะนี้ (ยังไม่ได้ข้อยุติ)")
    diffs = diff_snapshots(agreement.approved_snapshot, after)
    return render(
        request,
        "agreements/diff.html",
        {
            **base_context(request, agreement, "negotiation"),
            "diffs": diffs,
            "after_label": label,
            "changed_count": sum(1 for d in diffs if d.status != "unchanged"),
        },
    )


def _uuid(value: object) -> Any:
    return selectors.uuid_or_none(str(value))
