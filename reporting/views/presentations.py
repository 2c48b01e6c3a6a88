"""Recording on the round page that the results were presented to the executives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporting import selectors
from reporting.forms import PresentationForm
from reporting.models import ExecutivePresentation
from reporting.services.presentations import presentation_delete, presentation_record
from reporting.views._helpers import actor_of, attempt


@login_required
@require_POST
def presentation_add(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    form = PresentationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        attempt(
            request,
            lambda: presentation_record(
                actor_of(request),
                round_,
                presented_on=form.cleaned_data["presented_on"],
                meeting=form.cleaned_data["meeting"],
                note=form.cleaned_data["note"],
            ),
            success=_("บันทึกการนำเสนอผลต่อผู้บริหารแล้ว"),
        )
    return redirect(f"{round_url(round_.pk)}#presentations-h")


@login_required
@require_POST
def presentation_remove(request: HttpRequest, pk: int, presentation_pk: int) -> HttpResponse:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    presentation = get_object_or_404(
        ExecutivePresentation.objects.select_related("round__framework"),
        pk=presentation_pk,
        round=round_,
    )
    attempt(
        request,
        lambda: presentation_delete(actor_of(request), presentation),
        success=_("ลบบันทึกการนำเสนอแล้ว"),
    )
    return redirect(f"{round_url(round_.pk)}#presentations-h")


def round_url(pk: int) -> str:
    return reverse("reporting:round_detail", args=[pk])
