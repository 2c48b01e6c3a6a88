"""Session lifetime: an idle timeout and an absolute lifetime, both from the environment.

Django's SESSION_COOKIE_AGE alone is an absolute age unless every request saves the session
(SESSION_SAVE_EVERY_REQUEST, a database write per page). Instead the session keeps two
timestamps: when the user signed in and when they were last seen. "Last seen" is written at
most once a minute, and each write also renews the cookie (SESSION_COOKIE_AGE = the idle
timeout), so an office day of steady work keeps the session and an unattended desk loses it.
A session past either limit is ended (logout) and the request goes on as anonymous, so pages
redirect to the login page and the API answers 401.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LOGIN_AT = "pramoen_login_at"
SEEN_AT = "pramoen_seen_at"
SEEN_EVERY = 60  # seconds between writes of "last seen"


def session_expired(request: HttpRequest, now: float) -> bool:
    session = request.session
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(login_at, int | float) or not isinstance(seen_at, int | float):
        return False
    idle = float(settings.PRAMOEN_SESSION_IDLE_SECONDS)
    lifetime = float(settings.PRAMOEN_SESSION_MAX_SECONDS)
    return now - seen_at > idle or now - login_at > lifetime


def session_started(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """user_logged_in receiver: both clocks start at sign-in (a new login, a new lifetime)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            if session_expired(request, now):
                logout(request)
                messages.info(request, _("หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง"))
            else:
                session.setdefault(LOGIN_AT, now)
                seen_at = session.get(SEEN_AT)
                if not isinstance(seen_at, int | float) or now - seen_at >= SEEN_EVERY:
                    session[SEEN_AT] = now
        return self.get_response(request)
