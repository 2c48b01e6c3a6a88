"""The submission page: the form with its live score (htmx preview; a plain submit works the
same), evidence, the review actions, returns history and a stale-save conflict that keeps what
the user typed (issue 6 items 2, 4, 5)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import audit_events_for
from core.numbers import parse_int
from core.transitions import TransitionError
from indicators.models import RoundExpectation
from reporting import calc, permissions, services
from reporting.forms import (
    AppealAnswerForm,
    AppealForm,
    CommentForm,
    EvidenceForm,
    ReopenForm,
    ReviewerScoreForm,
    SubmissionForm,
    plain,
)
from reporting.models import Submission
from reporting.results import round_weight_if_other
from reporting.services.scores import appeal_deadline, can_appeal
from reporting.views._helpers import actor_of, attempt, show_refusal, visible_submission
from reporting.workflow import review_actions

S = Submission.State
ACTION_LABELS = {
    "reporting.submission.saved": gettext_lazy("บันทึกร่าง"),
    "reporting.submission.submitted": gettext_lazy("ส่งรายงาน"),
    "reporting.submission.overseer_approved": gettext_lazy("ผู้กำกับดูแลเห็นชอบ"),
    "reporting.submission.accepted": gettext_lazy("ผู้ประสานงานตรวจรับ"),
    "reporting.submission.returned": gettext_lazy("ส่งกลับให้แก้ไข"),
    "reporting.submission.reopened": gettext_lazy("เปิดให้แก้ไขหลังปิดรอบ"),
    "evidence.file.added": gettext_lazy("แนบหลักฐาน"),
    "evidence.file.removed": gettext_lazy("ลบหลักฐาน"),
    "reporting.review.scored": gettext_lazy("ผู้ประเมินให้คะแนน"),
    "reporting.appeal.filed": gettext_lazy("ยื่นอุทธรณ์"),
    "reporting.appeal.answered": gettext_lazy("ผู้ประเมินตอบคำอุทธรณ์"),
}


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    stored: str


def _activities_text(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"{title}: {detail}".strip(": ") for title, detail in rows if title or detail)


def conflict_rows(form: SubmissionForm, current: Submission) -> list[ConflictRow]:
    """What differs between what the user typed and what is stored now."""
    typed = form.to_input()
    rows: list[ConflictRow] = []
    names = {item.code: item.name_th for item in current.kpi.data_items.all()}
    for code, value in typed.values.items():
        stored = current.value_of(code)
        if value != stored:
            rows.append(ConflictRow(f"{code}: {names.get(code, '')}", plain(value), plain(stored)))
    if "direct_result" in form.fields and typed.direct_result != current.result:
        rows.append(
            ConflictRow(_("ผลการดำเนินงาน"), plain(typed.direct_result), plain(current.result))
        )
    for order, point in (typed.points or {}).items():
        if point.result != current.point_result(order):
            label = _("ผลการดำเนินงาน ประเด็นที่ %(n)s") % {"n": order}
            rows.append(ConflictRow(label, plain(point.result), plain(current.point_result(order))))
        if point.narrative.strip() != current.point_narrative(order):
            label = _("คำอธิบายผล ประเด็นที่ %(n)s") % {"n": order}
            rows.append(ConflictRow(label, point.narrative.strip(), current.point_narrative(order)))
    for name, label in (
        ("supporting_factors", _("ปัจจัยสนับสนุน")),
        ("obstacles", _("อุปสรรค")),
        ("suggestions", _("ข้อเสนอแนะ")),
    ):
        yours, stored_text = getattr(typed, name).strip(), getattr(current, name)
        if yours != stored_text:
            rows.append(ConflictRow(label, yours, stored_text))
    yours_rows = [(a.title.strip(), a.detail.strip()) for a in typed.activities]
    stored_rows = [(a.title, a.detail) for a in current.activities.all()]
    if [r for r in yours_rows if any(r)] != stored_rows:
        rows.append(
            ConflictRow(
                _("รายละเอียดกิจกรรม/โครงการ"),
                _activities_text(yours_rows),
                _activities_text(stored_rows),
            )
        )
    return rows


def _levels(submission: Submission) -> list[Any]:
    return sorted(submission.kpi.levels.all(), key=lambda level: (level.order, level.pk))


def page_context(
    request: HttpRequest,
    submission: Submission,
    *,
    form: SubmissionForm | None = None,
    conflict: list[ConflictRow] | None = None,
    comment_form: CommentForm | None = None,
    reopen_form: ReopenForm | None = None,
    evidence_form: EvidenceForm | None = None,
    score_form: ReviewerScoreForm | None = None,
    appeal_form: AppealForm | None = None,
) -> dict[str, Any]:
    user = request.user
    round_ = submission.round
    can_edit = permissions.can_edit(user, submission)
    can_report = permissions.can_report(user, submission)
    if form is None and can_edit:
        form = SubmissionForm(submission=submission)
    unlocked = permissions.is_unlocked(submission)
    can_manage = permissions.can_coordinate(user, round_)
    review = getattr(submission, "reviewer_score", None)
    appeals = list(submission.appeals.all())
    evaluator = permissions.is_evaluator(user, round_)
    deadline = appeal_deadline(review, submission) if review is not None else None

    appeal_open = (
        review is not None
        and not appeals
        and deadline is not None
        and timezone.localdate() <= deadline
        and can_appeal(actor_of(request), submission)
    )
    live = form.preview() if form is not None and form.is_bound else None
    if live is None:
        values = {
            item.code: submission.value_of(item.code) for item in submission.kpi.data_items.all()
        }
        points = {p.order: p.result for p in submission.point_rows()}
        live = calc.compute(
            submission.kpi,
            values,
            submission.result,
            points,
            weight=round_weight_if_other(submission),
        )
    expectation = (
        RoundExpectation.objects.filter(kpi=submission.kpi, round=round_)
        .values_list("expectation", flat=True)
        .first()
    )
    return {
        "upload_max_mb": f"{int(settings.PRAMOEN_UPLOAD_MAX_BYTES) / (1024 * 1024):g}",
        "summary_forms": [
            f
            for f in (form, comment_form, reopen_form, score_form, appeal_form)
            if f is not None and f.is_bound and f.errors
        ],
        "submission": submission,
        "kpi": submission.kpi,
        "round": round_,
        "framework": round_.framework,
        "round_state": permissions.round_state_of(round_),
        "levels": _levels(submission),
        "expectation": expectation or "",
        "form": form,
        "live": live,
        "uses_formula": calc.uses_formula(submission.kpi),
        "can_edit": can_edit,
        "can_report": can_report,
        "refusal": permissions.edit_refusal(submission) if can_report else None,
        "conflict": conflict,
        "evidence_files": getattr(submission, "evidence_files", []),
        "evidence_form": evidence_form or (EvidenceForm() if can_edit else None),
        **review_actions(user, submission),
        "can_reopen": can_manage
        and not unlocked
        and permissions.round_state_of(round_) is not None,
        "comment_form": comment_form or CommentForm(initial={"version": submission.version}),
        "reopen_form": reopen_form or ReopenForm(initial={"version": submission.version}),
        "returns": list(submission.returns.all()),
        "review": review,
        "can_score": evaluator and submission.state == S.ACCEPTED and not appeals,
        "score_form": score_form
        or ReviewerScoreForm(
            initial={"score": plain(review.score), "comment": review.comment} if review else None
        ),
        "appeals": appeals,
        "appeal_deadline": deadline,
        "appeal_open": appeal_open,
        "appeal_form": appeal_form or AppealForm(),
        "answer_form": AppealAnswerForm(),
        "can_answer": evaluator,
        "history": [
            (event, ACTION_LABELS.get(event.action, event.action))
            for event in audit_events_for(submission).order_by("-created_at", "-id")[:30]
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    if request.method == "GET":
        return render(request, "reporting/submission.html", page_context(request, submission))
    form = SubmissionForm(request.POST, submission=submission)
    if not form.is_valid():
        response = render(
            request, "reporting/submission.html", page_context(request, submission, form=form)
        )
        response.status_code = 422
        return response
    actor = actor_of(request)
    submitting = request.POST.get("action") == "submit"
    # One click, one service, one transaction: a refused submit saves nothing either.
    save = services.submission_save_and_submit if submitting else services.submission_save
    try:
        save(actor, submission, form.to_input(), expected_version=form.cleaned_data["version"])
    except services.SubmissionConflictError as conflict:
        messages.error(request, str(conflict))
        current = visible_submission(request, pk)
        # Keep what they typed, against the stored version: saving again is a deliberate choice.
        data = request.POST.copy()
        data["version"] = str(current.version)
        kept = SubmissionForm(data, submission=current)
        kept.is_valid()
        response = render(
            request,
            "reporting/submission.html",
            page_context(request, current, form=kept, conflict=conflict_rows(kept, current)),
        )
        response.status_code = 409
        return response
    except (ValidationError, TransitionError) as error:
        # Refused (locked, not theirs, invalid, incomplete): nothing was stored; the page comes
        # back with what they typed and why, over the report as it is stored.
        show_refusal(request, error, form)
        current = visible_submission(request, pk)
        response = render(
            request, "reporting/submission.html", page_context(request, current, form=form)
        )
        response.status_code = 422
        return response
    messages.success(
        request,
        _("บันทึกและส่งรายงานให้ผู้กำกับดูแลพิจารณาแล้ว") if submitting else _("บันทึกร่างแล้ว"),
    )
    return redirect("reporting:submission", pk=pk)


@login_required
@require_POST
def submission_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the live result, self score, level and what-if hint for what is typed now."""
    submission = visible_submission(request, pk)
    form = SubmissionForm(request.POST, submission=submission)
    form.is_valid()
    return render(
        request,
        "reporting/submission.html#live-score",
        {"live": form.preview(), "kpi": submission.kpi, "submission": submission},
    )


