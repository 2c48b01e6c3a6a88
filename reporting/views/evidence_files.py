"""Evidence: upload to a report, remove, and the permission-checked download.

Downloads go through core.media.serve_stored_file (streamed, or a short-lived signed URL on an
S3 store): always attachments with the stored content type and `nosniff`, and a sandbox CSP,
so nothing uploaded is ever rendered inline or run (issue 6 item 3). Others get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.media import serve_stored_file
from reporting.forms import EvidenceForm
from reporting.selectors import evidence_visible_to
from reporting.services import evidence_files as services
from reporting.views._helpers import actor_of, attempt, visible_submission
from reporting.views.submission import page_context


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = get_object_or_404(evidence_visible_to(request.user), pk=pk)
    return serve_stored_file(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, submission_pk: int) -> HttpResponse:
    """Attach a file. By htmx (the page's own upload) the answer is the evidence section only,
    so the report form on the same page keeps what is typed but not saved (issue 16 item 5);
    a refusal is shown on the upload form. Without JavaScript: a redirect with messages."""
    submission = visible_submission(request, submission_pk)
    form = EvidenceForm(request.POST, request.FILES)
    by_htmx = bool(getattr(request, "htmx", False))
    if form.is_valid():
        attempt(
            request,
            lambda: services.evidence_add(
                actor_of(request),
                submission,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            ),
            success=_("แนบหลักฐานแล้ว"),
            form=form if by_htmx else None,
        )
    if by_htmx:
        fresh = visible_submission(request, submission_pk)
        context = page_context(request, fresh, evidence_form=form if form.errors else None)
        # 200 even when refused: htmx swaps only successful answers, and the refusal is
        # the section's content (the file field says why).
        return render(request, "reporting/_evidence_swap.html", context)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect(f"{submission_url(submission_pk)}#evidence")


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(evidence_visible_to(request.user), pk=pk)
    attempt(
        request,
        lambda: services.evidence_remove(actor_of(request), evidence),
        success=_("ลบหลักฐานแล้ว"),
    )
    return redirect(f"{submission_url(evidence.submission_id)}#evidence")


def submission_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("reporting:submission", args=[pk])
