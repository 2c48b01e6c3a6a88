"""Recording that a round's results were presented to the executives (issue 6 item 7).

The coordinator (or administrator) records the date and the meeting after presenting the SAR
or the executive summary; a wrong record is deleted, with an audit event either way.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from frameworks.models import ReportingRound
from reporting import permissions
from reporting.models import ExecutivePresentation

MEETING_MAX = 300
NOTE_MAX = 2_000


def require_coordinator(actor: AbstractBaseUser, round_: ReportingRound) -> None:
    if not permissions.can_coordinate(actor, round_):
        raise PermissionDenied(
            _("เฉพาะผู้ประสานงานหรือผู้ดูแลระบบของส่วนราชการเท่านั้นที่บันทึกการนำเสนอผู้บริหารได้")
        )


def presentation_record(
    actor: AbstractBaseUser,
    round_: ReportingRound,
    *,
    presented_on: datetime.date | None,
    meeting: str,
    note: str = "",
) -> ExecutivePresentation:
    """Record one presentation of the round's results to the executives."""
    require_coordinator(actor, round_)
    meeting = (meeting or "").strip()
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if presented_on is None:
        errors["presented_on"] = _("กรุณาระบุวันที่นำเสนอผลต่อผู้บริหาร")
    elif presented_on > timezone.localdate():
        errors["presented_on"] = _("วันที่นำเสนอต้องไม่เป็นวันในอนาคต")
    if not meeting:
        errors["meeting"] = _("กรุณาระบุการประชุมที่นำเสนอ เช่น การประชุมผู้บริหาร ครั้งที่ 4/2569")
    elif len(meeting) > MEETING_MAX:
        errors["meeting"] = _("ชื่อการประชุมยาวเกิน %(max)s ตัวอักษร") % {"max": MEETING_MAX}
    if len(note) > NOTE_MAX:
        errors["note"] = _("หมายเหตุยาวเกิน %(max)s ตัวอักษร") % {"max": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    assert presented_on is not None
    with transaction.atomic():
        presentation = ExecutivePresentation.objects.create(
            round=round_,
            presented_on=presented_on,
            meeting=meeting,
            note=note,
            recorded_by_id=actor.pk,
        )
        audit_log(
            actor,
            "reporting.presentation.recorded",
            presentation,
            {
                "round": round_.pk,
                "presented_on": presented_on.isoformat(),
                "meeting": meeting,
            },
        )
    return presentation


def presentation_delete(actor: AbstractBaseUser, presentation: ExecutivePresentation) -> None:
    """Remove a record entered by mistake; the audit event keeps what it said."""
    require_coordinator(actor, presentation.round)
    with transaction.atomic():
        audit_log(
            actor,
            "reporting.presentation.deleted",
            presentation,
            {
                "round": presentation.round_id,
                "presented_on": presentation.presented_on.isoformat(),
                "meeting": presentation.meeting,
            },
        )
        presentation.delete()
