"""Reads of the agreement cycle that depend on who asks (style.md "Permissions by queryset").

What a user may not see is not in the queryset, so views answer 404:
- the department's own people with a working role that year (not staff) see the whole cycle;
- an OPDC evaluator sees the agreements of the departments assigned to them, minus the internal
  drafting (data requests, committee comments);
- staff (and anyone in the department) see only the published agreement — with the KPI sheets,
  the documents and the API, one rule: indicators.selectors.frameworks_readable_by;
- the public sees only a public page.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import Department, Person
from accounts.selectors import MANAGING_ROLES, counted_assignments, is_superuser
from agreements.models import (
    Acknowledgement,
    Agreement,
    Amendment,
    Attachment,
    CommitteeComment,
    DataRequest,
    KpiPosition,
    NegotiationRound,
    Resolution,
)
from agreements.permissions import INTERNAL_ROLES
from core.models import AuditEvent
from indicators.models import Kpi
from indicators.selectors import (
    CYCLE_ROLES,
    frameworks_readable_by,
    frameworks_worked_on_by,
    kpis_visible_to,
)

User = AbstractBaseUser | AnonymousUser


def _base() -> QuerySet[Agreement]:
    return Agreement.objects.select_related(
        "framework", "framework__department", "framework__department__ministry", "signer"
    )


def _holding(user: User, roles: frozenset[str] | tuple[str, ...]) -> Exists:
    """The user holds one of `roles` in the agreement's department and year (coordinators of
    the year before count too, as in accounts.selectors.can_manage_department)."""
    same_year = counted_assignments().filter(
        person__user_id=int(user.pk or 0),
        department_id=OuterRef("framework__department_id"),
        fiscal_year=OuterRef("framework__fiscal_year"),
        role__in=list(roles),
    )
    return Exists(same_year)


def _managing_last_year(user: User) -> Exists:
    return Exists(
        counted_assignments().filter(
            person__user_id=int(user.pk or 0),
            department_id=OuterRef("framework__department_id"),
            role__in=list(MANAGING_ROLES),
            fiscal_year=OuterRef("framework__fiscal_year") - 1,
        )
    )


def agreements_internal_to(user: User) -> QuerySet[Agreement]:
    """Agreements the user works on inside the department (drafting, committee, signing)."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    if is_superuser(user):
        return _base()
    return _base().filter(Q(_holding(user, INTERNAL_ROLES)) | Q(_managing_last_year(user)))


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    """Agreements whose cycle the user works on: internal roles, or the assigned OPDC evaluator
    (indicators.selectors.frameworks_worked_on_by)."""
    return _base().filter(framework__in=frameworks_worked_on_by(user).values("pk"))


def agreements_readable_by(user: User) -> QuerySet[Agreement]:
    """Agreements the user may read, with their documents (agreement, confirmation letter):
    the one publication rule, indicators.selectors.frameworks_readable_by (issue 14 item 2).
    Pages, documents and the API all ask this."""
    return _base().filter(framework__in=frameworks_readable_by(user).values("pk"))


def published_agreements_visible_to(user: User) -> QuerySet[Agreement]:
    """The intranet: published agreements the user may read."""
    return agreements_readable_by(user).filter(published_at__isnull=False)


def public_agreements() -> QuerySet[Agreement]:
    return _base().filter(published_at__isnull=False, public=True)


def attachments_visible_to(user: User) -> QuerySet[Attachment]:
    """Internal people see every file; the evaluator the negotiation files and the signed scan;
    anyone who sees the published agreement, the signed scan."""
    if not user.is_authenticated:
        return Attachment.objects.none()
    internal = agreements_internal_to(user).values("pk")
    participant = agreements_visible_to(user).values("pk")
    readable = published_agreements_visible_to(user).values("pk")
    for_opdc = (Attachment.Kind.NEGOTIATION, Attachment.Kind.SIGNED_SCAN, Attachment.Kind.AMENDMENT)
    return Attachment.objects.filter(
        Q(agreement__in=internal)
        | Q(agreement__in=participant, kind__in=for_opdc)
        | Q(agreement__in=readable, kind=Attachment.Kind.SIGNED_SCAN)
    ).select_related("agreement")


def departments_in_cycle(user: User, fiscal_year: int) -> QuerySet[Department]:
    """Departments whose cycle the user may open this year (any working role, or managing)."""
    if is_superuser(user):
        return Department.objects.filter(frameworks__fiscal_year=fiscal_year).distinct()
    if not user.is_authenticated:
        return Department.objects.none()
    roles = (
        counted_assignments()
        .filter(person__user_id=user.pk)
        .filter(
            Q(fiscal_year=fiscal_year, role__in=list(CYCLE_ROLES))
            | Q(fiscal_year=fiscal_year - 1, role__in=list(MANAGING_ROLES))
        )
    )
    return Department.objects.filter(pk__in=roles.values("department_id")).order_by("name_th")


def agreement_of(department: Department, fiscal_year: int) -> Agreement | None:
    return (
        _base().filter(framework__department=department, framework__fiscal_year=fiscal_year).first()
    )


# Step 1 --------------------------------------------------------------------------------------


def guidelines_of(agreement: Agreement) -> list[Attachment]:
    return list(agreement.attachments.filter(kind=Attachment.Kind.GUIDELINE))


