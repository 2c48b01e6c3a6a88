"""Step 2 — negotiate with OPDC (domain §7): rounds, per-KPI counter-proposals and agreed values,
and the agreed set that becomes the KPI sheets.

A KPI's standing is its position in the last round it appears in. When OPDC's evaluator records
the agreement, the agreed terms are written to the draft KPI sheets through the indicators
services (changed ones updated, dropped ones deleted, added ones created) and frozen as the
step's artefact.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from agreements import notices
from agreements.models import Agreement, Attachment, KpiPosition, NegotiationRound
from agreements.services._common import (
    page_url,
    require_evaluator,
)
from agreements.services.cycle import cancel_step_deadline, schedule_step_deadline
from agreements.terms import Terms, framework_kpis, kpi_terms, snapshot_of, validate_terms
from agreements.uploads import store_attachment
from agreements.workflow import (
    AGREEMENT_WORKFLOW,
    COUNTER_RECORDED,
    NEGOTIATE,
    POSITION_FLOW,
    POSITION_SETTLED,
    REOPEN_NEGOTIATION,
    START_NEGOTIATION,
)
from core.audit import audit_log
from core.transitions import ConcurrentUpdateError
from frameworks.models import Component
from indicators.models import Kpi
from notifications.messages import message

S = Agreement.State
Outcome = KpiPosition.Outcome


def _notify_other_side(actor: AbstractBaseUser, agreement: Agreement, title: str, key: str) -> None:
    """Negotiation news goes to the evaluators and the coordinators, except the one acting."""
    notices.notify(
        notices.users_with_roles(agreement, [Role.EVALUATOR, Role.COORDINATOR]),
        kind=notices.KIND_NEGOTIATION,
        title=title,
        url=page_url(agreement, "negotiation"),
        dedupe_key=key,
        actor=actor,
        email=False,
    )


def negotiation_start(
    actor: AbstractBaseUser, agreement: Agreement, *, started_on: datetime.date | None = None
) -> Agreement:
    AGREEMENT_WORKFLOW.require(agreement, S.NEGOTIATING, actor, action=START_NEGOTIATION)
    day = started_on or timezone.localdate()
    with transaction.atomic():
        AGREEMENT_WORKFLOW.apply(
            agreement,
            S.NEGOTIATING,
            actor,
            changes={"negotiation_started_on": day},
            action=START_NEGOTIATION,
        )
        schedule_step_deadline(agreement, 2, day)
        _notify_other_side(
            actor,
            agreement,
            message(
                gettext_noop("%(department)s เริ่มการเจรจาตัวชี้วัดปีงบประมาณ %(year)s"),
                {
                    "department": agreement.framework.department.name_th,
                    "year": agreement.framework.fiscal_year,
                },
            ),
            f"agreements:negotiation:{agreement.pk}:started:{agreement.version}",
        )
    return agreement


def standing_positions(agreement: Agreement) -> dict[uuid.UUID, KpiPosition]:
    """Each KPI's position in the last round it appears in, by KPI key."""
    standing: dict[uuid.UUID, KpiPosition] = {}
    for position in (
        KpiPosition.objects.filter(round__agreement=agreement)
        .select_related("round", "component")
        .order_by("round__number", "id")
    ):
        standing[position.kpi_key] = position
    return standing


def _carried_terms(position: KpiPosition) -> Terms:
    return dict(position.final_terms or position.counter or position.proposed)


