"""Step 1 — study and draft (domain §7): OPDC's guidelines, the briefing meeting and the data
requests to divisions with their answers and reminders."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import OrgUnit, Role
from accounts.selectors import person_of, unit_ids_for_role
from agreements import notices
from agreements.models import Agreement, Attachment, BriefingMeeting, DataRequest, DataResponse
from agreements.permissions import is_coordinator
from agreements.services._common import (
    page_url,
    require_coordinator,
    require_fields,
    require_not_locked,
)
from agreements.uploads import store_attachment
from core.audit import audit_log
from core.media import delete_after_commit
from core.thai import thai_date_short
from notifications.messages import message
from notifications.nudges import NudgeResult, NudgeTarget, nudges_send

# Who answers a data request for a division: its owners and its overseer (domain §8).
ANSWERING_ROLES = (Role.OWNER, Role.OVERSEER)


def guideline_upload(
    actor: AbstractBaseUser, agreement: Agreement, *, upload: UploadedFile, title: str
) -> Attachment:
    """Attach one of OPDC's guideline documents (คู่มือ/แนวทางการประเมิน)."""
    require_coordinator(actor, agreement)
    with transaction.atomic():
        attachment = store_attachment(
            actor, agreement, upload, kind=Attachment.Kind.GUIDELINE, title=title
        )
        audit_log(
            actor,
            "agreements.guideline.uploaded",
            agreement,
            {"attachment": attachment.pk, "title": attachment.title},
        )
    return attachment


def attachment_delete(actor: AbstractBaseUser, attachment: Attachment) -> None:
    agreement = attachment.agreement
    require_coordinator(actor, agreement)
    require_not_locked(agreement)
    with transaction.atomic():
        audit_log(
            actor,
            "agreements.attachment.deleted",
            agreement,
            {"attachment": attachment.pk, "title": attachment.title, "kind": attachment.kind},
        )
        attachment.delete()
        delete_after_commit(attachment.file.storage, attachment.file.name)


def briefing_record(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    held_on: datetime.date,
    title: str,
    attendees: str,
    minutes: str,
    uploads: Sequence[UploadedFile] = (),
) -> BriefingMeeting:
    """Record the briefing meeting on the KPI framework with its attendees and minutes."""
    require_coordinator(actor, agreement)
    require_fields(
        {
            name: message
            for name, message, missing in [
                ("title", _("กรุณาระบุหัวข้อการประชุม"), not title.strip()),
                ("attendees", _("กรุณาระบุผู้เข้าร่วมประชุมอย่างน้อยหนึ่งคน"), not attendees.strip()),
            ]
            if missing
        }
    )
    with transaction.atomic():
        meeting = BriefingMeeting.objects.create(
            agreement=agreement,
            held_on=held_on,
            title=title.strip(),
            attendees=attendees.strip(),
            minutes=minutes.strip(),
            created_by_id=actor.pk,
        )
        for upload in uploads:
            store_attachment(
                actor, agreement, upload, kind=Attachment.Kind.BRIEFING, briefing=meeting
            )
        audit_log(
            actor,
            "agreements.briefing.recorded",
            agreement,
            {"briefing": meeting.pk, "held_on": held_on, "title": meeting.title},
        )
    return meeting


def _answering_users(request: DataRequest) -> list[AbstractBaseUser]:
    unit = request.unit
    return notices.users_with_roles(
        request.agreement,
        ANSWERING_ROLES,
        unit_ids=[unit.pk, *([unit.parent_id] if unit.parent_id else [])],
    )


def data_request_create(
    actor: AbstractBaseUser,
    agreement: Agreement,
    *,
    unit: OrgUnit,
    subject: str,
    details: str,
    due_on: datetime.date,
) -> DataRequest:
    """Ask a division for the data needed to draft the KPIs; its people are notified and
    reminded two days before the due date unless they answer first."""
    require_coordinator(actor, agreement)
    require_not_locked(agreement)
    errors: dict[str, str] = {}
    if unit.department_id != agreement.framework.department_id:
        errors["unit"] = _("หน่วยงานนี้ไม่ได้อยู่ในส่วนราชการนี้")
    if not subject.strip():
        errors["subject"] = _("กรุณาระบุข้อมูลที่ต้องการ")
    if due_on < timezone.localdate():
        errors["due_on"] = _("กำหนดส่งต้องไม่ก่อนวันนี้")
    require_fields(errors)
    with transaction.atomic():
        request = DataRequest.objects.create(
            agreement=agreement,
            unit=unit,
            subject=subject.strip(),
            details=details.strip(),
            due_on=due_on,
            created_by_id=actor.pk,
        )
        audit_log(
            actor,
            "agreements.data_request.created",
            agreement,
            {
                "request": request.pk,
                "unit": unit.code,
                "subject": request.subject,
                "due_on": due_on,
            },
        )
        recipients = _answering_users(request)
        url = page_url(agreement, "data_request", pk=request.pk)
        title = _("ขอข้อมูล: %(subject)s (กำหนดส่ง %(due)s)") % {
            "subject": request.subject,
            "due": thai_date_short(due_on),
        }
        notices.notify(
            recipients,
            kind=notices.KIND_DATA_REQUEST,
            title=title,
            url=url,
            body=request.details,
            due=due_on,
            dedupe_key=f"{request.reminder_key}:sent",
            actor=actor,
        )
        notices.remind(
            recipients,
            kind=notices.KIND_DATA_REQUEST,
            title=message(gettext_noop("ใกล้ครบกำหนด: %(title)s"), {"title": title}),
            url=url,
            send_on=due_on - datetime.timedelta(days=2),
            dedupe_key=request.reminder_key,
            due=due_on,
        )
    return request