def briefings_of(agreement: Agreement) -> list[object]:
    return list(agreement.briefings.prefetch_related("attachments").order_by("held_on", "pk"))


def data_requests_of(agreement: Agreement) -> list[DataRequest]:
    return list(
        DataRequest.objects.filter(agreement=agreement)
        .select_related("unit")
        .annotate(response_count=Count("responses"))
        .order_by("due_on", "unit__order", "pk")
    )


def data_request_detail(agreement: Agreement, pk: int) -> DataRequest | None:
    return (
        DataRequest.objects.filter(agreement=agreement, pk=pk)
        .select_related("unit", "agreement__framework__department")
        .prefetch_related("responses__attachments")
        .first()
    )


@dataclass(frozen=True)
class ReviewItem:
    """One KPI of the submitted draft with the committee's comments on it."""

    terms: dict[str, object]
    comments: list[CommitteeComment]
    earlier: list[CommitteeComment]


@dataclass(frozen=True)
class CommitteeReview:
    items: list[ReviewItem]
    general: list[CommitteeComment]
    resolutions: list[Resolution]


def committee_review(agreement: Agreement) -> CommitteeReview:
    """The submitted draft, comments of this submission per KPI and those of earlier ones."""
    comments = list(CommitteeComment.objects.filter(agreement=agreement))
    current: dict[str | None, list[CommitteeComment]] = defaultdict(list)
    earlier: dict[str | None, list[CommitteeComment]] = defaultdict(list)
    for comment in comments:
        key = str(comment.kpi_key) if comment.kpi_key else None
        (current if comment.submission == agreement.submission_count else earlier)[key].append(
            comment
        )
    items = [
        ReviewItem(terms, current.get(str(terms["key"]), []), earlier.get(str(terms["key"]), []))
        for terms in agreement.submitted_snapshot.get("kpis", [])
    ]
    return CommitteeReview(
        items=items,
        general=current.get(None, []) + earlier.get(None, []),
        resolutions=list(Resolution.objects.filter(agreement=agreement).order_by("-submission")),
    )


# Step 2 --------------------------------------------------------------------------------------


def negotiation_rounds_of(agreement: Agreement) -> list[NegotiationRound]:
    return list(
        NegotiationRound.objects.filter(agreement=agreement)
        .annotate(position_count=Count("positions"))
        .prefetch_related("attachments")
        .order_by("number")
    )


def round_detail(agreement: Agreement, number: int) -> NegotiationRound | None:
    return (
        NegotiationRound.objects.filter(agreement=agreement, number=number)
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=KpiPosition.objects.select_related("component", "counter_by").order_by(
                    "component__order", "number", "pk"
                ),
            ),
            "attachments",
        )
        .first()
    )


def position_of(agreement: Agreement, pk: int) -> KpiPosition | None:
    return (
        KpiPosition.objects.filter(round__agreement=agreement, pk=pk)
        .select_related("round", "round__agreement__framework__department", "component")
        .first()
    )


# Step 3 --------------------------------------------------------------------------------------


def acknowledgements_of(agreement: Agreement) -> list[Acknowledgement]:
    return list(
        Acknowledgement.objects.filter(agreement=agreement).select_related("person", "person__unit")
    )


def acknowledgement_for(user: User, agreement: Agreement) -> Acknowledgement | None:
    if not user.is_authenticated:
        return None
    return Acknowledgement.objects.filter(agreement=agreement, person__user_id=user.pk).first()


def amendments_of(agreement: Agreement) -> list[Amendment]:
    return list(
        Amendment.objects.filter(agreement=agreement)
        .select_related("kpi", "new_kpi", "requested_by", "decided_by")
        .prefetch_related("attachments")
    )


def signed_scans_of(agreement: Agreement) -> list[Attachment]:
    return list(agreement.attachments.filter(kind=Attachment.Kind.SIGNED_SCAN))


# History -------------------------------------------------------------------------------------


def history_of(agreement: Agreement) -> QuerySet[AuditEvent]:
    """Every audit event of the agreement and of its year's KPI sheets, newest first."""
    kpi_ids = [
        str(pk)
        for pk in Kpi.objects.filter(framework=agreement.framework).values_list("pk", flat=True)
    ]
    return AuditEvent.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Agreement), object_id=str(agreement.pk))
        | Q(content_type=ContentType.objects.get_for_model(Kpi), object_id__in=kpi_ids)
    ).order_by("-created_at", "-id")


def people_by_user(user_ids: list[int]) -> dict[int, Person]:
    return {p.user_id: p for p in Person.objects.filter(user_id__in=user_ids) if p.user_id}


def kpi_links(user: User, agreement: Agreement) -> dict[str, int]:
    """KPI key → id of the current version the user reads (indicators.selectors.kpis_visible_to:
    the latest for the people working on the cycle, the version in force for staff), for links
    to the KPI sheets."""
    return {
        str(key): pk
        for key, pk in kpis_visible_to(user, agreement.framework).values_list("key", "pk")
    }


def uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


# Menu rule (core.navigation): the agreement cycle's and the rounds' index pages list by
# `departments_in_cycle`. (The intranet is everyone's: published agreements are read by all.)
def menu_cycle_departments(user: User, fiscal_year: int) -> QuerySet[Department]:
    return departments_in_cycle(user, fiscal_year)
