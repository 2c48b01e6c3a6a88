"""JSON logs with the request id and the user id, no personal data (issue 19 item 5).

`LOG_FORMAT=json` makes every log line one JSON object: time, level, logger, message,
request_id, user_id (and `exception` with the traceback). The request id is the client's
`X-Request-ID` when it looks like an id (letters, digits, `._-`, at most 64), otherwise a new
one; it is echoed in the response's `X-Request-ID` so a user's screenshot of a header, nginx's
log and ours meet. The user is logged by numeric id only: never a name, username or e-mail.

This module is imported by the LOGGING setting, before the apps are ready: no model imports.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_request: ContextVar[HttpRequest | None] = ContextVar("pramoen_log_request", default=None)
_request_id: ContextVar[str] = ContextVar("pramoen_log_request_id", default="")


def request_id_of(header: str | None) -> str:
    if header and _VALID_ID.match(header):
        return header
    return uuid.uuid4().hex


def user_id_of(request: HttpRequest | None) -> int | None:
    """The signed-in user's id, only if the request already looked the user up: a log line
    never causes a session or user query of its own."""
    if request is None:
        return None
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # SimpleLazyObject until first used
    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    pk = getattr(wrapped, "pk", None)
    return pk if isinstance(pk, int) else None


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later log line of the request carries its id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token = _request_id.set(request_id)
        request_token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(request_token)
            _request_id.reset(id_token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestContextFilter(logging.Filter):
    """Puts `request_id` and `user_id` on every record (empty/None outside a request).

    Django logs a 4xx/5xx answer (django.request) after the middleware has returned, with the
    request on the record: its id is taken from there."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and hasattr(request, "request_id"):
            record.request_id = request.request_id
            record.user_id = user_id_of(request)
        else:
            record.request_id = _request_id.get()
            record.user_id = user_id_of(_request.get())
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "user_id": getattr(record, "user_id", None),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
