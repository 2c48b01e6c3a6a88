"""The inbox: the user's notifications, newest first, with mark-as-read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.numbers import parse_id
from notifications import selectors, services

PAGE_SIZE = 25


def _inbox_context(request: HttpRequest) -> dict[str, object]:
    paginator = Paginator(selectors.notifications_for(request.user), PAGE_SIZE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("page"))
    return {
        "page": page,
        "notifications": list(page.object_list),
        "inbox_unread": selectors.unread_count(request.user),  # type: ignore[arg-type]
    }


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/inbox.html", _inbox_context(request))


@login_required
@require_POST
def inbox_mark_read(request: HttpRequest) -> HttpResponse:
    """POST `id` (one or more) to mark those read, or nothing / `all` to mark everything read.
    Other people's ids are silently ignored: they are not in the caller's queryset."""
    raw_ids = request.POST.getlist("id")
    ids = [number for value in raw_ids if (number := parse_id(value)) is not None]
    if raw_ids or "all" not in request.POST:
        services.notification_mark_read(request.user, ids)  # type: ignore[arg-type]
    else:
        services.notification_mark_read(request.user)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notifications/inbox.html#inbox-list", _inbox_context(request))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("inbox")
    return redirect(target)
