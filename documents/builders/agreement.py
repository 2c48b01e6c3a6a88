"""Content of the performance agreement (คำรับรองการปฏิบัติราชการ) and of the confirmation memo
(บันทึกข้อความ ยืนยันรายละเอียดตัวชี้วัด), domain §10.

Both start from `agreements.content.agreement_content(agreement)` — the signed set when there is
one, else the agreed set, else the committee-approved draft — and add what the printed forms
need: the framework's three score points (the target columns), the signer to print before the
agreement is signed, and the unit that sends the memo. Every text is already formatted with
the document's digits (Thai by default for letters and the agreement, domain §2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person, Role, RoleAssignment
from agreements.content import AgreementContent, KpiContent, Party, agreement_content
from agreements.models import Agreement
from core.media import STORAGE_ERRORS, open_stored
from documents.builders.common import Digits, tree_line
from indicators.models import Kpi

# Shown where a name, a number or a date is to be filled in by hand.
BLANK = "……………………………"
SHORT_BLANK = "…………"
DEFAULT_ADDRESSEE = "เลขาธิการ ก.พ.ร."


@dataclass(frozen=True)
class PartyText:
    name: str
    position: str  # with the organisation: "เลขาธิการสำนักงานนโยบายและแผน…"


@dataclass(frozen=True)
class ScorePoint:
    """One of the framework's three levels (ขั้นต้น / มาตรฐาน / ขั้นสูง) and its score."""

    label: str
    score: Decimal
    score_text: str


@dataclass(frozen=True)
class LevelText:
    label: str
    target: Decimal
    target_text: str
    score: Decimal
    score_text: str


@dataclass(frozen=True)
class AgreementKpi:
    number: str
    name: str
    unit: str
    weight: Decimal
    weight_text: str
    direction: str
    levels: tuple[LevelText, ...]
    # Targets at the framework's three score points, when the KPI has a level at each of them;
    # else None and the document lists every level.
    point_targets: tuple[str, ...] | None
    responsible_unit: str
    origin: str = ""  # where the KPI comes from (issue 17 item 4)
    # One path per plan tree (issue 17 item 5): (tree, "code name › code name").
    lineage_trees: tuple[tuple[str, str], ...] = ()
    assessment_points: tuple[PointText, ...] = ()


@dataclass(frozen=True)
class PointText:
    """An assessment point as the annex lists it (issue 17 item 2), in order."""

    order_text: str
    name: str
    unit: str
    weight_text: str  # "" when the point has no weight of its own


@dataclass(frozen=True)
class AgreementComponent:
    number: str
    name: str
    weight: Decimal
    weight_text: str
    kpis: tuple[AgreementKpi, ...]


@dataclass(frozen=True)
class AgreementDoc:
    department: str
    department_code: str
    department_abbreviation: str
    ministry: str
    fiscal_year: int
    fiscal_year_text: str
    period_start: datetime.date
    period_start_text: str
    period_end: datetime.date
    period_end_text: str
    # In order (issue 17 item 7): who makes the agreement (the department's head, maybe with a
    # deputy) and who receives it (the minister, the permanent secretary…). Empty: to fill in.
    givers: tuple[PartyText, ...]
    receivers: tuple[PartyText, ...]
    components: tuple[AgreementComponent, ...]
    kpi_count: int
    kpi_count_text: str
    total_weight: Decimal
    total_weight_text: str
    score_points: tuple[ScorePoint, ...]
    signed_on: datetime.date | None
    signed_on_text: str
    agreed_on: datetime.date | None
    agreed_on_text: str
    source: str  # "signed", "agreed", "approved" or "current" (agreements.content)
    thai_digits: bool
    # Per-round rules of the KPIs, one line each (issue 17 item 3): "ตัวชี้วัดที่ 6 ประเมิน
    # ตั้งแต่รอบ 12 เดือน (เหตุผล: …)", "… น้ำหนักรอบ 6 เดือน ร้อยละ 15".
    round_rules: tuple[str, ...] = ()

    @property
    def kpis(self) -> list[AgreementKpi]:
        return [kpi for component in self.components for kpi in component.kpis]

    @property
    def giver(self) -> PartyText | None:
        """The first giver, who signs the confirmation memo."""
        return self.givers[0] if self.givers else None

    @property
    def receiver(self) -> PartyText | None:
        return self.receivers[0] if self.receivers else None


@dataclass(frozen=True)
class LetterDoc:
    """The confirmation memo: the agreement's KPIs plus the memo's own head."""

    agreement: AgreementDoc
    sender: str  # ส่วนราชการ: department, unit and telephone
    number: str  # ที่
    date: datetime.date
    date_text: str
    addressee: str  # เรียน
    signer: PartyText | None
    emblem: bytes | None = None  # the department's uploaded emblem (ครุฑ), PNG or JPEG


def agreement_document(agreement: Agreement, *, thai_digits: bool) -> AgreementDoc:
    return _agreement_doc(agreement, agreement_content(agreement), Digits(thai_digits))


