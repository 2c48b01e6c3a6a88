"""One error body for the whole API: `{"code", "message_th", "message_en", "detail": [...]}`.

- `code` is stable and machine-readable ("not_found", "stale_revision", "token_expired", …);
  `message_th` is for the user, `message_en` for the integrator.
- `detail` lists the problems of a 422 per value, in ninja's shape
  (`{"type", "loc": ["body", "payload", ...], "msg": "<Thai>"}`), so a client handles one
  format whether ninja's schema validation or a service refused the value; it is empty for
  other errors. Pydantic's English messages are replaced by Thai ones for the error types a
  client can cause; unknown types keep pydantic's message.

Services raise Django's PermissionDenied / ValidationError and the transition helper's errors;
`install` maps them (and ninja's own) to this body, so no endpoint builds an error by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.numbers import parse_int
from core.transitions import ConcurrentUpdateError, TransitionError

logger = logging.getLogger("pramoen.api")
Loc = Sequence[str | int]
Handler = Callable[[HttpRequest, Exception], HttpResponse]
BODY = ("body", "payload")


class ErrorItem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    code: str
    message_th: str
    message_en: str
    detail: list[ErrorItem] = []


class ApiError(Exception):
    """An error answered as it is: status, code and both messages."""

    def __init__(
        self,
        status: int,
        code: str,
        message_th: str,
        message_en: str,
        *,
        detail: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message_th = message_th
        self.message_en = message_en
        self.detail = detail or []
        self.headers = headers or {}


# The errors every endpoint may answer, by status (ErrorOut bodies).
NOT_AUTHENTICATED = (
    "not_authenticated",
    "กรุณาเข้าสู่ระบบ หรือส่งโทเค็นในส่วนหัว Authorization: Bearer <โทเค็น>",
    "Authentication required: sign in, or send Authorization: Bearer <token>.",
)
TOKEN_ERRORS: dict[str, tuple[str, str]] = {
    "token_invalid": ("โทเค็นไม่ถูกต้อง", "The token is not valid."),
    "token_revoked": ("โทเค็นนี้ถูกยกเลิกแล้ว", "The token has been revoked."),
    "token_expired": ("โทเค็นนี้หมดอายุแล้ว", "The token has expired."),
    "user_inactive": ("บัญชีผู้ใช้ของโทเค็นนี้ถูกระงับ", "The token's user account is disabled."),
}
WWW_AUTHENTICATE = {"WWW-Authenticate": 'Bearer realm="pramoen"'}


CHOICE_ERRORS = frozenset({"enum", "literal_error"})


def _pydantic_messages() -> dict[str, str]:
    return {
        "missing": _("ต้องระบุ"),
        "string_type": _('ต้องเป็นข้อความ (ส่งตัวเลขเป็นข้อความ เช่น "80")'),
        "bool_type": _("ต้องเป็น true หรือ false"),
        "bool_parsing": _("ต้องเป็น true หรือ false"),
        "int_type": _("ต้องเป็นจำนวนเต็ม"),
        "int_parsing": _("ต้องเป็นจำนวนเต็ม"),
        "int_from_float": _("ต้องเป็นจำนวนเต็ม"),
        "greater_than_equal": _("ค่าน้อยเกินกำหนด"),
        "less_than_equal": _("ค่ามากเกินกำหนด"),
        "date_type": _("ต้องเป็นวันที่ในรูปแบบ YYYY-MM-DD"),
        "date_parsing": _("ต้องเป็นวันที่ในรูปแบบ YYYY-MM-DD"),
        "date_from_datetime_parsing": _("ต้องเป็นวันที่ในรูปแบบ YYYY-MM-DD"),
        "list_type": _("ต้องเป็นรายการ (array)"),
        "model_type": _("ต้องเป็นออบเจกต์ (object)"),
        "model_attributes_type": _("ต้องเป็นออบเจกต์ (object)"),
        "dict_type": _("ต้องเป็นออบเจกต์ (object)"),
        "json_invalid": _("เนื้อหาไม่ใช่ JSON ที่ถูกต้อง"),
        "string_too_long": _("ข้อความยาวเกินกำหนด"),
        "string_too_short": _("ข้อความสั้นเกินกำหนด"),
        "string_pattern_mismatch": _("รูปแบบข้อความไม่ถูกต้อง"),
        "too_long": _("จำนวนรายการเกินกำหนด"),
        "extra_forbidden": _("ไม่รู้จักช่องนี้"),
    }


def error_item(loc: Loc, message: str, kind: str = "value_error") -> dict[str, Any]:
    return {"type": kind, "loc": list(loc), "msg": message}


def loc_of(field: str) -> tuple[str | int, ...]:
    """A service's field name as a loc: "levels[1].target" → ("levels", 1, "target")."""
    loc: list[str | int] = []
    for part in field.split("."):
        name, _bracket, index = part.partition("[")
        loc.append(name)
        if index:
            number = index.rstrip("]")
            position = parse_int(number)
            loc.append(position if position is not None else number)
    return tuple(loc)


def error_body(
    code: str, message_th: str, message_en: str, detail: Iterable[dict[str, Any]] = ()
) -> dict[str, Any]:
    return {
        "code": code,
        "message_th": message_th,
        "message_en": message_en,
        "detail": list(detail),
    }


