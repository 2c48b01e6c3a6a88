"""Recording on the round page that the results were presented to the executives."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporting import selectors
from reporting.forms import PresentationForm
from reporting.models import ExecutivePresentation
from reporting.services.presentations import (
    presentation_delete,
    presentation_record,
    require_coordinator,
)
from reporting.views._helpers import actor_of, attempt
from reporting.views.rounds import round_page


@login_required
@require_POST
def presentation_add(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    require_coordinator(actor_of(request), round_)  # the rule before the form: 403, not 422
    form = PresentationForm(request.POST)
    recorded = None
    if form.is_valid():
        recorded = attempt(
            request,
            lambda: presentation_record(
                actor_of(request),
                round_,
                presented_on=form.cleaned_data["presented_on"],
                meeting=form.cleaned_data["meeting"],
                note=form.cleaned_data["note"],
            ),
            success=_("บันทึกการนำเสนอผลต่อผู้บริหารแล้ว"),
            form=form,
        )
    if recorded is None:
        # Refused: the page again with the form as typed and its errors (issue 16 item 5).
        return round_page(request, round_, presentation_form=form, status=422)
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
