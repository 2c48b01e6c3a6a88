"""Opening and closing a reporting round (issue 6 item 1, item 4 "closing the round locks it")."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Person
from core import indexing
from core.audit import audit_log
from frameworks.models import ReportingRound
from indicators.models import Kpi
from notifications.messages import message
from notifications.services import notify, reminder_cancel, reminder_schedule
from reporting import notices, permissions
from reporting.models import RoundState, Submission
from reporting.services._common import my_updates_url
from reporting.versions import kpis_reported
from reporting.workflow import ROUND_FLOW

APPEAL_DAYS_MAX = 365


def _require_coordinator(actor: AbstractBaseUser, round_: ReportingRound) -> None:
    if not permissions.can_coordinate(actor, round_):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของส่วนราชการเท่านั้นที่จัดการรอบการรายงานได้"))


def _ensure_submissions(round_: ReportingRound, kpis: list[Kpi]) -> list[Submission]:
    """One submission per KPI in force, pinned to that version (never changed later)."""
    taken = set(Submission.objects.filter(round=round_).values_list("kpi_key", flat=True))
    created = Submission.objects.bulk_create(
        [Submission(round=round_, kpi_key=kpi.key, kpi=kpi) for kpi in kpis if kpi.key not in taken]
    )
    indexing.refresh(indexing.REPORT, [submission.pk for submission in created])
    return created


def _reminder_key(round_: ReportingRound, days: int) -> str:
    return f"reporting:round:{round_.pk}:due-{days}"


def _announce(actor: AbstractBaseUser, round_: ReportingRound, state: RoundState) -> None:
    """Tell every owner and collector of the round's KPIs, and remind them before the due date."""
    kpis = list(
        Kpi.objects.filter(submissions__round=round_).prefetch_related(
            Prefetch("collectors", queryset=Person.objects.select_related("user"))
        )
    )
    by_kpi = notices.reporters_by_kpi(round_, kpis)
    counts: dict[int, int] = {}
    users: dict[int, AbstractBaseUser] = {}
    for reporters in by_kpi.values():
        for user in reporters:
            users[user.pk] = user
            counts[user.pk] = counts.get(user.pk, 0) + 1
    framework = round_.framework
    due = round_.due_date
    for pk, user in users.items():
        notify(
            [user],
            kind=notices.KIND_ROUND,
            title=message(
                gettext_noop("เปิด%(round)s ปีงบประมาณ %(year)s: รายงานผล %(n)s ตัวชี้วัด ภายใน %(due)s"),
                {
                    "round": round_.name_th,
                    "year": framework.fiscal_year,
                    "n": counts[pk],
                    "due": due,
                },
            ),
            url=my_updates_url(),
            due=round_.due_date,
            dedupe_key=f"reporting:round:{round_.pk}:opened:{state.version}:{pk}",
            actor=actor,
        )
    for days, when in notices.reminder_times(round_.due_date):
        reminder_schedule(
            users.values(),
            kind=notices.KIND_REMINDER,
            title=message(
                gettext_noop("อีก %(days)s วันถึงกำหนดส่งรายงานผล%(round)s (%(due)s)"),
                {"days": days, "round": round_.name_th, "due": due},
            ),
            url=my_updates_url(),
            send_at=when,
            dedupe_key=_reminder_key(round_, days),
            due=round_.due_date,
        )


