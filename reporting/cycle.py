"""Step 4 of the cycle checklist (agreements.timeline) as reporting sees each round."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.timeline import CheckItem
from core.thai import thai_date_short
from frameworks.models import ReportingRound
from reporting.models import RoundState


def round_item(round_: ReportingRound) -> CheckItem:
    """A reporting round is done once the coordinator has closed it (its SAR is then final for
    that round); until then it shows its due date, or that it takes reports (domain §7 step 4)."""
    due = _("กำหนดส่ง %(d)s") % {"d": thai_date_short(round_.due_date)}
    try:
        state: RoundState | None = round_.reporting_state
    except RoundState.DoesNotExist:
        state = None
    if state is None:
        return CheckItem(round_.name_th, False, due)
    if state.state == RoundState.State.CLOSED:
        closed = timezone.localdate(state.closed_at) if state.closed_at else None
        detail = _("ปิดรอบแล้ว %(d)s") % {"d": thai_date_short(closed)} if closed else _("ปิดรอบแล้ว")
        return CheckItem(round_.name_th, True, detail)
    return CheckItem(round_.name_th, False, _("เปิดรับรายงาน · %(due)s") % {"due": due})
