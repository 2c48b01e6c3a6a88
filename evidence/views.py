"""Evidence: upload to a report, remove, and the permission-checked download.

Downloads are always attachments with the stored content type and `nosniff`, and a sandbox CSP,
so nothing uploaded is ever rendered inline or run (issue 6 item 3). Others get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evidence import services
from evidence.selectors import evidence_visible_to
from reporting.forms import EvidenceForm
from reporting.views._helpers import actor_of, attempt, visible_submission


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(evidence_visible_to(request.user), pk=pk)
    handle = evidence.file.open("rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_add(request: HttpRequest, submission_pk: int) -> HttpResponse:
    submission = visible_submission(request, submission_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        attempt(
            request,
            lambda: services.evidence_add(
                actor_of(request),
                submission,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            ),
            success=_("แนบหลักฐานแล้ว"),
        )
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
