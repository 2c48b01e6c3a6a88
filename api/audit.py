"""`GET /audit/{object_type}/{id}`: the audit trail of one KPI version, framework, agreement,
reporting round (opening, closing, reopening, imports) or submission (saves, review, scores,
appeals).

Only the department's coordinator (or administrator) and its executives may read it
(api.selectors.can_read_audit). An object the caller cannot see at all answers 404, like every
other endpoint; one they can see but whose trail is not theirs to read answers 403.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params import P, PathEx

from accounts.models import Department
from agreements.selectors import agreements_readable_by
from api.auth import caller
from api.common import MAX_ID, Paged, ok
from api.selectors import can_read_audit
from core.audit import audit_events_for
from core.models import AuditEvent
from frameworks.selectors import frameworks_visible_to
from indicators.selectors import kpis_visible_to
from reporting.models import RoundState
from reporting.selectors import rounds_visible_to, submissions_visible_to

router = Router(tags=["audit"])

ObjectType = Literal["kpi", "framework", "agreement", "round", "submission"]


class AuditEventOut(Schema):
    id: int
    created_at: datetime.datetime
    actor: str = Field(alias="actor_name", description="ชื่อผู้ใช้ของผู้กระทำ")
    action: str = Field(description="รหัสการกระทำ เช่น indicators.kpi.updated")
    object_repr: str
    data: dict[str, Any]


def _subject(
    request: HttpRequest, object_type: str, object_id: int
) -> tuple[list[models.Model], Department, int]:
    """The objects whose events make the trail, and the department and year they belong to."""
    user = caller(request)
    if object_type == "kpi":
        kpi = get_object_or_404(kpis_visible_to(user, latest_only=False), pk=object_id)
        return [kpi], kpi.framework.department, kpi.framework.fiscal_year
    if object_type == "framework":
        framework = get_object_or_404(frameworks_visible_to(user), pk=object_id)
        return [framework], framework.department, framework.fiscal_year
    if object_type == "round":
        round_ = get_object_or_404(
            rounds_visible_to(user).select_related("framework__department"), pk=object_id
        )
        # Opening is logged on the round, closing and reopening on its state row.
        state = RoundState.objects.filter(round=round_).first()
        objects: list[models.Model] = [round_] if state is None else [round_, state]
        return objects, round_.framework.department, round_.framework.fiscal_year
    if object_type == "submission":
        submission = get_object_or_404(
            submissions_visible_to(user).select_related("round__framework__department"),
            pk=object_id,
        )
        framework = submission.round.framework
        return [submission], framework.department, framework.fiscal_year
    agreement = get_object_or_404(agreements_readable_by(user), pk=object_id)
    return [agreement], agreement.framework.department, agreement.framework.fiscal_year


@router.get(
    "/audit/{object_type}/{object_id}",
    response=ok(list[AuditEventOut], 403, 404, 422),
    summary="บันทึกการตรวจสอบของตัวชี้วัด กรอบการประเมิน คำรับรอง รอบการรายงาน หรือรายงานผล (ใหม่สุดก่อน)",
    description="เฉพาะผู้ประสานงาน (หรือผู้ดูแลระบบ) และผู้บริหารของส่วนราชการนั้น",
    operation_id="audit_events",
)
@paginate(Paged)
def audit_events(
    request: HttpRequest,
    object_type: PathEx[
        ObjectType,
        P(description="kpi | framework | agreement | round | submission", example="kpi"),
    ],
    object_id: PathEx[int, P(ge=1, le=MAX_ID, example=1)],
) -> models.QuerySet[AuditEvent]:
    subjects, department, year = _subject(request, object_type, object_id)
    if not can_read_audit(caller(request), department, year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานและผู้บริหารของส่วนราชการเท่านั้นที่ดูบันทึกการตรวจสอบได้"))
    return audit_events_for(*subjects).order_by("-created_at", "-id")