def confirmation_letter_document(
    agreement: Agreement,
    *,
    thai_digits: bool,
    number: str = "",
    addressee: str = "",
    date: datetime.date | None = None,
) -> LetterDoc:
    """`number` and `addressee` override the memo's ที่ and เรียน saved with the agreement
    (`agreement_update_memo`); without a number the ministry's letter code is followed by
    blanks to fill in."""
    digits = Digits(thai_digits)
    doc = _agreement_doc(agreement, agreement_content(agreement), digits)
    day = date or timezone.localdate()
    return LetterDoc(
        agreement=doc,
        sender=_sender(agreement, doc, digits),
        number=digits.text(number.strip() or agreement.memo_number)
        or _number_placeholder(agreement),
        date=day,
        date_text=digits.date_full(day),
        addressee=digits.text(addressee.strip() or agreement.memo_addressee or DEFAULT_ADDRESSEE),
        signer=doc.giver,
        emblem=_emblem(agreement),
    )


def _emblem(agreement: Agreement) -> bytes | None:
    emblem = agreement.framework.department.emblem
    if not emblem:
        return None
    try:
        with open_stored(emblem.name, emblem.storage) as file:
            return bytes(file.read())
    except STORAGE_ERRORS:  # missing from the store, or the store is down: the memo leaves
        return None  # the space


def _agreement_doc(agreement: Agreement, content: AgreementContent, d: Digits) -> AgreementDoc:
    framework = agreement.framework
    labels = ("ขั้นต้น", "มาตรฐาน", "ขั้นสูง")
    scores = (framework.basic_score, framework.standard_score, framework.advanced_score)
    points = tuple(
        ScorePoint(label, score, d.number(score))
        for label, score in zip(labels, scores, strict=True)
    )
    components = tuple(
        AgreementComponent(
            number=d.text(index),
            name=d.text(component.name_th),
            weight=component.weight,
            weight_text=d.number(component.weight),
            kpis=tuple(_kpi(kpi, points, d) for kpi in component.kpis),
        )
        for index, component in enumerate(content.components, start=1)
    )
    count = len(content.kpis)
    givers = content.givers or tuple(filter(None, [_only_executive(agreement)]))
    return AgreementDoc(
        department=d.text(content.department_name),
        department_code=content.department_code,
        department_abbreviation=d.text(content.department_abbreviation),
        ministry=d.text(content.ministry_name),
        fiscal_year=content.fiscal_year,
        fiscal_year_text=d.text(content.fiscal_year),
        period_start=content.period_start,
        period_start_text=d.date_full(content.period_start),
        period_end=content.period_end,
        period_end_text=d.date_full(content.period_end),
        givers=tuple(_party(p, d, organisation=content.department_name) for p in givers),
        receivers=tuple(_party(p, d) for p in content.receivers),
        components=components,
        kpi_count=count,
        kpi_count_text=d.text(count),
        total_weight=content.total_weight,
        total_weight_text=d.number(content.total_weight),
        score_points=points,
        signed_on=content.signed_on,
        signed_on_text=d.date_full(content.signed_on),
        agreed_on=content.agreed_on,
        agreed_on_text=d.date_full(content.agreed_on),
        source=content.source,
        thai_digits=d.thai,
        round_rules=_round_rules(agreement, content, d),
    )


def _round_rules(agreement: Agreement, content: AgreementContent, d: Digits) -> tuple[str, ...]:
    """A line for each KPI of the agreement with a per-round rule, read from the version in
    force (the latest approved one; else the draft), in the agreement's order."""
    keys = [kpi.key for kpi in content.kpis if kpi.key]
    versions: dict[str, Kpi] = {}
    rows = (
        Kpi.objects.filter(framework=agreement.framework, key__in=keys)
        .prefetch_related("round_expectations__round")
        .order_by("-version")
    )
    for kpi in rows:
        current = versions.get(str(kpi.key))
        if current is None or (
            current.state != Kpi.State.APPROVED and kpi.state == Kpi.State.APPROVED
        ):
            versions[str(kpi.key)] = kpi
    months = sorted(r.months for r in agreement.framework.rounds.all())
    lines = []
    for item in content.kpis:
        version = versions.get(item.key)
        if version is None:
            continue
        own = {r.round.months: r for r in version.round_expectations.all()}
        # A round without a row of its own: evaluated, at the sheet's weight.
        rules = [
            RoundRule(m, own[m].in_force, own[m].weight, own[m].reason)
            if m in own
            else RoundRule(m, True, None, "")
            for m in months
        ]
        line = round_rule_line(d.code(item.number), rules, version.weight, d)
        if line:
            lines.append(line)
    return tuple(lines)


@dataclass(frozen=True)
class RoundRule:
    months: int
    in_force: bool
    weight: Decimal | None
    reason: str


