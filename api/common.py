"""Shared pieces of the endpoints: bounded pagination, safe input types, numbers as text, and
the error responses every operation declares (so the OpenAPI document lists them).

Numbers travel as JSON strings ("20.0000") and are parsed straight into Decimal: a float would
lose exactness (style.md: Decimal, never float).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from api.errors import ErrorOut
from api.numbers import LIMIT, NUMBER
from core.numbers import MAX_ID as MAX_ID  # re-exported: the API's id bound
from core.numbers import YEAR_MAX, YEAR_MIN

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
M = TypeVar("M", bound=Model)


def _clean_text(value: str) -> str:
    """No NUL and no lone surrogates: PostgreSQL cannot store them (a 500 otherwise)."""
    if "\x00" in value:
        raise PydanticCustomError("text_invalid", "ข้อความมีอักขระ NUL ซึ่งไม่อนุญาต")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("text_invalid", "ข้อความมีอักขระที่ไม่ใช่ UTF-8") from None
    return value


Text = Annotated[str, AfterValidator(_clean_text)]


def _decimal_text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


# A stored Decimal on its way out, as plain text (never scientific notation).
DecimalText = Annotated[str, BeforeValidator(_decimal_text)]
OptionalDecimalText = Annotated[str | None, BeforeValidator(_decimal_text)]


class Paged(PageNumberPagination):
    """`?page=` (from 1) and `?page_size=` (1–100, default 50); answers items and count."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="หน้าที่ (เริ่มที่ 1)")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="จำนวนรายการต่อหน้า (สูงสุด 100)"
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="จำนวนรายการทั้งหมดที่ตรงเงื่อนไข")
        page: int
        page_size: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(  # type: ignore[override]
        self,
        queryset: QuerySet[Any] | list[Any],
        pagination: Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        size = pagination.page_size
        offset = (pagination.page - 1) * size
        return {
            "items": list(queryset[offset : offset + size]),
            "count": self._items_count(queryset),  # type: ignore[arg-type]
            "page": pagination.page,
            "page_size": size,
        }


def number_problem(text: str) -> str | None:
    """Why a number sent as text is refused (the scoring calculator's rule: plain decimal
    notation, at most 10¹⁵ either way, so no calculation leaves Decimal's precision)."""
    if not NUMBER.fullmatch(text.strip()):
        return _("กรุณากรอกเป็นตัวเลข")
    if abs(Decimal(text.strip())) > LIMIT:
        return _("ค่าต้องอยู่ระหว่าง -10¹⁵ ถึง 10¹⁵")
    return None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Error responses of an operation besides 401 (every endpoint behind auth)."""
    return {status: ErrorOut for status in (401, *statuses)}


def ok(schema: Any, *statuses: int) -> dict[int, Any]:
    return {200: schema, **errors(*statuses)}


class YearAgencyFilters(Schema):
    """The filters every list of a department's yearly objects takes (issue 8 item 3)."""

    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="ปีงบประมาณ (พ.ศ.)")
    agency: Text | None = Field(None, max_length=32, description="รหัสส่วนราชการ")


def filter_year_agency(
    qs: QuerySet[M], filters: YearAgencyFilters, framework: str = "framework"
) -> QuerySet[M]:
    """Apply `year` and `agency` through the path to the framework ("" for frameworks)."""
    prefix = f"{framework}__" if framework else ""
    if filters.year is not None:
        qs = qs.filter(**{f"{prefix}fiscal_year": filters.year})
    if filters.agency:
        qs = qs.filter(**{f"{prefix}department__code": filters.agency})
    return qs
