"""Password change (every signed-in user) and password reset by e-mail: Django's own views and
forms with Thai templates (templates/registration/), plus an audit event for each change.

The reset e-mail's link is built from PRAMOEN_BASE_URL (settings), never from the request's
Host header, so a forged Host cannot send a user a link to another site. The "sent" page looks
the same whether or not the address belongs to an account (no account enumeration).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy

from core.audit import audit_log


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_log(form.user, "accounts.password.changed", form.user)
        return response


class PasswordChangeDone(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordReset(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        self.extra_email_context = {"base_url": str(settings.PRAMOEN_BASE_URL).rstrip("/")}
        return super().form_valid(form)


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            user: AbstractBaseUser = form.user
            audit_log(user, "accounts.password.reset", user)
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
