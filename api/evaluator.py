"""`GET /evaluator/queue`: OPDC's evaluator's open work of a year across every department
assigned to them (issue 18 items 3 and 5), the same items as the evaluator console
(reporting.evaluation.evaluator_queue), soonest due first. Anyone who evaluates no department
in the year gets a 404."""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from accounts.selectors import active_fiscal_year
from api.auth import caller
from api.common import ok
from core.numbers import YEAR_MAX, YEAR_MIN
from reporting.evaluation import evaluator_console

router = Router(tags=["evaluator"])


class QueueFilters(Schema):
    year: int | None = Field(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="ปีงบประมาณ (พ.ศ.) ค่าเริ่มต้น: ปีที่ทำงานอยู่"
    )


class QueueItemOut(Schema):
    kind: str = Field(
        description="ชนิดของงาน: negotiation_position, negotiation_agree, sar_submitted, "
        "report_score, appeal_answer"
    )
    department: str = Field(description="รหัสส่วนราชการ")
    department_name: str
    title: str
    url: str = Field(description="หน้าที่ใช้ทำงานนี้")
    fiscal_year: int | None
    due: datetime.date | None
    overdue_days: int | None = Field(
        description="จำนวนวันที่เลยกำหนด (ค่าลบ = จำนวนวันที่เหลือ, null = ไม่มีกำหนด)"
    )


@router.get(
    "/evaluator/queue",
    response=ok(list[QueueItemOut], 404, 422),
    summary="งานของผู้ประเมินในส่วนราชการที่ได้รับมอบหมาย",
    operation_id="evaluator_queue",
)
def evaluator_queue(request: HttpRequest, filters: Query[QueueFilters]) -> list[QueueItemOut]:
    user = caller(request)
    console = evaluator_console(user, filters.year or active_fiscal_year(user))
    if console is None:
        raise Http404
    return [
        QueueItemOut(
            kind=item.kind,
            department=item.department_code,
            department_name=item.department,
            title=item.title,
            url=item.url,
            fiscal_year=item.fiscal_year,
            due=item.due,
            overdue_days=item.overdue_days,
        )
        for item in console.items
    ]
