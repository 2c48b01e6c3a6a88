"""Which KPI version a round is scored against (domain §7: "scoring always uses the KPI version
signed and in force for that round"; issue 6 item 6).

With a signed agreement: the versions in its signed set, replaced by an amendment's new version
when OPDC approved it with `effective_from` on or before the round's period end (and that
version was approved). Without one: for each KPI, the approved version whose approval is the
latest one not after the period end, else the first approved version. Drafts are never in force.
Submissions store the version they were created with and never change it, so later amendments
do not rewrite earlier rounds.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from agreements.models import Agreement, Amendment
from frameworks.models import ReportingRound
from indicators.models import Kpi, RoundExpectation
from indicators.selectors import kpi_sort_key


def _kpis() -> QuerySet[Kpi]:
    return Kpi.objects.select_related("component", "responsible_unit", "overseer")


def _signed(agreement: Agreement, round_: ReportingRound) -> list[Kpi] | None:
    snapshot = agreement.signed_snapshot or {}
    pairs = [
        (uuid.UUID(str(terms["key"])), int(terms["version"]))
        for terms in snapshot.get("kpis", [])
        if terms.get("key") and terms.get("version")
    ]
    if not pairs:
        return None
    match = Q()
    for key, version in pairs:
        match |= Q(key=key, version=version)
    chosen = {
        kpi.key: kpi for kpi in _kpis().filter(framework_id=agreement.framework_id).filter(match)
    }
    amendments = (
        Amendment.objects.filter(
            agreement=agreement,
            state=Amendment.State.APPROVED,
            effective_from__lte=round_.period_end,
            new_kpi__isnull=False,
            new_kpi__approved_at__isnull=False,
        )
        .select_related(
            "new_kpi", "new_kpi__component", "new_kpi__responsible_unit", "new_kpi__overseer"
        )
        .order_by("effective_from", "id")
    )
    for amendment in amendments:
        new = amendment.new_kpi
        assert new is not None
        chosen[new.key] = new
    return list(chosen.values())


def _approved_by_date(round_: ReportingRound) -> list[Kpi]:
    versions: dict[uuid.UUID, list[Kpi]] = defaultdict(list)
    for kpi in _kpis().filter(
        framework_id=round_.framework_id,
        parent__isnull=True,
        approved_at__isnull=False,
        state__in=[Kpi.State.APPROVED, Kpi.State.SUPERSEDED],
    ):
        versions[kpi.key].append(kpi)
    chosen: list[Kpi] = []
    for rows in versions.values():
        rows.sort(key=lambda kpi: kpi.version)
        before = [
            kpi
            for kpi in rows
            if kpi.approved_at is not None
            and timezone.localdate(kpi.approved_at) <= round_.period_end
        ]
        chosen.append(before[-1] if before else rows[0])
    return chosen


def kpis_in_force(round_: ReportingRound) -> list[Kpi]:
    """The top-level KPI versions to report in `round_`, in component and number order."""
    agreement = Agreement.objects.filter(framework_id=round_.framework_id).first()
    chosen = _signed(agreement, round_) if agreement is not None else None
    if chosen is None:
        chosen = _approved_by_date(round_)
    return sorted(chosen, key=kpi_sort_key)


def round_rule(kpi: Kpi, round_: ReportingRound) -> RoundExpectation | None:
    """The KPI version's row for the round (prefetch "round_expectations"), with its per-round
    rule (issue 17 item 3); None: in force with its own weight."""
    return next((r for r in kpi.round_expectations.all() if r.round_id == round_.pk), None)


def kpis_reported(round_: ReportingRound) -> list[Kpi]:
    """The KPIs in force (`kpis_in_force`) that are evaluated in `round_`: without those that
    start at a later round or were cancelled from an earlier one (issue 17 item 3)."""
    kpis = kpis_in_force(round_)
    prefetch_related_objects(kpis, "round_expectations")
    return [kpi for kpi in kpis if (rule := round_rule(kpi, round_)) is None or rule.in_force]