def round_rule_line(number: str, rules: list[RoundRule], sheet_weight: Decimal, d: Digits) -> str:
    """ "ตัวชี้วัดที่ 6 ประเมินตั้งแต่รอบ 12 เดือน (เหตุผล: …)" / "… ยกเลิกตั้งแต่รอบ 12 เดือน" /
    "… น้ำหนักรอบ 6 เดือน ร้อยละ 15"; "" for a KPI evaluated in every round at its weight."""
    rules = sorted(rules, key=lambda r: r.months)
    out = [r.months for r in rules if not r.in_force]
    live = [r.months for r in rules if r.in_force]
    parts: list[str] = []
    months = d.text
    if out and not live:
        parts.append(_("ไม่ประเมินในทุกรอบ"))
    elif out and max(out) < min(live):
        parts.append(_("ประเมินตั้งแต่รอบ %(months)s เดือน") % {"months": months(min(live))})
    elif out and min(out) > max(live):
        parts.append(_("ยกเลิกตั้งแต่รอบ %(months)s เดือน") % {"months": months(min(out))})
    elif out:
        parts.append(
            _("ไม่ประเมินรอบ %(months)s เดือน") % {"months": ", ".join(months(m) for m in out)}
        )
    for rule in rules:
        if rule.in_force and rule.weight is not None and rule.weight != sheet_weight:
            parts.append(
                _("น้ำหนักรอบ %(months)s เดือน ร้อยละ %(weight)s")
                % {"months": months(rule.months), "weight": d.number(rule.weight)}
            )
    if not parts:
        return ""
    reasons = list(dict.fromkeys(r.reason.strip() for r in rules if r.reason.strip()))
    if reasons:
        parts.append(_("(เหตุผล: %(reason)s)") % {"reason": d.text("; ".join(reasons))})
    return " ".join([_("ตัวชี้วัดที่ %(number)s") % {"number": number}, *parts])


def _kpi(kpi: KpiContent, points: tuple[ScorePoint, ...], d: Digits) -> AgreementKpi:
    levels = tuple(
        LevelText(
            label=d.text(level.label),
            target=level.target,
            target_text=d.number(level.target),
            score=level.score,
            score_text=d.number(level.score),
        )
        for level in kpi.levels
    )
    by_score = {level.score: level.target_text for level in levels}
    at_points = tuple(by_score.get(point.score) for point in points)
    return AgreementKpi(
        number=d.code(kpi.number),
        name=d.text(kpi.name_th),
        unit=d.text(kpi.unit),
        weight=kpi.weight,
        weight_text=d.number(kpi.weight),
        direction=kpi.direction,
        levels=levels,
        point_targets=None if None in at_points else tuple(t or "" for t in at_points),
        responsible_unit=d.text(kpi.responsible_unit),
        origin=d.text(kpi.origin),
        lineage_trees=tuple(tree_line(tree.label, tree.path, d) for tree in kpi.lineage),
        assessment_points=tuple(
            PointText(
                order_text=d.text(point.order),
                name=d.text(point.name),
                unit=d.text(point.unit),
                weight_text=d.number(point.weight),
            )
            for point in sorted(kpi.assessment_points, key=lambda point: point.order)
        ),
    )


def _party(party: Party, d: Digits, *, organisation: str = "") -> PartyText:
    """The giver's position names the department ("เลขาธิการ" → "เลขาธิการสำนักงาน…"); the
    receiver's is printed as the coordinator typed it."""
    position = party.position.strip()
    if organisation and position and organisation not in position:
        position += organisation
    return PartyText(name=d.text(party.name), position=d.text(position))


def _only_executive(agreement: Agreement) -> Party | None:
    """Before signing, the department's executive of the year prints as the giver when there
    is exactly one; otherwise the name is left to fill in."""
    people = list(
        Person.objects.filter(
            roles__role=Role.EXECUTIVE,
            roles__department_id=agreement.framework.department_id,
            roles__fiscal_year=agreement.framework.fiscal_year,
        ).distinct()[:2]
    )
    if len(people) != 1:
        return None
    person = people[0]
    return Party(person.full_name, person.position, agreement.framework.department.name_th)


def _sender(agreement: Agreement, doc: AgreementDoc, d: Digits) -> str:
    """ส่วนราชการ, as on a memo: the unit of the year's coordinator (or of the latest earlier
    year's, before roles are assigned), the department (its abbreviation after a unit), and
    the coordinator's telephone."""
    assignment = (
        RoleAssignment.objects.filter(
            role=Role.COORDINATOR,
            department_id=agreement.framework.department_id,
            fiscal_year__lte=agreement.framework.fiscal_year,
        )
        .select_related("person__unit", "unit")
        .order_by("-fiscal_year", "pk")
        .first()
    )
    unit = None
    if assignment is not None:
        unit = assignment.unit or assignment.person.unit
    parts = (
        [d.text(unit.name_th), doc.department_abbreviation or doc.department]
        if unit
        else [doc.department]
    )
    if assignment is not None and assignment.person.phone:
        parts.append("โทร. " + d.text(assignment.person.phone))
    return " ".join(parts)


def _number_placeholder(agreement: Agreement) -> str:
    """ "ทส ……………/……………": the ministry's letter code (its abbreviation without the dot),
    the rest to fill in."""
    code = agreement.framework.department.ministry.abbreviation.replace(".", "").strip()
    return f"{code} {SHORT_BLANK}/{SHORT_BLANK}".strip()
