"""The content of the performance agreement (คำรับรองการปฏิบัติราชการ, domain §10) as plain
dataclasses, for the document builders (PDF/DOCX) and the intranet and public pages.

`agreement_content(agreement)` reads the signed set when the agreement is signed, else the
agreed set, else the committee-approved draft, else the KPI sheets as they are now. It does not
check permission: callers do (views through the selectors, the CLI by its own rules).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementParty, Resolution
from agreements.terms import Terms, snapshot_of
from core.fiscal import FiscalYear
from frameworks.models import PlanTree
from indicators.models import Direction, ScoringMethod


@dataclass(frozen=True)
class Party:
    name: str
    position: str
    organisation: str


@dataclass(frozen=True)
class LevelContent:
    label: str
    target: Decimal
    score: Decimal


@dataclass(frozen=True)
class KpiContent:
    key: str
    number: str
    name_th: str
    unit: str
    weight: Decimal
    method: str
    method_label: str
    direction: str
    direction_label: str
    levels: tuple[LevelContent, ...]
    responsible_unit: str
    overseer: str
    collectors: tuple[str, ...]
    evidence_required: str
    origin: str = ""  # in e-SAR's wording (indicators.origins); "" in terms frozen before
    # One path per plan tree (issue 17 item 5) and the assessment points (item 2); empty in
    # terms frozen before they were part of them.
    lineage: tuple[TreeContent, ...] = ()
    assessment_points: tuple[PointContent, ...] = ()


@dataclass(frozen=True)
class TreeContent:
    tree: str  # frameworks.models.PlanTree
    label: str
    path: tuple[tuple[str, str], ...]  # (code, name) from the tree's top down


@dataclass(frozen=True)
class PointContent:
    order: int
    name: str
    unit: str
    weight: Decimal | None


@dataclass(frozen=True)
class ComponentContent:
    code: str
    name_th: str
    weight: Decimal
    kpis: tuple[KpiContent, ...]


@dataclass(frozen=True)
class AgreementContent:
    """Everything the agreement document and the confirmation letter show."""

    department_code: str
    department_name: str
    department_abbreviation: str
    ministry_name: str
    fiscal_year: int
    period_start: datetime.date
    period_end: datetime.date
    # The parties in order (AgreementParty rows, issue 17 item 7): who gives the agreement (the
    # department's head; before any is named, the signer) and who receives it.
    givers: tuple[Party, ...]
    receivers: tuple[Party, ...]
    components: tuple[ComponentContent, ...]
    total_weight: Decimal
    state: str
    state_label: str
    source: str  # "signed", "agreed", "approved" or "current": which set the KPIs come from
    signed_on: datetime.date | None
    agreed_on: datetime.date | None
    agreed_summary: str
    approved_on: datetime.date | None
    committee_meeting: str  # "ครั้งที่ 3/2568" of the approving resolution, or ""
    published: bool

    @property
    def kpis(self) -> list[KpiContent]:
        return [kpi for component in self.components for kpi in component.kpis]

    @property
    def giver(self) -> Party | None:
        """The first giver: who signs the confirmation memo."""
        return self.givers[0] if self.givers else None

    @property
    def receiver(self) -> Party | None:
        return self.receivers[0] if self.receivers else None


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _kpi(terms: Terms) -> KpiContent:
    return KpiContent(
        key=str(terms.get("key", "")),
        number=str(terms.get("number", "")),
        name_th=str(terms.get("name_th", "")),
        unit=str(terms.get("unit", "")),
        weight=_decimal(terms.get("weight")),
        method=str(terms.get("method", "")),
        method_label=str(dict(ScoringMethod.choices).get(str(terms.get("method")), "")),
        direction=str(terms.get("direction", "")),
        direction_label=str(dict(Direction.choices).get(str(terms.get("direction")), "")),
        levels=tuple(
            LevelContent(
                str(lv.get("label", "")), _decimal(lv.get("target")), _decimal(lv.get("score"))
            )
            for lv in terms.get("levels") or []
        ),
        responsible_unit=str(terms.get("responsible_unit", "")),
        overseer=str(terms.get("overseer", "")),
        collectors=tuple(str(name) for name in terms.get("collectors") or []),
        evidence_required=str(terms.get("evidence_required", "")),
        origin=str(terms.get("origin", "")),
        lineage=tuple(_tree(tree) for tree in terms.get("lineage") or []),
        assessment_points=tuple(
            PointContent(
                order=int(point.get("order") or 0),
                name=str(point.get("name", "")),
                unit=str(point.get("unit", "")),
                weight=_decimal(point["weight"]) if point.get("weight") not in (None, "") else None,
            )
            for point in terms.get("assessment_points") or []
        ),
    )


def _tree(terms: Mapping[str, Any]) -> TreeContent:
    tree = str(terms.get("tree", ""))
    return TreeContent(
        tree=tree,
        label=str(dict(PlanTree.choices).get(tree, tree)),
        path=tuple(
            (str(node.get("code", "")), str(node.get("name", "")))
            for node in terms.get("path") or []
        ),
    )


def _source(agreement: Agreement) -> tuple[str, Terms]:
    for name, snapshot in (
        ("signed", agreement.signed_snapshot),
        ("agreed", agreement.agreed_snapshot),
        ("approved", agreement.approved_snapshot),
    ):
        if snapshot:
            return name, snapshot
    return "current", snapshot_of(agreement.framework)


def agreement_content(agreement: Agreement) -> AgreementContent:
    framework = agreement.framework
    department = framework.department
    source, snapshot = _source(agreement)
    kpis = [_kpi(terms) for terms in snapshot.get("kpis", [])]
    components = tuple(
        ComponentContent(
            code=str(c["code"]),
            name_th=str(c["name_th"]),
            weight=_decimal(c.get("weight")),
            kpis=tuple(
                kpi
                for kpi, terms in zip(kpis, snapshot.get("kpis", []), strict=True)
                if terms.get("component") == c["code"]
            ),
        )
        for c in sorted(snapshot.get("components", []), key=lambda c: c.get("order", 0))
    )
    givers, receivers = agreement_parties(agreement)
    approval = (
        Resolution.objects.filter(agreement=agreement, decision=Resolution.Decision.APPROVE)
        .order_by("-submission")
        .first()
    )
    year = FiscalYear(framework.fiscal_year)
    return AgreementContent(
        department_code=department.code,
        department_name=department.name_th,
        department_abbreviation=department.abbreviation,
        ministry_name=department.ministry.name_th,
        fiscal_year=framework.fiscal_year,
        period_start=year.start,
        period_end=year.end,
        givers=givers,
        receivers=receivers,
        components=components,
        total_weight=sum((kpi.weight for kpi in kpis), Decimal(0)),
        state=agreement.state,
        state_label=str(agreement.get_state_display()),
        source=source,
        signed_on=agreement.signed_on,
        agreed_on=agreement.agreed_on,
        agreed_summary=agreement.agreed_summary,
        approved_on=agreement.approved_on,
        committee_meeting=approval.meeting_number if approval else "",
        published=agreement.published_at is not None,
    )


def agreement_parties(agreement: Agreement) -> tuple[tuple[Party, ...], tuple[Party, ...]]:
    """The givers and the receivers in order. Givers belong to the department, receivers to
    the ministry. An agreement signed with no giver named shows its signer (rows written
    before the signer was recorded as a party)."""
    department = agreement.framework.department
    givers: list[Party] = []
    receivers: list[Party] = []
    # `parties.all()` uses a prefetch when the caller made one (the API's lists).
    for row in sorted(agreement.parties.all(), key=lambda p: (p.side, p.order)):
        if row.side == AgreementParty.Side.GIVER:
            givers.append(Party(row.name, row.position, department.name_th))
        else:
            receivers.append(Party(row.name, row.position, department.ministry.name_th))
    signer = agreement.signer
    if not givers and signer is not None:
        givers.append(Party(signer.full_name, signer.position, department.name_th))
    return tuple(givers), tuple(receivers)


def agreement_for_document(department_code: str, fiscal_year: int) -> Agreement:
    """The agreement of a department and year, for the command line (no permission check).
    Raises Agreement.DoesNotExist with a Thai message when there is none."""
    agreement = (
        Agreement.objects.select_related(
            "framework", "framework__department", "framework__department__ministry", "signer"
        )
        .filter(framework__department__code=department_code, framework__fiscal_year=fiscal_year)
        .first()
    )
    if agreement is None:
        raise Agreement.DoesNotExist(
            _("ไม่พบคำรับรองของส่วนราชการ %(code)s ปีงบประมาณ %(year)s")
            % {"code": department_code, "year": fiscal_year}
        )
    return agreement
