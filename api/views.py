"""The token page of the profile: list, create (the secret is shown once), revoke.

Thin: parse the form, call one service, render. The page that shows a new secret is never
cached and the secret is never put in the session or a redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from api import services
from api.forms import TokenForm
from api.selectors import tokens_of


def _actor(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


def _page(
    request: HttpRequest, form: TokenForm, *, created: Any = None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "tokens": list(tokens_of(request.user)), "created": created}
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, TokenForm())


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    try:
        created = services.token_create(
            _actor(request),
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_on=form.cleaned_data["expires_on"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error.messages)
        return _page(request, form, status=422)
    return _page(request, TokenForm(), created=created)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_of(request.user), pk=pk)
    try:
        services.token_revoke(_actor(request), token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("ยกเลิกโทเค็น “%(name)s” แล้ว") % {"name": token.name})
    return redirect("api_tokens")
