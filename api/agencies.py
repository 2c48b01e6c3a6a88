"""Agencies (departments) the caller may see, their org units, and who the caller is.

Visibility is accounts.selectors.departments_visible_to, as on the organisation pages: what the
caller may not see answers 404.
"""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params import P, PathEx

from accounts.models import Department, OrgUnit
from accounts.selectors import departments_visible_to, person_of
from api.auth import caller, token_of
from api.common import Paged, Text, ok

router = Router(tags=["agencies"])

CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"
AgencyCode = PathEx[
    str, P(max_length=32, pattern=CODE_PATTERN, description="รหัสส่วนราชการ", example="onep")
]


class AgencyOut(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    abbreviation: str
    ministry_code: str = Field(alias="ministry.code")
    ministry_name_th: str = Field(alias="ministry.name_th")


class UnitOut(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    abbreviation: str
    kind: str
    parent_code: str | None = Field(None, alias="parent.code")
    order: int


class AgencyFilters(Schema):
    ministry: Text | None = Field(None, max_length=32, description="รหัสกระทรวง")


class TokenInfo(Schema):
    name: str
    scope: Literal["read", "read_write"]
    prefix: str
    expires_on: str | None


class MeOut(Schema):
    username: str
    full_name: str
    auth: Literal["session", "token"]
    token: TokenInfo | None
    agencies: list[str] = Field(description="รหัสส่วนราชการที่มองเห็นได้")


def visible_agency(request: HttpRequest, code: str) -> Department:
    return get_object_or_404(departments_visible_to(caller(request)), code=code)


@router.get("/me", response=ok(MeOut), summary="ผู้ใช้ที่เรียก API", operation_id="me")
def me(request: HttpRequest) -> dict[str, object]:
    user = caller(request)
    person = person_of(user)
    token = token_of(request)
    return {
        "username": user.get_username(),
        "full_name": person.full_name if person is not None else "",
        "auth": "token" if token is not None else "session",
        "token": None
        if token is None
        else {
            "name": token.name,
            "scope": token.scope,
            "prefix": token.prefix,
            "expires_on": token.expires_on.isoformat() if token.expires_on else None,
        },
        "agencies": list(departments_visible_to(user).values_list("code", flat=True)),
    }


@router.get(
    "/agencies",
    response=ok(list[AgencyOut], 422),
    summary="ส่วนราชการที่มองเห็นได้",
    operation_id="agency_list",
)
@paginate(Paged)
def agency_list(request: HttpRequest, filters: Query[AgencyFilters]) -> QuerySet[Department]:
    qs = departments_visible_to(caller(request)).order_by("code")
    if filters.ministry:
        qs = qs.filter(ministry__code=filters.ministry)
    return qs


@router.get(
    "/agencies/{code}",
    response=ok(AgencyOut, 404, 422),
    summary="ส่วนราชการ",
    operation_id="agency_detail",
)
def agency_detail(request: HttpRequest, code: AgencyCode) -> Department:
    return visible_agency(request, code)


@router.get(
    "/agencies/{code}/units",
    response=ok(list[UnitOut], 404, 422),
    summary="หน่วยงานภายในของส่วนราชการ",
    operation_id="agency_units",
)
@paginate(Paged)
def agency_units(request: HttpRequest, code: AgencyCode) -> QuerySet[OrgUnit]:
    department = visible_agency(request, code)
    return (
        OrgUnit.objects.filter(department=department)
        .select_related("parent")
        .order_by("order", "code", "pk")
    )
