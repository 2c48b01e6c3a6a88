"""The test provider's URLs: django-oauth-toolkit under /o/ and a plain password login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """Standard claims from the provider's user (Thai names), plus the agency's unit claim."""

    oidc_claim_scope = None  # every claim, whatever the scope

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        seed: dict[str, Any] = getattr(settings, "SEED", {})
        units: dict[str, str] = seed.get("units", {})
        return {
            "email_verified": user.username not in seed.get("unverified", []),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "preferred_username": user.username,
            "unit": units.get(user.username, ""),
        }


@csrf_exempt
def password_login(request: HttpRequest) -> HttpResponse:
    user = authenticate(
        request,
        username=request.POST.get("username", ""),
        password=request.POST.get("password", ""),
    )
    if user is None:
        return HttpResponse("wrong", status=403)
    login(request, user)
    return HttpResponse("ok")


urlpatterns = [
    path("login/", password_login),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
