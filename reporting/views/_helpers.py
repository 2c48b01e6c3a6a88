"""Shared bits of the reporting views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from core.transitions import TransitionError
from reporting.models import Submission
from reporting.selectors import submission_for_page

T = TypeVar("T")


def actor_of(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


def visible_submission(request: HttpRequest, pk: int) -> Submission:
    return get_object_or_404(submission_for_page(request.user), pk=pk)


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: str = "",
    form: forms.Form | None = None,
) -> T | None:
    """Run a service. On a refusal show its Thai message (on the form's fields when it names
    them) and return None; on success flash `success` and return the result."""
    try:
        result = call()
    except (ValidationError, TransitionError) as error:
        show_refusal(request, error, form)
        return None
    if success:
        messages.success(request, success)
    return result


def show_refusal(
    request: HttpRequest, error: ValidationError | TransitionError, form: forms.Form | None
) -> None:
    """A service's Thai refusal: on the form's fields when it names them, else as a message."""
    if form is not None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
        return
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text)