@login_required
@require_POST
def submission_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """approve (overseer), accept / return (coordinator), reopen (coordinator, after close)."""
    submission = visible_submission(request, pk)
    actor = actor_of(request)
    version_text = request.POST.get("version") or ""
    version = parse_int(version_text)
    if action == "approve":
        attempt(
            request,
            lambda: services.submission_approve(actor, submission, expected_version=version),
            success=_("ให้ความเห็นชอบรายงานแล้ว ส่งต่อผู้ประสานงานตรวจรับ"),
        )
    elif action == "accept":
        attempt(
            request,
            lambda: services.submission_accept(actor, submission, expected_version=version),
            success=_("ตรวจรับรายงานแล้ว"),
        )
    elif action == "return":
        comment_form = CommentForm(request.POST)
        if not comment_form.is_valid() or (
            attempt(
                request,
                lambda: services.submission_return(
                    actor,
                    submission,
                    comment=comment_form.cleaned_data["comment"],
                    expected_version=version,
                ),
                success=_("ส่งรายงานกลับให้แก้ไขแล้ว"),
                form=comment_form,
            )
            is None
            and comment_form.errors
        ):
            return _rerender(request, submission, comment_form=comment_form)
    elif action == "reopen":
        reopen_form = ReopenForm(request.POST)
        if not reopen_form.is_valid() or (
            attempt(
                request,
                lambda: services.submission_reopen(
                    actor,
                    submission,
                    reason=reopen_form.cleaned_data["reason"],
                    expected_version=version,
                ),
                success=_("เปิดรายงานให้แก้ไขแล้ว (บันทึกเหตุผลไว้ในประวัติ)"),
                form=reopen_form,
            )
            is None
            and reopen_form.errors
        ):
            return _rerender(request, submission, reopen_form=reopen_form)
    else:
        messages.error(request, _("ไม่รู้จักคำสั่งนี้"))
    return redirect("reporting:submission", pk=pk)


