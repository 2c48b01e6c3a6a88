"""The parties to the agreement (domain §10, issue 17 item 7): one or more givers and one or
more receivers, each with a name and a position, in order.

The coordinator names them, as they typed the single receiver in the cycle's settings before
(the same right and no state rule: a name misspelt on a signed agreement can still be put
right, and every change is audited with what it replaced).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementParty
from agreements.services._common import require_coordinator, save_with_cas
from core.audit import audit_log

# More than this on one side is a typing slip, not an agreement (ministries sign with one or
# two receivers and one giver, a deputy at most beside them).
MAX_PER_SIDE = 6
NAME_LIMIT = 255


@dataclass(frozen=True)
class PartyInput:
    name: str
    position: str


def _as_rows(side: str, parties: Sequence[PartyInput]) -> tuple[list[PartyInput], dict[str, str]]:
    """Strip the entries, drop the empty ones; errors keyed `<side>-<index>-<field>`."""
    rows: list[PartyInput] = []
    errors: dict[str, str] = {}
    for index, party in enumerate(parties):
        name, position = party.name.strip(), party.position.strip()
        if not name and not position:
            continue
        key = f"{side}-{index}"
        if not name:
            errors[f"{key}-name"] = _("กรุณาระบุชื่อ")
        if not position:
            errors[f"{key}-position"] = _("กรุณาระบุตำแหน่ง")
        if len(name) > NAME_LIMIT or len(position) > NAME_LIMIT:
            errors[f"{key}-name"] = _("ชื่อและตำแหน่งยาวได้ไม่เกิน %(limit)s ตัวอักษร") % {
                "limit": NAME_LIMIT
            }
        rows.append(PartyInput(name, position))
    if len(rows) > MAX_PER_SIDE:
        errors[side] = _("ระบุได้ไม่เกิน %(limit)s คนในแต่ละฝ่าย") % {"limit": MAX_PER_SIDE}
    return rows, errors


def parties_of(agreement: Agreement, side: str) -> list[dict[str, str]]:
    return [
        {"name": p.name, "position": p.position}
        for p in agreement.parties.filter(side=side).order_by("order")
    ]


def agreement_parties_update(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    givers: Sequence[PartyInput],
    receivers: Sequence[PartyInput],
) -> list[AgreementParty]:
    """Replace the agreement's parties with these, in the order given. Empty entries are
    skipped; a side may be left empty (the document leaves blanks to fill in by hand, and the
    signer is recorded as the giver at signing)."""
    require_coordinator(actor, agreement)
    Side = AgreementParty.Side
    giver_rows, errors = _as_rows(Side.GIVER, givers)
    receiver_rows, receiver_errors = _as_rows(Side.RECEIVER, receivers)
    errors |= receiver_errors
    if errors:
        raise ValidationError(errors)
    before = {side: parties_of(agreement, side) for side in Side.values}
    with transaction.atomic():
        save_with_cas(agreement)  # a lost race with another editor is an error, not a merge
        agreement.parties.all().delete()
        created = AgreementParty.objects.bulk_create(
            AgreementParty(
                agreement=agreement, side=side, order=order, name=p.name, position=p.position
            )
            for side, rows in ((Side.GIVER, giver_rows), (Side.RECEIVER, receiver_rows))
            for order, p in enumerate(rows, start=1)
        )
        audit_log(
            actor,
            "agreements.agreement.parties_changed",
            agreement,
            {
                "before": before,
                "after": {
                    Side.GIVER: [{"name": p.name, "position": p.position} for p in giver_rows],
                    Side.RECEIVER: [
                        {"name": p.name, "position": p.position} for p in receiver_rows
                    ],
                },
            },
        )
    return created
