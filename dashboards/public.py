"""The public page of a department (issue 7 item 4): the signed KPIs, their targets and the
latest accepted results, when the coordinator has published the agreement to the public
(agreements: `published_at` set and `public` true). Nothing else is public: 404.

Personal data: only the overseers' names and positions (no phone, e-mail or collectors). The
results are the department's self-assessment accepted by its coordinator, labelled as such:
each KPI's latest accepted report (reporting.outlook.latest_results, the dashboard forecast's
source). The page shows no agency total.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from agreements.content import AgreementContent, ComponentContent, KpiContent, agreement_content
from agreements.models import Agreement
from agreements.selectors import public_agreements
from indicators.models import Kpi
from reporting.outlook import latest_results


@dataclass(frozen=True)
class PublicKpi:
    kpi: KpiContent
    overseer_name: str
    overseer_position: str
    result: Decimal | None
    score: Decimal | None
    level_label: str
    round_name: str


@dataclass(frozen=True)
class PublicComponent:
    component: ComponentContent
    kpis: tuple[PublicKpi, ...]


@dataclass(frozen=True)
class PublicPage:
    agreement: Agreement
    content: AgreementContent
    components: tuple[PublicComponent, ...]
    other_years: tuple[int, ...]
    has_results: bool


def public_agreement(code: str, fiscal_year: int | None = None) -> Agreement:
    """The department's public agreement of the year (the latest public year by default)."""
    qs: QuerySet[Agreement] = public_agreements().filter(framework__department__code=code)
    if fiscal_year is not None:
        qs = qs.filter(framework__fiscal_year=fiscal_year)
    agreement = qs.order_by("-framework__fiscal_year").first()
    if agreement is None:
        raise Http404("no public page")
    return agreement


def _pairs(content: AgreementContent, agreement: Agreement) -> list[tuple[uuid.UUID, int]]:
    snapshot = agreement.signed_snapshot or {}
    pairs = []
    for terms in snapshot.get("kpis", []):
        try:
            pairs.append((uuid.UUID(str(terms["key"])), int(terms["version"])))
        except (KeyError, TypeError, ValueError):
            continue
    return pairs


def public_page(agreement: Agreement) -> PublicPage:
    content = agreement_content(agreement)
    framework = agreement.framework
    keys = [uuid.UUID(kpi.key) for kpi in content.kpis if kpi.key]
    # Positions of the overseers, from the signed versions (or the latest when not pinned).
    match = Q()
    for key, version in _pairs(content, agreement):
        match |= Q(key=key, version=version)
    versions = Kpi.objects.filter(framework=framework).select_related("overseer")
    versions = versions.filter(match) if match else versions.filter(key__in=keys, is_latest=True)
    overseers = {str(kpi.key): kpi.overseer for kpi in versions}
    latest = latest_results(framework, keys)
    components = []
    for component in content.components:
        rows = []
        for kpi in component.kpis:
            person = overseers.get(kpi.key)
            report = latest.get(kpi.key)
            rows.append(
                PublicKpi(
                    kpi=kpi,
                    overseer_name=person.full_name if person is not None else kpi.overseer,
                    overseer_position=person.position if person is not None else "",
                    result=report.result if report else None,
                    score=report.score if report else None,
                    level_label=report.level_label if report else "",
                    round_name=report.round_name if report else "",
                )
            )
        components.append(PublicComponent(component, tuple(rows)))
    other_years = tuple(
        public_agreements()
        .filter(framework__department_id=framework.department_id)
        .exclude(pk=agreement.pk)
        .order_by("-framework__fiscal_year")
        .values_list("framework__fiscal_year", flat=True)
    )
    return PublicPage(
        agreement=agreement,
        content=content,
        components=tuple(components),
        other_years=other_years,
        has_results=bool(latest),
    )