def _respond(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def invalid_body(detail: list[dict[str, Any]]) -> dict[str, Any]:
    first = detail[0]["msg"] if len(detail) == 1 else ""
    return error_body(
        "validation_error",
        first or _("ข้อมูลที่ส่งมาไม่ถูกต้อง ดูรายละเอียดใน detail"),
        "The request is not valid; see detail.",
        detail,
    )


def _thai_message(error: dict[str, Any], messages: dict[str, str]) -> str:
    kind, message = str(error.get("type")), str(error.get("msg", ""))
    context = error.get("ctx") or {}
    if kind in CHOICE_ERRORS:
        if "expected" not in context:  # our own check (api.scoring): it names the choices
            return message
        return _("ค่าต้องเป็นหนึ่งใน %(choices)s") % {
            "choices": str(context["expected"]).replace(" or ", ", ")
        }
    return messages.get(kind, message)


def thai_validation_error(
    request: HttpRequest, exc: ValidationError, api: NinjaAPI
) -> HttpResponse:
    messages = _pydantic_messages()
    detail = [
        error_item(
            list(error.get("loc", [])),
            _thai_message(error, messages),
            str(error.get("type", "value_error")),
        )
        for error in exc.errors
    ]
    return _respond(api, request, 422, invalid_body(detail))


def service_validation_detail(exc: DjangoValidationError, loc: Loc = BODY) -> list[dict[str, Any]]:
    """A service's ValidationError ({field: [messages]} or a list) as 422 detail items."""
    if hasattr(exc, "error_dict"):
        return [
            error_item((*loc, *loc_of(field)), message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [error_item(tuple(loc), message) for message in exc.messages]


def _http_error_code(status: int) -> tuple[str, str, str]:
    if status == 400:  # ninja: the body could not be parsed
        return (
            "invalid_body",
            _("เนื้อหาของคำขอไม่ใช่ JSON ที่ถูกต้อง"),
            "The request body is not valid JSON.",
        )
    if status == 403:
        return ("forbidden", _("ท่านไม่มีสิทธิ์ดำเนินการนี้"), "You are not allowed to do this.")
    if status == 429:
        return ("throttled", _("ส่งคำขอถี่เกินไป กรุณารอสักครู่"), "Too many requests.")
    return ("http_error", _("ไม่สามารถดำเนินการตามคำขอได้"), "The request cannot be served.")


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every error into an ErrorOut body."""

    def on_api_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, ApiError)
        body = error_body(exc.code, exc.message_th, exc.message_en, exc.detail)
        return _respond(api, request, exc.status, body, exc.headers)

    def on_validation(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, ValidationError)
        return thai_validation_error(request, exc, api)

    def on_service_validation(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, DjangoValidationError)
        return _respond(api, request, 422, invalid_body(service_validation_detail(exc)))

    def on_permission(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) or _("ท่านไม่มีสิทธิ์ดำเนินการนี้")
        body = error_body("forbidden", message, "You are not allowed to do this.")
        return _respond(api, request, 403, body)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        body = error_body(
            "not_found",
            _("ไม่พบรายการนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"),
            "Not found, or not visible to you.",
        )
        return _respond(api, request, 404, body)

    def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        code, thai, english = NOT_AUTHENTICATED
        return _respond(api, request, 401, error_body(code, _(thai), english), WWW_AUTHENTICATE)

    def on_http_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, HttpError)
        if "csrf" in str(exc).lower():
            code, thai, english = (
                "csrf_failed",
                _("ไม่ผ่านการตรวจสอบ CSRF: ส่งส่วนหัว X-CSRFToken หรือใช้โทเค็นแทนการเข้าสู่ระบบ"),
                "CSRF check failed: send X-CSRFToken, or use a token instead of the session.",
            )
        else:
            code, thai, english = _http_error_code(exc.status_code)
        return _respond(api, request, exc.status_code, error_body(code, thai, english))

    def on_transition(request: HttpRequest, exc: Exception) -> HttpResponse:
        code = "stale_revision" if isinstance(exc, ConcurrentUpdateError) else "invalid_state"
        english = (
            "Someone else changed this record; reload it and try again."
            if code == "stale_revision"
            else "This change is not possible in the record's current state."
        )
        return _respond(api, request, 409, error_body(code, str(exc), english))

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, not the client's fault: logged with its traceback for the operators, answered
        # as the same JSON body (never Django's HTML page or a traceback, even with DEBUG on).
        logger.error("Unexpected API error: %s %s", request.method, request.path, exc_info=exc)
        body = error_body(
            "internal_error",
            _("เกิดข้อผิดพลาดภายในระบบ กรุณาลองใหม่ภายหลัง หรือแจ้งผู้ดูแลระบบ"),
            "Internal error; please try again later or tell the administrator.",
        )
        return _respond(api, request, 500, body)

    handlers: list[tuple[type[Exception], Handler]] = [
        (Exception, on_unexpected),  # the most specific handler below wins (ninja walks the MRO)
        (ApiError, on_api_error),
        (ValidationError, on_validation),
        (DjangoValidationError, on_service_validation),
        (PermissionDenied, on_permission),
        (Http404, on_not_found),
        (AuthenticationError, on_unauthenticated),
        (HttpError, on_http_error),
        (TransitionError, on_transition),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, cast(Any, handler))
