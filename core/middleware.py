"""Thai first: the language is Thai unless the user chose another one (domain: Thai-first UI).

Django's LocaleMiddleware would follow the browser's Accept-Language, so an official on an
English-language browser would get English pages. We honour only the explicit choice made with
the language switch (Django's language cookie).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from core.files import orphans_removed


class ThaiFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class UploadedFilesMiddleware:
    """Files stored during a request whose row did not commit are deleted at its end
    (core.files; issue 15 item 1: a failed transaction leaves no orphaned file)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with orphans_removed():
            return self.get_response(request)
