"""Agreements (คำรับรอง, domain §7 steps 1–3): state and dates, read only.

A caller sees what the agreement pages show them (agreements.selectors.agreements_readable_by:
the cycle they take part in, plus the published agreements of their departments).
"""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.params import P, PathEx

from agreements.content import agreement_parties
from agreements.models import Agreement
from agreements.selectors import agreements_readable_by
from api.auth import caller
from api.common import MAX_ID, Paged, YearAgencyFilters, filter_year_agency, ok

router = Router(tags=["agreements"])

AgreementId = PathEx[int, P(ge=1, le=MAX_ID, description="รหัสคำรับรอง", example=1)]


class PartyOut(Schema):
    """A party to the agreement as the document prints it (issue 17 item 7)."""

    order: int
    name: str
    position: str


def _parties(obj: Agreement, side: int) -> list[PartyOut]:
    # agreements.content decides who the parties are (the signer when no giver is named).
    parties = agreement_parties(obj)[side]
    return [
        PartyOut(order=order, name=p.name, position=p.position)
        for order, p in enumerate(parties, start=1)
    ]


class AgreementOut(Schema):
    id: int
    framework_id: int
    agency: str
    fiscal_year: int
    state: Agreement.State
    state_label: str
    version: int
    started_on: datetime.date
    negotiation_due: datetime.date | None
    approved_on: datetime.date | None
    negotiation_started_on: datetime.date | None
    agreed_on: datetime.date | None
    signed_on: datetime.date | None
    circulated_on: datetime.date | None
    published_at: datetime.datetime | None
    public: bool
    signer_name: str | None
    signer_position: str | None
    givers: list[PartyOut]  # ผู้ทำคำรับรอง, in order
    receivers: list[PartyOut]  # ผู้รับคำรับรอง, in order

    @staticmethod
    def resolve_givers(obj: Agreement) -> list[PartyOut]:
        return _parties(obj, 0)

    @staticmethod
    def resolve_receivers(obj: Agreement) -> list[PartyOut]:
        return _parties(obj, 1)

    @staticmethod
    def resolve_agency(obj: Agreement) -> str:
        return obj.framework.department.code

    @staticmethod
    def resolve_fiscal_year(obj: Agreement) -> int:
        return obj.framework.fiscal_year

    @staticmethod
    def resolve_state_label(obj: Agreement) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_signer_name(obj: Agreement) -> str | None:
        return obj.signer.full_name if obj.signer is not None else None

    @staticmethod
    def resolve_signer_position(obj: Agreement) -> str | None:
        return obj.signer.position if obj.signer is not None else None


class AgreementFilters(YearAgencyFilters):
    state: Agreement.State | None = None


@router.get(
    "/agreements",
    response=ok(list[AgreementOut], 422),
    summary="คำรับรองการปฏิบัติราชการที่มองเห็นได้",
    operation_id="agreement_list",
)
@paginate(Paged)
def agreement_list(request: HttpRequest, filters: Query[AgreementFilters]) -> QuerySet[Agreement]:
    qs = (
        agreements_readable_by(caller(request))
        .prefetch_related("parties")
        .order_by("-framework__fiscal_year", "framework__department__code", "pk")
    )
    qs = filter_year_agency(qs, filters)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs


@router.get(
    "/agreements/{agreement_id}",
    response=ok(AgreementOut, 404, 422),
    summary="คำรับรองการปฏิบัติราชการ: สถานะและวันที่ของแต่ละขั้นตอน",
    operation_id="agreement_detail",
)
def agreement_detail(request: HttpRequest, agreement_id: AgreementId) -> Agreement:
    return get_object_or_404(
        agreements_readable_by(caller(request)).prefetch_related("parties"), pk=agreement_id
    )
