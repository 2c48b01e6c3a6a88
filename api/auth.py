"""Who is calling: a personal access token (`Authorization: Bearer prm_…`) or the browser
session (with Django's CSRF check on unsafe methods, as on every form of the site).

The token is tried first: a request that presents a token is judged by that token alone
(a bad token is a 401 even when a session cookie rides along). A read-scope token may call
GET/HEAD/OPTIONS only, except for the calculators that change nothing (`CALCULATOR_AUTH`):
every other endpoint refuses it on unsafe methods by default, so a new write endpoint cannot
forget to.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from accounts.two_factor import two_factor_pending
from api.errors import TOKEN_ERRORS, WWW_AUTHENTICATE, ApiError
from api.models import ApiToken
from api.services import TokenRefused, token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """Personal access tokens (api.models.ApiToken)."""

    def __init__(self, *, read_scope_may_post: bool = False) -> None:
        self.read_scope_may_post = read_scope_may_post
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser:
        try:
            found = token_authenticate(token)
        except TokenRefused as refused:
            thai, english = TOKEN_ERRORS[refused.code]
            raise ApiError(401, refused.code, _(thai), english, headers=WWW_AUTHENTICATE) from None
        if (
            request.method not in SAFE_METHODS
            and not found.can_write
            and not self.read_scope_may_post
        ):
            raise ApiError(
                403,
                "token_read_only",
                _("โทเค็นนี้มีสิทธิ์อ่านอย่างเดียว จึงแก้ไขข้อมูลไม่ได้"),
                "This token is read-only; use a read-write token to change data.",
            )
        user: AbstractBaseUser = found.user
        # Code that reads request.user (the active fiscal year, …) sees the token's user.
        request.user = user  # type: ignore[assignment]
        request.api_token = found  # type: ignore[attr-defined]
        return user


class SessionCsrfAuth(SessionAuth):
    """The signed-in browser session; ninja checks CSRF for unsafe methods. A session that has
    not yet passed the second factor its user must use (accounts.selectors.requires_two_factor)
    is refused, as the pages refuse it; a token is made from a verified session only."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and two_factor_pending(request):
            raise ApiError(
                401,
                "two_factor_required",
                _("กรุณายืนยันตัวตนสองขั้นตอนในหน้าเว็บก่อน หรือใช้โทเค็นแทนการเข้าสู่ระบบ"),
                "Two-factor verification required: enter your code on the web site first, "
                "or use a token.",
            )
        return user


DEFAULT_AUTH: list[Any] = [TokenAuth(), SessionCsrfAuth()]
CALCULATOR_AUTH: list[Any] = [TokenAuth(read_scope_may_post=True), SessionCsrfAuth()]


def caller(request: HttpRequest) -> AbstractBaseUser:
    """The authenticated user of an endpoint behind DEFAULT_AUTH or CALCULATOR_AUTH."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, AbstractBaseUser)
    return user


def token_of(request: HttpRequest) -> ApiToken | None:
    token: ApiToken | None = getattr(request, "api_token", None)
    return token
