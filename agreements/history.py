"""The agreement's history (who did what, when) from the audit log, with Thai labels."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from agreements.selectors import history_of, people_by_user

ACTION_LABELS = {
    "agreements.agreement.started": _("เริ่มรอบคำรับรอง"),
    "agreements.agreement.settings_changed": _("แก้ไขการตั้งค่ารอบ"),
    "agreements.agreement.submitted": _("เสนอร่างตัวชี้วัดต่อคณะกรรมการ"),
    "agreements.agreement.resubmitted": _("เสนอร่างตัวชี้วัดต่อคณะกรรมการอีกครั้ง"),
    "agreements.agreement.reopened": _("นำร่างกลับมาแก้ไข"),
    "agreements.agreement.returned": _("คณะกรรมการส่งร่างกลับให้แก้ไข"),
    "agreements.agreement.approved": _("คณะกรรมการเห็นชอบร่าง"),
    "agreements.agreement.negotiation_started": _("เริ่มการเจรจากับสำนักงาน ก.พ.ร."),
    "agreements.agreement.negotiation_reopened": _("เปิดการเจรจาอีกครั้ง"),
    "agreements.agreement.agreed": _("บันทึกผลการเจรจาที่ตกลง"),
    "agreements.agreement.kpis_locked": _("อนุมัติ (ล็อก) รายละเอียดตัวชี้วัดเพื่อการลงนาม"),
    "agreements.agreement.signed": _("ผู้บริหารลงนามคำรับรอง"),
    "agreements.agreement.scan_uploaded": _("แนบสำเนาคำรับรองที่ลงนาม"),
    "agreements.agreement.circulated": _("แจ้งเวียนคำรับรองให้ผู้รับผิดชอบ"),
    "agreements.agreement.acknowledged": _("รับทราบคำรับรอง"),
    "agreements.agreement.published": _("เผยแพร่คำรับรอง"),
    "agreements.agreement.public_withdrawn": _("ยกเลิกการเผยแพร่ต่อสาธารณะ"),
    "agreements.guideline.uploaded": _("อัปโหลดแนวทางของสำนักงาน ก.พ.ร."),
    "agreements.attachment.deleted": _("ลบเอกสารแนบ"),
    "agreements.briefing.recorded": _("บันทึกการประชุมชี้แจง"),
    "agreements.data_request.created": _("ขอข้อมูลจากหน่วยงาน"),
    "agreements.data_request.answered": _("หน่วยงานส่งข้อมูล"),
    "agreements.data_request.reminded": _("ทวงถามข้อมูลจากหน่วยงาน"),
    "agreements.committee.commented": _("กรรมการให้ความเห็น"),
    "agreements.negotiation.round_recorded": _("บันทึกรอบการเจรจา"),
    "agreements.negotiation.counter_recorded": _("บันทึกข้อเสนอของสำนักงาน ก.พ.ร."),
    "agreements.negotiation.position_settled": _("บันทึกผลการเจรจาของตัวชี้วัด"),
    "agreements.negotiation.kpi_added": _("เพิ่มตัวชี้วัดในการเจรจา"),
    "agreements.amendment.requested": _("ยื่นขอปรับตัวชี้วัด"),
    "agreements.amendment.approved": _("สำนักงาน ก.พ.ร. อนุมัติการขอปรับตัวชี้วัด"),
    "agreements.amendment.rejected": _("สำนักงาน ก.พ.ร. ไม่อนุมัติการขอปรับตัวชี้วัด"),
    "agreements.amendment.version_started": _("สร้างตัวชี้วัดฉบับใหม่ตามที่อนุมัติ"),
    "indicators.kpi.created": _("สร้างตัวชี้วัด"),
    "indicators.kpi.updated": _("แก้ไขตัวชี้วัด"),
    "indicators.kpi.approved": _("อนุมัติตัวชี้วัด"),
    "indicators.kpi.superseded": _("ตัวชี้วัดถูกแทนที่ด้วยฉบับใหม่"),
    "indicators.kpi.new_version": _("สร้างตัวชี้วัดฉบับใหม่"),
    "indicators.kpi.deleted": _("ลบตัวชี้วัด"),
}

# What part of the event's data is worth a line on the timeline.
DETAIL_KEYS = ("title", "subject", "kpi", "meeting_number", "round", "outcome", "reason", "count")


@dataclass(frozen=True)
class HistoryRow:
    at: datetime.datetime
    who: str
    what: str
    subject: str
    detail: str


def _detail(data: dict[str, object]) -> str:
    return " · ".join(str(data[key]) for key in DETAIL_KEYS if data.get(key) not in (None, ""))


def history_rows(agreement: Agreement, limit: int = 500) -> list[HistoryRow]:
    events = list(history_of(agreement)[:limit])
    people = people_by_user([e.actor_id for e in events if e.actor_id is not None])
    rows = []
    for event in events:
        person = people.get(event.actor_id) if event.actor_id is not None else None
        who = person.full_name if person else (event.actor_name or str(_("ระบบ")))
        rows.append(
            HistoryRow(
                at=timezone.localtime(event.created_at),
                who=who,
                what=str(ACTION_LABELS.get(event.action, event.action)),
                subject="" if event.object_repr == str(agreement) else event.object_repr,
                detail=_detail(event.data),
            )
        )
    return rows
