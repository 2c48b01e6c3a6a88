"""Shared pieces of the agreement views: fetching through selectors (404 for what the user may
not see), running a service and turning its refusal into a message or form errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from agreements import permissions, selectors
from agreements.models import Agreement
from agreements.workflow import AGREEMENT_WORKFLOW
from core.transitions import TransitionError

T = TypeVar("T")


def actor_of(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in user (every view here is behind login_required)."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


def get_agreement(
    request: HttpRequest, code: str, year: int, *, internal: bool = False
) -> Agreement:
    qs = (
        selectors.agreements_internal_to(request.user)
        if internal
        else selectors.agreements_visible_to(request.user)
    )
    return get_object_or_404(qs, framework__department__code=code, framework__fiscal_year=year)


@dataclass(frozen=True)
class Perms:
    coordinator: bool
    committee: bool
    executive: bool
    evaluator: bool
    internal: bool

    @property
    def negotiator(self) -> bool:
        return self.coordinator or self.evaluator


def perms_for(request: HttpRequest, agreement: Agreement) -> Perms:
    user = actor_of(request)
    return Perms(
        coordinator=permissions.is_coordinator(user, agreement),
        committee=permissions.is_committee(user, agreement),
        executive=permissions.is_executive(user, agreement),
        evaluator=permissions.is_evaluator(user, agreement),
        internal=permissions.is_internal(user, agreement),
    )


def base_context(request: HttpRequest, agreement: Agreement, tab: str) -> dict[str, Any]:
    return {
        "agreement": agreement,
        "department": agreement.framework.department,
        "year": agreement.framework.fiscal_year,
        "perms": perms_for(request, agreement),
        # The buttons: `may.signed`, `may.negotiate` ask AGREEMENT_WORKFLOW.check.
        "may": AGREEMENT_WORKFLOW.buttons(agreement, actor_of(request)),
        "tab": tab,
    }


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: str = "",
    form: forms.Form | None = None,
    reraise: tuple[type[Exception], ...] = (),
) -> T | None:
    """Run a service. On a refusal, show its Thai message (on the form's fields when it names
    them) and return None; on success flash `success` and return the result. Errors in
    `reraise` (a stale save the page shows in full) propagate."""
    try:
        result = call()
    except reraise:
        raise
    except (ValidationError, TransitionError) as error:
        if form is not None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in form.fields else None
                for item in errors:
                    form.add_error(target, item)
        else:
            texts = error.messages if isinstance(error, ValidationError) else [str(error)]
            for text in texts:
                messages.error(request, text)
        return None
    if success:
        messages.success(request, success)
    return result


def form_action(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], object],
    *,
    success: str,
    done: Callable[[], HttpResponse],
    page: Callable[[], HttpResponse],
) -> HttpResponse:
    """The shape of every POST view: a valid form runs the service and redirects (`done`);
    an invalid form or a refused service re-renders the page with what the user typed (`page`,
    answered with 422)."""
    if (
        form.is_valid()
        and attempt(request, lambda: call(form.cleaned_data), success=success, form=form)
        is not None
    ):
        return done()
    response = page()
    response.status_code = 422
    return response
