"""Login throttling: django-axes' database handler plus a lockout per IP across usernames.

Axes locks a (username, IP) pair after AXES_FAILURE_LIMIT failures (settings). One limit
serves every entry of AXES_LOCKOUT_PARAMETERS, so ["ip_address"] beside the pair would lock a
whole office behind one NAT address after five typing mistakes. This handler keeps the pair
and adds a second, higher limit, PRAMOEN_LOGIN_IP_FAILURE_LIMIT: the failures of every username
from one address within the cool-off time. It stops one address from guessing the passwords
of many accounts (password spraying), which the pair alone never notices.

Both the check before authentication (`is_locked`, used by axes' backend) and the lockout
after a failure (`user_login_failed`) see the IP limit, so the failure that reaches it is
answered with the lockout page.

The lockout page (`lockout_response`, AXES_LOCKOUT_CALLABLE) says which lock holds — the
address (every username from this network) or the username on this address — and when to try
again: the last failure counted plus the cool-off time, with a Retry-After header.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def ip_failures(request: HttpRequest) -> int:
    """Failures from the request's address within the cool-off time, any username."""
    total = _attempts(request).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


def ip_locked(request: HttpRequest) -> bool:
    return ip_failures(request) >= int(settings.PRAMOEN_LOGIN_IP_FAILURE_LIMIT)


class LoginThrottle(AxesDatabaseHandler):  # type: ignore[misc]
    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return bool(super().is_locked(request, credentials)) or ip_locked(request)

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if not self.is_whitelisted(request, credentials) and ip_locked(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "axes",
                request=request,
                username=credentials.get(settings.AXES_USERNAME_FORM_FIELD),
                ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            )


def _attempts(request: HttpRequest) -> Any:
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The lockout page (429): which lock holds and when to try again, in the user's language.

    The address lock counts every username's failures from this address, so its page speaks of
    the network, not of an account; the pair lock names the username. "Try again after" is the
    last counted failure plus the cool-off time: by then the lock has lifted."""
    by_address = ip_locked(request)
    username = get_client_username(request, credentials) or ""
    attempts = _attempts(request)
    if not by_address:
        attempts = attempts.filter(username=username)
    now = timezone.now()
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    last = attempts.aggregate(last=Max("attempt_time"))["last"] or now
    until = max(last + cool_off, now)
    seconds = int((until - now).total_seconds())
    context = {
        "by_address": by_address,
        "username": username,
        "until": timezone.localtime(until),
        "until_date": timezone.localtime(until).date(),
        "same_day": timezone.localtime(until).date() == timezone.localdate(),
        "minutes": max(1, math.ceil(seconds / 60)),
    }
    response = render(
        request, "registration/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    response["Retry-After"] = str(max(1, seconds))
    return response


# The second factor (accounts.two_factor): a wrong code is a failed login --------------------


def second_factor_credentials(user: Any) -> dict[str, Any]:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def second_factor_locked(request: HttpRequest, user: Any) -> bool:
    """Whether the user's (username, address) pair or the address is locked, as for a login."""
    return bool(AxesProxyHandler.is_locked(request, second_factor_credentials(user)))


def second_factor_failed(request: HttpRequest, user: Any) -> None:
    """Count a wrong two-factor code exactly as a wrong password: the same signal axes counts
    failed logins by, so both add up to the same lockout (and the address limit above). When
    this failure reaches a limit, axes' middleware answers with the lockout page."""
    user_login_failed.send(
        sender=__name__, credentials=second_factor_credentials(user), request=request
    )
