"""Two-factor sign-in pages (issue 19 item 2): the code page, enrolment with a QR code drawn
here (SVG, no CDN, no script), the recovery codes shown once, and the administrators' reset.

`TwoFactorMiddleware` holds a signed-in user who must use two-factor
(accounts.selectors.requires_two_factor) and has not passed it this session on these pages:
every other page redirects to the code page (or to enrolment when they have no authenticator
yet). The API answers such a session itself (api.auth: 401 "two_factor_required"), and the
pages a visitor without an account may use stay open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

import django_otp
import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from qrcode.image.svg import SvgPathImage

from accounts import two_factor
from accounts.context_processors import chosen_fiscal_year
from accounts.forms import TwoFactorCodeForm
from accounts.selectors import (
    departments_resetting_two_factor,
    two_factor_people_for,
    with_authenticator,
)
from accounts.throttle import (
    lockout_response,
    second_factor_credentials,
    second_factor_failed,
    second_factor_locked,
)
from accounts.two_factor import two_factor_pending

SESSION_KEY = "pramoen_two_factor_key"  # the secret being enrolled, until it is confirmed

# Open before the second factor: these pages, signing out (or in as someone else), the language
# switch and password reset by e-mail (which never signs in).
OPEN_URL_NAMES = frozenset(
    {
        "two_factor_verify",
        "two_factor_setup",
        "login",
        "logout",
        "set_language",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)
# Paths open to anyone anyway: static files, the public pages, health and metrics endpoints
# (issue 19 item 5), and the API, which refuses an unverified session by itself (api.auth).
OPEN_PATH_PREFIXES = ("/public/", "/api/", "/healthz", "/readyz", "/metrics", "/i18n/")


def _is_open(request: HttpRequest) -> bool:
    path = request.path_info
    static = "/" + settings.STATIC_URL.lstrip("/")
    if path.startswith((static, *OPEN_PATH_PREFIXES)):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in OPEN_URL_NAMES


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending = two_factor_pending(request)
        # The header shows no menu to a pending session (templates/base.html).
        request.two_factor_pending = pending  # type: ignore[attr-defined]
        if pending and not _is_open(request):
            return _to_second_factor(request)
        return self.get_response(request)


def _to_second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    url = reverse("two_factor_verify" if two_factor.has_authenticator(user) else "two_factor_setup")
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.headers.get("HX-Request") == "true":
        # An htmx request would swap the code page into a fragment: the whole page goes.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return reverse("home")
    return target


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


def _locked(request: HttpRequest, user: AbstractBaseUser) -> HttpResponse:
    """The pair or the address is locked (by passwords or codes): sign out, say until when."""
    credentials = second_factor_credentials(user)
    logout(request)
    return lockout_response(request, None, credentials)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code page: six digits from the authenticator app, or one recovery code."""
    user = _user(request)
    next_url = _next(request)
    if not two_factor_pending(request):
        return redirect(next_url)
    if not two_factor.has_authenticator(user):
        return redirect(reverse("two_factor_setup") + "?" + urlencode({"next": next_url}))
    if second_factor_locked(request, user):
        return _locked(request, user)
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            check = two_factor.two_factor_check(user, form.cleaned_data["code"])
            if check.device is not None:
                django_otp.login(request, check.device)
                if isinstance(check.device, StaticDevice):
                    left = check.device.token_set.count()
                    messages.warning(
                        request,
                        _("ใช้รหัสสำรองไปแล้วหนึ่งรหัส เหลืออีก %(left)s รหัส") % {"left": left},
                    )
                return redirect(next_url)
            if check.wait:
                form.add_error("code", _("ใส่รหัสผิดหลายครั้ง กรุณารอสักครู่แล้วลองใหม่"))
                status = 429
            else:
                second_factor_failed(request, user)
                if getattr(request, "axes_locked_out", False):
                    # This failure reached the limit: the session ends and axes' middleware
                    # answers with the lockout page (accounts.throttle.lockout_response).
                    logout(request)
                form.add_error("code", _("รหัสไม่ถูกต้อง กรุณาลองใหม่"))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}, status=status
    )


def qr_svg(uri: str) -> SafeString:
    """The QR code of `uri` as inline SVG (drawn here: no image service, no script). Sized by
    CSS (.qr), with its quiet zone, dark on white."""
    image = qrcode.make(uri, image_factory=SvgPathImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    label = escape(_("คิวอาร์โค้ดสำหรับเพิ่มบัญชีในแอปยืนยันตัวตน"))
    svg = re.sub(
        r"^<svg [^>]*?(viewBox=\"[^\"]*\")",
        rf'<svg class="qr" role="img" aria-label="{label}" \1',
        svg,
    )
    return mark_safe(svg)


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the secret), confirm with a code; the recovery
    codes are then shown once, on this answer."""
    user = _user(request)
    next_url = _next(request)
    if not two_factor_pending(request):
        return redirect(next_url)
    if two_factor.has_authenticator(user):
        return redirect(reverse("two_factor_verify") + "?" + urlencode({"next": next_url}))
    key = request.session.get(SESSION_KEY)
    if not isinstance(key, str) or not re.fullmatch(r"[0-9a-f]{40}", key):
        key = two_factor.new_secret()
        request.session[SESSION_KEY] = key
    form = TwoFactorCodeForm(request.POST or None, enrolment=True)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                enrolment = two_factor.two_factor_enrol(user, key, form.cleaned_data["code"])
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                del request.session[SESSION_KEY]
                django_otp.login(request, enrolment.device)
                return render(
                    request,
                    "accounts/two_factor_codes.html",
                    {"codes": enrolment.recovery_codes, "next": next_url},
                )
    context = {
        "form": form,
        "next": next_url,
        "qr": qr_svg(two_factor.provisioning_uri(user, key)),
        "secret": two_factor.secret_base32(key),
        "issuer": settings.OTP_TOTP_ISSUER,
        "account": user.get_username(),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


# The administrators' reset ------------------------------------------------------------------


@login_required
def two_factor_people(request: HttpRequest) -> HttpResponse:
    """The people of the departments the user administers who have an authenticator, each
    with a reset button (404 for whoever administers none)."""
    year = chosen_fiscal_year(request)
    if not departments_resetting_two_factor(request.user, year).exists():
        raise Http404
    people = list(with_authenticator(two_factor_people_for(request.user, year)))
    return render(request, "accounts/two_factor_people.html", {"people": people})


@login_required
@require_POST
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    year = chosen_fiscal_year(request)
    person = get_object_or_404(two_factor_people_for(request.user, year), pk=pk)
    count = two_factor.two_factor_reset(_user(request), person, year)
    if count:
        messages.success(
            request,
            _("รีเซ็ตการยืนยันตัวตนสองขั้นตอนของ %(person)s แล้ว จะต้องลงทะเบียนใหม่เมื่อเข้าสู่ระบบครั้งถัดไป")
            % {"person": person},
        )
    else:
        messages.info(
            request, _("%(person)s ยังไม่ได้ลงทะเบียนการยืนยันตัวตนสองขั้นตอน") % {"person": person}
        )
    return redirect("two_factor_people")