def _rerender(request: HttpRequest, submission: Submission, **forms: Any) -> HttpResponse:
    fresh = visible_submission(request, submission.pk)
    response = render(request, "reporting/submission.html", page_context(request, fresh, **forms))
    response.status_code = 422
    return response


# Reviewer scores and appeals (issue 6 item 8) -------------------------------------------------


@login_required
@require_POST
def reviewer_score(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    form = ReviewerScoreForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: services.reviewer_score_set(
                actor_of(request),
                submission,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            ),
            success=_("บันทึกคะแนนจากผู้ประเมินแล้ว"),
            form=form,
        )
        if done is not None:
            return redirect("reporting:submission", pk=pk)
    return _rerender(request, submission, score_form=form)


@login_required
@require_POST
def appeal_file(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    form = AppealForm(request.POST, request.FILES)
    if form.is_valid():
        done = attempt(
            request,
            lambda: services.appeal_file(
                actor_of(request),
                submission,
                reason=form.cleaned_data["reason"],
                requested_score=form.cleaned_data["requested_score"],
                uploads=request.FILES.getlist("attachments"),
            ),
            success=_("ยื่นอุทธรณ์แล้ว ระบบแจ้งผู้ประเมินแล้ว"),
            form=form,
        )
        if done is not None:
            return redirect("reporting:submission", pk=pk)
    return _rerender(request, submission, appeal_form=form)


@login_required
@require_POST
def appeal_answer(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    appeal = next((a for a in submission.appeals.all() if a.pk == appeal_pk), None)
    if appeal is None:
        raise Http404
    form = AppealAnswerForm(request.POST)
    if form.is_valid():
        new_score: Decimal | None = form.cleaned_data["new_score"]
        attempt(
            request,
            lambda: services.appeal_answer(
                actor_of(request), appeal, answer=form.cleaned_data["answer"], new_score=new_score
            ),
            success=_("บันทึกผลการพิจารณาอุทธรณ์แล้ว"),
        )
    else:
        messages.error(request, _("กรุณาระบุคำชี้แจงผลการพิจารณา"))
    return redirect("reporting:submission", pk=pk)