def answering_unit_ids(user: AbstractBaseUser, fiscal_year: int) -> set[int]:
    """The units whose data requests this user answers as division staff (not as coordinator):
    units they own or oversee in the year (and those under them), and their own unit."""
    ids = set(unit_ids_for_role(user, ANSWERING_ROLES, fiscal_year))
    person = person_of(user)
    if person is not None and person.unit_id is not None:
        ids.add(person.unit_id)
    return ids


def can_answer(user: AbstractBaseUser, request: DataRequest) -> bool:
    """Division people answer for their unit (or a unit under it); the coordinator may too."""
    if is_coordinator(user, request.agreement):
        return True
    return request.unit_id in answering_unit_ids(user, request.agreement.framework.fiscal_year)


def data_request_respond(
    actor: AbstractBaseUser,
    request: DataRequest,
    *,
    text: str,
    uploads: Sequence[UploadedFile] = (),
) -> DataResponse:
    """A division answers a data request with text and files; its reminder is cancelled."""
    if not can_answer(actor, request):
        raise PermissionDenied(_("เฉพาะบุคลากรของหน่วยงานที่ถูกขอข้อมูลเท่านั้นที่ตอบได้"))
    agreement = request.agreement
    require_not_locked(agreement)
    if not text.strip() and not uploads:
        raise ValidationError({"text": _("กรุณากรอกข้อมูลหรือแนบไฟล์อย่างน้อยหนึ่งไฟล์")})
    person = person_of(actor)
    with transaction.atomic():
        response = DataResponse.objects.create(
            request=request,
            author_id=actor.pk,
            author_name=person.full_name if person else actor.get_username(),
            text=text.strip(),
        )
        for upload in uploads:
            store_attachment(
                actor, agreement, upload, kind=Attachment.Kind.RESPONSE, response=response
            )
        first = DataRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(
            answered_at=timezone.now()
        )
        request.refresh_from_db(fields=["answered_at"])
        audit_log(
            actor,
            "agreements.data_request.answered",
            agreement,
            {"request": request.pk, "response": response.pk, "files": len(uploads)},
        )
        notices.cancel(request.reminder_key)
        if first:
            notices.notify(
                notices.coordinators(agreement),
                kind=notices.KIND_DATA_RESPONSE,
                title=message(
                    gettext_noop("%(unit)s ส่งข้อมูลแล้ว: %(subject)s"),
                    {"unit": request.unit.name_th, "subject": request.subject},
                ),
                url=page_url(agreement, "data_request", pk=request.pk),
                actor=actor,
                email=False,
            )
    return response


def data_requests_remind(
    actor: AbstractBaseUser, agreement: Agreement, *, request_id: int | None = None
) -> NudgeResult:
    """Remind, now, the division of one unanswered data request (or of every one): its owners
    and overseer. Rate-limited per person and request (notifications.nudges: a refusal says
    when the next reminder is allowed); audited (issue 16 item 3)."""
    require_coordinator(actor, agreement)
    open_requests = list(
        DataRequest.objects.filter(agreement=agreement, answered_at__isnull=True).select_related(
            "unit", "agreement__framework__department"
        )
    )
    if request_id is not None:
        open_requests = [r for r in open_requests if r.pk == request_id]
    if not open_requests:
        raise ValidationError(_("ไม่มีคำขอข้อมูลที่ยังไม่ได้รับคำตอบ"))
    targets = [
        NudgeTarget(
            recipient=user,
            subject=f"agreements.data_request:{request.pk}",
            kind=notices.KIND_DATA_REQUEST,
            title=message(gettext_noop("ทวงถามข้อมูล: %(subject)s"), {"subject": request.subject}),
            url=page_url(agreement, "data_request", pk=request.pk),
            due=request.due_on,
        )
        for request in open_requests
        for user in _answering_users(request)
        if user.pk != actor.pk
    ]
    if not targets:
        raise ValidationError(_("หน่วยงานที่ถูกขอข้อมูลยังไม่มีผู้รับผิดชอบที่จะเตือนได้"))
    with transaction.atomic():
        result = nudges_send(targets, actor=actor)
        audit_log(
            actor,
            "agreements.data_request.reminded",
            agreement,
            {
                "requests": [r.pk for r in open_requests],
                "notified": len(result.sent),
                "sent": [[t.recipient.pk, t.subject] for t in result.sent],
                "refused": [[t.recipient.pk, t.subject] for t, _when in result.refused],
            },
        )
    return result
