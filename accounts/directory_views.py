"""The login page and the OIDC sign-in endpoints (issue 19 item 1).

The OIDC URLs always exist (so the permission matrix sees them) but answer 404 until OIDC is
configured (OIDC_RP_CLIENT_ID and the OIDC_OP_* endpoints, accounts.directory_settings); the
login page shows its "เข้าสู่ระบบด้วย …" button only then. mozilla-django-oidc does the
authorization-code flow (with state, nonce and PKCE); accounts.directory.OIDCDirectoryBackend
links the account to its Person.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

logger = logging.getLogger(__name__)


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def oidc_provider_name() -> str:
    return str(getattr(settings, "PRAMOEN_OIDC_PROVIDER_NAME", "") or "OpenID Connect")


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_provider"] = oidc_provider_name() if oidc_enabled() else ""
        return context


class _Callback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """A refused or broken answer (unknown state, a code the provider rejects, the provider
    unreachable) ends on the login page with a Thai message, not a 400 or 500 page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            logger.warning("OIDC callback refused: %s", error)
            return self.login_failure()
        return response

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _("เข้าสู่ระบบด้วย %(provider)s ไม่สำเร็จ กรุณาลองใหม่หรือติดต่อผู้ดูแลระบบ")
            % {"provider": oidc_provider_name()},
        )
        response: HttpResponse = super().login_failure()
        return response


_start = OIDCAuthenticationRequestView.as_view()
_callback = _Callback.as_view()


def oidc_login(request: HttpRequest) -> HttpResponse:
    """Send the browser to the identity provider (404 while OIDC is not configured)."""
    if not oidc_enabled():
        raise Http404
    response: HttpResponse = _start(request)
    return response


def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Where the identity provider sends the browser back with the code."""
    if not oidc_enabled():
        raise Http404
    response: HttpResponse = _callback(request)
    return response