def negotiation_round_create(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    held_on: datetime.date,
    participants: str,
    minutes: str,
    uploads: Sequence[UploadedFile] = (),
) -> NegotiationRound:
    """Record a round. Every KPI still on the table is put on it, proposed as it stood after the
    previous round (or as its sheet reads, for a KPI new to the negotiation)."""
    AGREEMENT_WORKFLOW.require(agreement, NEGOTIATE, actor)
    if not participants.strip():
        raise ValidationError({"participants": _("กรุณาระบุผู้เข้าร่วมการเจรจาอย่างน้อยหนึ่งคน")})
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        number = (locked.negotiation_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
        round_ = NegotiationRound.objects.create(
            agreement=agreement,
            number=number,
            held_on=held_on,
            participants=participants.strip(),
            minutes=minutes.strip(),
            created_by_id=actor.pk,
        )
        standing = standing_positions(agreement)
        positions: list[KpiPosition] = []
        live = {kpi.key: kpi for kpi in framework_kpis(agreement.framework)}
        for key, kpi in live.items():
            before = standing.get(key)
            if before is not None and before.outcome == Outcome.DROPPED:
                continue
            positions.append(
                KpiPosition(
                    round=round_,
                    kpi_key=key,
                    component=kpi.component,
                    number=kpi.number,
                    proposed=_carried_terms(before) if before else kpi_terms(kpi),
                )
            )
        for key, before in standing.items():  # added by OPDC, not created yet
            if key not in live and before.is_new and before.outcome != Outcome.DROPPED:
                positions.append(
                    KpiPosition(
                        round=round_,
                        kpi_key=key,
                        is_new=True,
                        component=before.component,
                        number=before.number,
                        proposed=_carried_terms(before),
                    )
                )
        KpiPosition.objects.bulk_create(positions)
        for upload in uploads:
            store_attachment(
                actor,
                agreement,
                upload,
                kind=Attachment.Kind.NEGOTIATION,
                negotiation_round=round_,
            )
        audit_log(
            actor,
            "agreements.negotiation.round_recorded",
            agreement,
            {"round": number, "held_on": held_on, "kpis": len(positions)},
        )
        _notify_other_side(
            actor,
            agreement,
            message(gettext_noop("บันทึกการเจรจาครั้งที่ %(n)s แล้ว"), {"n": number}),
            f"agreements:negotiation:{agreement.pk}:round:{number}",
        )
    return round_


def _latest_round_id(agreement: Agreement) -> int | None:
    return (
        NegotiationRound.objects.filter(agreement=agreement)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )


def _require_open_position(actor: AbstractBaseUser, position: KpiPosition) -> Agreement:
    agreement = position.round.agreement
    AGREEMENT_WORKFLOW.require(agreement, NEGOTIATE, actor)
    if position.round_id != _latest_round_id(agreement):
        raise ValidationError(_("แก้ไขได้เฉพาะรอบการเจรจาล่าสุด รอบก่อนหน้าเป็นบันทึกที่แก้ไขไม่ได้"))
    return agreement


def _checked_terms(terms: Mapping[str, Any], base: Mapping[str, Any]) -> Terms:
    merged: Terms = {**base, **terms}
    # "20", never "2E+1" (what str() of a normalized Decimal gives).
    merged["weight"] = (
        format(Decimal(str(merged.get("weight"))).normalize(), "f")
        if merged.get("weight") not in (None, "")
        else None
    )
    errors = validate_terms(merged)
    if errors:
        raise ValidationError(errors)
    return merged


class PositionConflictError(ConcurrentUpdateError):
    """Someone saved this KPI's position since this user opened it; `current` is the stored
    row, so the page can show what changed (issue 15 item 4)."""

    def __init__(self, current: KpiPosition) -> None:
        super().__init__(
            _(
                "มีผู้อื่นบันทึกข้อเสนอของตัวชี้วัดนี้หลังจากที่คุณเปิดหน้านี้ ระบบจึงยังไม่บันทึกข้อมูลของคุณ "
                "กรุณาตรวจสอบค่าที่บันทึกไว้ล่าสุดเทียบกับค่าที่คุณกรอก แล้วบันทึกอีกครั้ง"
            )
        )
        self.current = current


def _save_position(
    actor: AbstractBaseUser,
    position: KpiPosition,
    target: str,
    *,
    action: str,
    changes: dict[str, Any],
    data: dict[str, Any],
    expected_version: int | None,
) -> KpiPosition:
    agreement = position.round.agreement
    try:
        return POSITION_FLOW.apply(
            position,
            target,
            actor,
            action=action,
            changes={**changes, "updated_at": timezone.now()},
            data={"round": position.round.number, "kpi": position.number, **data},
            expected_version=expected_version,
            audit_on=agreement,
        )
    except ConcurrentUpdateError as error:
        current = KpiPosition.objects.select_related("round").get(pk=position.pk)
        raise PositionConflictError(current) from error


def position_counter_record(
    actor: AbstractBaseUser,
    position: KpiPosition,
    *,
    terms: Mapping[str, Any] | None,
    note: str = "",
    expected_version: int | None = None,
) -> KpiPosition:
    """OPDC's counter-proposal for one KPI: changed terms, or None to propose dropping it.
    `expected_version` is the version the form was opened with (stale: PositionConflictError).
    The assigned evaluator's alone (domain §8), never the department's: refused before the
    state is looked at, so the department is told "not yours" whatever the state."""
    require_evaluator(actor, position.round.agreement)
    agreement = _require_open_position(actor, position)
    counter = {"drop": True} if terms is None else _checked_terms(terms, position.proposed)
    changes: dict[str, Any] = {
        "counter": counter,
        "counter_by_id": actor.pk,
        "counter_at": timezone.now(),
    }
    if note.strip():
        changes["note"] = note.strip()
    with transaction.atomic():
        _save_position(
            actor,
            position,
            position.outcome,
            action=COUNTER_RECORDED,
            changes=changes,
            data={"counter": counter},
            expected_version=expected_version,
        )
        _notify_other_side(
            actor,
            agreement,
            message(gettext_noop("สำนักงาน ก.พ.ร. เสนอปรับตัวชี้วัด %(kpi)s"), {"kpi": position.number}),
            f"agreements:negotiation:counter:{position.pk}:{position.version}",
        )
    return position


def position_settle(
    actor: AbstractBaseUser,
    position: KpiPosition,
    *,
    outcome: str,
    terms: Mapping[str, Any] | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> KpiPosition:
    """Record what was agreed for one KPI: accepted as proposed, changed (with the agreed terms),
    or dropped. The agreed values are OPDC's word, so the assigned evaluator records them
    (POSITION_FLOW), and then records the agreed summary (agreement_mark_agreed), which writes
    what OPDC settled to the sheets. `expected_version` as for the counter-proposal."""
    require_evaluator(actor, position.round.agreement)
    _require_open_position(actor, position)
    if outcome not in (Outcome.ACCEPTED, Outcome.CHANGED, Outcome.DROPPED, Outcome.PENDING):
        raise ValidationError({"outcome": _("กรุณาเลือกผลการเจรจา")})
    agreed: Terms | None = None
    if outcome == Outcome.CHANGED:
        if terms is None:
            raise ValidationError({"outcome": _("กรุณากรอกค่าที่ตกลงเมื่อเลือก “ปรับแก้”")})
        base = position.counter if position.counter and not position.counter.get("drop") else None
        agreed = _checked_terms(terms, base or position.proposed)
    changes: dict[str, Any] = {"agreed": agreed}
    if note.strip():
        changes["note"] = note.strip()
    with transaction.atomic():
        _save_position(
            actor,
            position,
            outcome,
            action=POSITION_SETTLED,
            changes=changes,
            data={"outcome": outcome, "agreed": agreed},
            expected_version=expected_version,
        )
    return position


def position_add(
    actor: AbstractBaseUser,
    round_: NegotiationRound,
    *,
    component: Component,
    number: str,
    terms: Mapping[str, Any],
) -> KpiPosition:
    """A KPI OPDC adds in the negotiation (a counter-proposal: the evaluator's alone); its sheet
    is created when the agreement is recorded."""
    agreement = round_.agreement
    require_evaluator(actor, agreement)
    AGREEMENT_WORKFLOW.require(agreement, NEGOTIATE, actor)
    if round_.pk != _latest_round_id(agreement):
        raise ValidationError(_("เพิ่มตัวชี้วัดได้เฉพาะในรอบการเจรจาล่าสุด"))
    if component.framework_id != agreement.framework_id:
        raise ValidationError({"component": _("องค์ประกอบนี้ไม่ได้อยู่ในกรอบการประเมินปีนี้")})
    if not number.strip():
        raise ValidationError({"number": _("กรุณาระบุลำดับตัวชี้วัด")})
    base = {
        "number": number.strip(),
        "component": component.code,
        "component_name": component.name_th,
        "unit": "",
        "version": 1,
    }
    checked = _checked_terms(terms, base)
    key = uuid.uuid4()
    checked["key"] = str(key)
    with transaction.atomic():
        position = KpiPosition.objects.create(
            round=round_,
            kpi_key=key,
            is_new=True,
            component=component,
            number=number.strip(),
            proposed=checked,
            counter=checked,
            counter_by_id=actor.pk,
            counter_at=timezone.now(),
        )
        audit_log(
            actor,
            "agreements.negotiation.kpi_added",
            agreement,
            {"round": round_.number, "kpi": position.number, "terms": checked},
        )
    return position


# Recording the agreement ---------------------------------------------------------------------


def _level_inputs(kpi: Kpi | None, terms: Mapping[str, Any]) -> list[Any]:
    """The agreed levels for the KPI sheet. The description is the agreed one (the counter-
    proposal's when OPDC changed it); only terms frozen before descriptions were negotiated
    lack one, and keep the sheet's."""
    from indicators.validation import LevelInput

    old = sorted(kpi.levels.all(), key=lambda lv: (lv.order, lv.pk)) if kpi else []
    return [
        LevelInput(
            target=Decimal(str(level["target"])),
            score=Decimal(str(level["score"])),
            label=str(level.get("label", "")),
            description=str(level["description"])
            if "description" in level
            else (old[i].description if i < len(old) else ""),
            evidence=old[i].evidence if i < len(old) else "",
        )
        for i, level in enumerate(terms.get("levels") or [])
    ]


def _sheet_fields(agreement: Agreement, terms: Mapping[str, Any]) -> dict[str, Any]:
    component = agreement.framework.components.get(code=terms["component"])
    return {
        "component": component,
        "number": str(terms["number"]),
        "name_th": str(terms["name_th"]),
        "weight": Decimal(str(terms["weight"])),
        "method": terms["method"],
        "direction": terms["direction"],
    }


def _apply_agreed(actor: AbstractBaseUser, agreement: Agreement) -> list[str]:
    """Write the agreed set to the KPI sheets. Returns the problems that stop it (Thai)."""
    from indicators.services import kpi_create, kpi_delete_draft, kpi_update

    standing = standing_positions(agreement)
    live = {kpi.key: kpi for kpi in framework_kpis(agreement.framework)}
    problems = [
        _("ตัวชี้วัด %(kpi)s ยังไม่ได้เข้าสู่การเจรจา กรุณาบันทึกรอบการเจรจาใหม่") % {"kpi": str(kpi)}
        for key, kpi in live.items()
        if key not in standing
    ]
    problems += [
        _("ตัวชี้วัด %(kpi)s ยังไม่ได้บันทึกผลการเจรจา") % {"kpi": f"{p.number} {p.name}"}
        for p in standing.values()
        if p.outcome == Outcome.PENDING
    ]
    if problems:
        return problems
    # Drops first, so an added KPI may take a dropped one's number; then changes, then additions.
    order = {Outcome.DROPPED: 0, Outcome.ACCEPTED: 1, Outcome.CHANGED: 1}
    for key, position in sorted(
        standing.items(), key=lambda item: (order[Outcome(item[1].outcome)], item[1].is_new)
    ):
        kpi = live.get(key)
        terms = position.final_terms
        try:
            if position.outcome == Outcome.DROPPED:
                if kpi is not None:
                    kpi_delete_draft(actor, kpi, agreed=True)
            elif kpi is None:
                if position.is_new and terms is not None:
                    created = kpi_create(
                        actor,
                        agreement.framework,
                        levels=_level_inputs(None, terms),
                        agreed=True,
                        **_sheet_fields(agreement, terms),
                    )
                    Kpi.objects.filter(pk=created.pk).update(key=key)
            elif terms is not None and _differs(kpi, terms):
                kpi_update(
                    actor,
                    kpi,
                    fields=_sheet_fields(agreement, terms),
                    levels=_level_inputs(kpi, terms),
                    agreed=True,
                )
        except ValidationError as error:
            problems += [f"{position.number} {position.name}: {m}" for m in error.messages]
    return problems


def _differs(kpi: Kpi, terms: Mapping[str, Any]) -> bool:
    from agreements.terms import terms_differ

    current = kpi_terms(kpi)
    return terms_differ(current, terms) or _descriptions_differ(current, terms)


def _descriptions_differ(current: Mapping[str, Any], terms: Mapping[str, Any]) -> bool:
    """A changed level description alone is a change to write (the diff page leaves it out)."""
    now = [str(level.get("description", "")) for level in current.get("levels") or []]
    agreed = [level.get("description") for level in terms.get("levels") or []]
    return any(
        text is not None and (i >= len(now) or str(text) != now[i]) for i, text in enumerate(agreed)
    )


def agreement_mark_agreed(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    summary: str,
    agreed_on: datetime.date,
) -> Agreement:
    """Record the agreed result (step 2's artefact): the KPI sheets take the agreed terms and the
    agreed set is frozen for the diff against the committee-approved draft. The agreed summary
    is OPDC's word (domain §8, issue 14 item 1): the assigned evaluator's alone, refused before
    the state is looked at; the sheets are written in the evaluator's name."""
    require_evaluator(actor, agreement)
    AGREEMENT_WORKFLOW.require(agreement, S.AGREED, actor)
    if not summary.strip():
        raise ValidationError({"summary": _("กรุณาสรุปผลการเจรจาที่ตกลงกับสำนักงาน ก.พ.ร.")})
    if not agreement.negotiation_rounds.exists():
        raise ValidationError(_("ยังไม่มีการบันทึกรอบการเจรจา"))
    with transaction.atomic():
        problems = _apply_agreed(actor, agreement)
        if problems:
            raise ValidationError(problems)
        snapshot = snapshot_of(agreement.framework)
        AGREEMENT_WORKFLOW.apply(
            agreement,
            S.AGREED,
            actor,
            data={"agreed_on": agreed_on, "kpis": len(snapshot["kpis"])},
            changes={
                "agreed_snapshot": snapshot,
                "agreed_summary": summary.strip(),
                "agreed_on": agreed_on,
            },
        )
        cancel_step_deadline(agreement, 2)
        schedule_step_deadline(agreement, 3, agreed_on)
        _notify_other_side(
            actor,
            agreement,
            message(
                gettext_noop("บันทึกผลการเจรจาที่ตกลงแล้ว (%(n)s ตัวชี้วัด)"),
                {"n": len(snapshot["kpis"])},
            ),
            f"agreements:negotiation:{agreement.pk}:agreed:{agreement.version}",
        )
    return agreement


def negotiation_reopen(actor: AbstractBaseUser, agreement: Agreement) -> Agreement:
    """Back to negotiating before signing (OPDC asked for another change)."""
    AGREEMENT_WORKFLOW.require(agreement, S.NEGOTIATING, actor, action=REOPEN_NEGOTIATION)
    with transaction.atomic():
        AGREEMENT_WORKFLOW.apply(
            agreement,
            S.NEGOTIATING,
            actor,
            changes={"agreed_on": None},
            action=REOPEN_NEGOTIATION,
        )
        cancel_step_deadline(agreement, 3)
        schedule_step_deadline(
            agreement, 2, agreement.negotiation_started_on or agreement.approved_on
        )
    return agreement
