"""One error body for every 422 of the API, with Thai messages.

Both ninja's own schema validation and our checks answer
`{"detail": [{"type": ..., "loc": ["body", "payload", ...], "msg": "<Thai>"}, ...]}`: ninja's
shape (`loc` starts with where the value came from and the parameter's name), so a client
handles one format. Pydantic's English messages are replaced by Thai ones for the error types
a client can cause; unknown types keep pydantic's message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError

Loc = Sequence[str | int]


class ErrorItem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


def _pydantic_messages() -> dict[str, str]:
    return {
        "missing": _("ต้องระบุ"),
        "string_type": _('ต้องเป็นข้อความ (ส่งตัวเลขเป็นข้อความ เช่น "80")'),
        "bool_type": _("ต้องเป็น true หรือ false"),
        "bool_parsing": _("ต้องเป็น true หรือ false"),
        "list_type": _("ต้องเป็นรายการ (array)"),
        "model_type": _("ต้องเป็นออบเจกต์ (object)"),
        "model_attributes_type": _("ต้องเป็นออบเจกต์ (object)"),
        "dict_type": _("ต้องเป็นออบเจกต์ (object)"),
        "json_invalid": _("เนื้อหาไม่ใช่ JSON ที่ถูกต้อง"),
        "string_too_long": _("ข้อความยาวเกินกำหนด"),
        "too_long": _("จำนวนรายการเกินกำหนด"),
        "extra_forbidden": _("ไม่รู้จักช่องนี้"),
    }


def error_item(loc: Loc, message: str, kind: str = "value_error") -> dict[str, Any]:
    return {"type": kind, "loc": list(loc), "msg": message}


def thai_validation_error(
    request: HttpRequest, exc: ValidationError, api: NinjaAPI
) -> HttpResponse:
    messages = _pydantic_messages()
    detail = [
        {
            "type": error.get("type", "value_error"),
            "loc": list(error.get("loc", [])),
            "msg": messages.get(str(error.get("type")), str(error.get("msg", ""))),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


def install(api: NinjaAPI) -> None:
    def handler(request: HttpRequest, exc: ValidationError | type[ValidationError]) -> HttpResponse:
        assert isinstance(exc, ValidationError)
        return thai_validation_error(request, exc, api)

    api.add_exception_handler(ValidationError, handler)
