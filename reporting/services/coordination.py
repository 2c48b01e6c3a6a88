"""The coordinator moves the round (issue 16 item 3): accept many reports in one go, and remind
the people whose reports are late.

Bulk accept is all or nothing: every report goes through `submission_accept` (the submission
Workflow, its audit event and notification) inside one transaction, so one refusal leaves every
report as it was. Reminders go through notifications.nudges (the same notify path, rate-limited
per person and report).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Person
from core.audit import audit_log
from core.transitions import TransitionError
from frameworks.models import ReportingRound
from indicators.selectors import kpi_sort_key
from notifications.messages import message
from notifications.nudges import NudgeResult, NudgeTarget, nudges_last, nudges_send, window
from reporting import notices, permissions
from reporting.models import Submission
from reporting.services._common import submission_url
from reporting.services.review import submission_accept

S = Submission.State
# Not yet submitted: what the owner still has to send.
NOT_SENT = (S.DRAFT, S.RETURNED)


def _require_coordinator(actor: AbstractBaseUser, round_: ReportingRound) -> None:
    if not permissions.can_coordinate(actor, round_):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่จัดการรอบการรายงานได้"))


def submissions_accept_many(
    actor: AbstractBaseUser, round_: ReportingRound, items: Iterable[tuple[int, int | None]]
) -> list[Submission]:
    """Accept each (submission id, expected version) of the round, all or none.

    A refusal of any one (not yours, not approved yet, changed meanwhile) rolls back every
    accept of the call and is raised naming the KPI."""
    _require_coordinator(actor, round_)
    wanted = dict(items)
    if not wanted:
        raise ValidationError(_("กรุณาเลือกรายงานที่จะตรวจรับอย่างน้อยหนึ่งฉบับ"))
    found = {s.pk: s for s in Submission.objects.filter(round=round_, pk__in=list(wanted))}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(_("ไม่พบรายงานที่เลือกบางฉบับในรอบนี้ กรุณาโหลดหน้าใหม่"))
    accepted: list[Submission] = []
    with transaction.atomic():
        for pk, version in wanted.items():
            submission = found[pk]
            try:
                accepted.append(submission_accept(actor, submission, expected_version=version))
            except (ValidationError, PermissionDenied, TransitionError) as error:
                number = submission.kpi.number
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                # Raising inside the atomic block undoes the accepts made before this one.
                raise ValidationError(
                    _("ยังไม่ได้ตรวจรับรายงานฉบับใด: ตัวชี้วัด %(kpi)s %(why)s")
                    % {"kpi": number, "why": message}
                ) from error
        audit_log(
            actor,
            "reporting.submissions.bulk_accepted",
            round_,
            {"submissions": [s.pk for s in accepted], "count": len(accepted)},
        )
    return accepted


# Who is late ---------------------------------------------------------------------------------


@dataclass
class LatePerson:
    user: AbstractBaseUser
    name: str
    submissions: list[Submission] = field(default_factory=list)
    # When the next reminder is allowed, when every late report of theirs was reminded within
    # the window (None: a reminder may be sent now).
    next_allowed: datetime.datetime | None = None


def is_past_due(round_: ReportingRound) -> bool:
    state = permissions.round_state_of(round_)
    return bool(state is not None and state.is_open and round_.due_date < timezone.localdate())


def late_people(round_: ReportingRound) -> list[LatePerson]:
    """The owners and collectors with a report not yet submitted after the due date, each with
    those reports and when they may next be reminded (empty before the due date or when the
    round is not open)."""
    if not is_past_due(round_):
        return []
    late = list(
        Submission.objects.filter(round=round_, state__in=NOT_SENT)
        .select_related("kpi__responsible_unit", "kpi__component", "round")
        .prefetch_related(
            Prefetch("kpi__collectors", queryset=Person.objects.select_related("user"))
        )
    )
    late.sort(key=lambda s: kpi_sort_key(s.kpi))
    by_kpi = notices.reporters_by_kpi(round_, [s.kpi for s in late])
    names = {
        person.user_id: person.full_name
        for person in Person.objects.filter(
            user_id__in={u.pk for users in by_kpi.values() for u in users}
        )
    }
    people: dict[int, LatePerson] = {}
    for submission in late:
        for user in by_kpi.get(submission.kpi_id, []):
            name = names.get(user.pk) or user.get_username()
            people.setdefault(user.pk, LatePerson(user, name)).submissions.append(submission)
    last = nudges_last(people)
    for user_id, row in people.items():
        until = [last.get((user_id, _subject(s))) for s in row.submissions]
        if until and all(when is not None for when in until):
            row.next_allowed = timezone.localtime(
                min(when for when in until if when is not None) + window()
            )
    return sorted(people.values(), key=lambda p: (p.name, p.user.pk))


def _subject(submission: Submission) -> str:
    return f"reporting.submission:{submission.pk}"


def round_remind_late(
    actor: AbstractBaseUser, round_: ReportingRound, *, user_id: int | None = None
) -> NudgeResult:
    """Remind, now, one late person (or every late person) of each report they have not sent.
    Rate-limited per person and report (settings.PRAMOEN_NUDGE_HOURS); audited."""
    _require_coordinator(actor, round_)
    if not is_past_due(round_):
        raise ValidationError(_("ยังไม่เลยกำหนดส่งรายงาน หรือรอบนี้ไม่ได้เปิดรับรายงานอยู่"))
    people = late_people(round_)
    if user_id is not None:
        people = [p for p in people if p.user.pk == user_id]
        if not people:
            raise ValidationError(_("บุคคลนี้ไม่มีรายงานที่ค้างส่งในรอบนี้แล้ว"))
    if not people:
        raise ValidationError(_("ไม่มีรายงานที่ค้างส่งในรอบนี้"))
    targets = [
        NudgeTarget(
            recipient=person.user,
            subject=_subject(submission),
            kind=notices.KIND_REMINDER,
            title=message(
                gettext_noop("ทวงถามรายงานผลตัวชี้วัด %(kpi)s (%(round)s) ซึ่งเลยกำหนดส่ง %(due)s แล้ว"),
                {"kpi": submission.kpi.number, "round": round_.name_th, "due": round_.due_date},
            ),
            url=submission_url(submission),
            due=round_.due_date,
        )
        for person in people
        for submission in person.submissions
    ]
    with transaction.atomic():
        result = nudges_send(targets, actor=actor)
        audit_log(
            actor,
            "reporting.round.reminded_late",
            round_,
            {
                "sent": [[t.recipient.pk, t.subject] for t in result.sent],
                "refused": [[t.recipient.pk, t.subject] for t, _when in result.refused],
                "person": user_id,
            },
        )
    return result