def round_open(
    actor: AbstractBaseUser, round_: ReportingRound, *, appeal_days: int | None = None
) -> RoundState:
    """Open the round (or open a closed one again): create a submission per KPI in force and
    evaluated in the round (not for one that starts later or was cancelled, issue 17 item 3)
    and notify its owners and collectors with the deadline."""
    _require_coordinator(actor, round_)
    state = permissions.round_state_of(round_)
    if state is not None and state.is_open:
        raise ValidationError(_("รอบนี้เปิดรับรายงานอยู่แล้ว"))
    kpis = kpis_reported(round_)
    if not kpis:
        raise ValidationError(_("ยังไม่มีตัวชี้วัดที่อนุมัติหรือลงนามแล้วสำหรับรอบนี้ จึงยังเปิดรอบไม่ได้"))
    if appeal_days is not None and not 0 < appeal_days <= APPEAL_DAYS_MAX:
        raise ValidationError({"appeal_days": _("ระยะเวลาอุทธรณ์ต้องอยู่ระหว่าง 1 ถึง 365 วัน")})
    with transaction.atomic():
        if state is None:
            state = RoundState.objects.create(
                round=round_,
                state=RoundState.State.OPEN,
                opened_at=timezone.now(),
                opened_by_id=actor.pk,
                **({"appeal_days": appeal_days} if appeal_days is not None else {}),
            )
            audit_log(actor, "reporting.round.opened", round_, {"round_state": state.pk})
        else:
            ROUND_FLOW.apply(
                state,
                RoundState.State.OPEN,
                actor,
                changes={"opened_at": timezone.now(), "closed_at": None},
            )
        created = _ensure_submissions(round_, kpis)
        audit_log(
            actor,
            "reporting.round.submissions_created",
            round_,
            {"count": len(created), "kpis": [str(s.kpi_id) for s in created]},
        )
        _announce(actor, round_, state)
    return state


class RoundCloseUnconfirmedError(ValidationError):
    """Reports are not all accepted and the coordinator has not confirmed closing anyway (issue
    16 item 3: closing says how many and asks again)."""

    def __init__(self, unaccepted: int) -> None:
        self.unaccepted = unaccepted
        super().__init__(
            _("ยังมีรายงาน %(n)s ฉบับที่ยังไม่ได้ตรวจรับ กรุณายืนยันอีกครั้งว่าจะปิดรอบ") % {"n": unaccepted}
        )


def round_unaccepted_count(round_: ReportingRound) -> int:
    """Reports of the round not accepted yet (what closing would lock as they are)."""
    return Submission.objects.filter(round=round_).exclude(state=Submission.State.ACCEPTED).count()


def round_close(
    actor: AbstractBaseUser,
    round_: ReportingRound,
    *,
    expected_version: int | None = None,
    confirmed: bool = False,
) -> RoundState:
    """Close the round: every submission is locked, reopened ones too (domain §9). While some
    reports are not accepted, only with `confirmed` (RoundCloseUnconfirmedError says how many)."""
    _require_coordinator(actor, round_)
    state = permissions.round_state_of(round_)
    if state is None or not state.is_open:
        raise ValidationError(_("รอบนี้ไม่ได้เปิดรับรายงานอยู่ จึงปิดไม่ได้"))
    if expected_version is not None and expected_version != state.version:
        raise ValidationError(_("สถานะรอบนี้เพิ่งถูกเปลี่ยน กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"))
    with transaction.atomic():
        unaccepted = round_unaccepted_count(round_)
        if unaccepted and not confirmed:
            raise RoundCloseUnconfirmedError(unaccepted)
        ROUND_FLOW.apply(
            state, RoundState.State.CLOSED, actor, changes={"closed_at": timezone.now()}
        )
        RoundState.objects.filter(pk=state.pk).update(closed_by_id=actor.pk)
        relocked = Submission.objects.filter(round=round_, reopened=True).update(
            reopened=False, version=F("version") + 1
        )
        if relocked:
            audit_log(actor, "reporting.round.relocked", round_, {"count": relocked})
        for days in notices.REMINDER_DAYS:
            reminder_cancel(_reminder_key(round_, days))
        if unaccepted:
            audit_log(
                actor, "reporting.round.closed_with_unaccepted", round_, {"count": unaccepted}
            )
    return state


def round_update_settings(
    actor: AbstractBaseUser, round_: ReportingRound, *, appeal_days: int
) -> RoundState:
    _require_coordinator(actor, round_)
    state = permissions.round_state_of(round_)
    if state is None:
        raise ValidationError(_("กรุณาเปิดรอบก่อนกำหนดค่า"))
    if not 0 < appeal_days <= APPEAL_DAYS_MAX:
        raise ValidationError({"appeal_days": _("ระยะเวลาอุทธรณ์ต้องอยู่ระหว่าง 1 ถึง 365 วัน")})
    with transaction.atomic():
        RoundState.objects.filter(pk=state.pk).update(
            appeal_days=appeal_days, version=F("version") + 1
        )
        audit_log(
            actor,
            "reporting.round.settings_changed",
            round_,
            {"appeal_days": appeal_days, "before": state.appeal_days},
        )
        state.refresh_from_db()
    return state
