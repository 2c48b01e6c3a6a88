"""`GET /me/tasks`: the caller's open tasks (issue 16 item 1), the same list as the "My work"
page (core.work, fed by each app's provider), soonest due first, undated last."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from api.auth import caller
from api.common import ok
from core.work import work_items_for

router = Router(tags=["me"])


class TaskOut(Schema):
    kind: str = Field(
        description="ชนิดของงาน: report_write, report_submit, report_approve, report_accept, "
        "data_request, committee_review, committee_resubmit, negotiation_position, "
        "negotiation_agree, negotiation_counter, signature, acknowledgement, appeal_window, "
        "sar_submitted, report_score, "
        "appeal_answer"
    )
    title: str
    url: str = Field(description="หน้าที่ใช้ทำงานนี้")
    fiscal_year: int | None
    due: datetime.date | None
    overdue_days: int | None = Field(
        description="จำนวนวันที่เลยกำหนด (ค่าลบ = จำนวนวันที่เหลือ, null = ไม่มีกำหนด)"
    )


@router.get(
    "/me/tasks", response=ok(list[TaskOut]), summary="งานที่ต้องดำเนินการ", operation_id="me_tasks"
)
def me_tasks(request: HttpRequest) -> list[TaskOut]:
    return [
        TaskOut(
            kind=item.kind,
            title=item.title,
            url=item.url,
            fiscal_year=item.fiscal_year,
            due=item.due,
            overdue_days=item.overdue_days,
        )
        for item in work_items_for(caller(request))
    ]
