"""A coordinator's "send reminder" (nudge) to one person about one piece of work that is late: a
report, an acknowledgement of the circulated agreement, a data request (issue 16 item 3).

A nudge goes through the same path as every notification (`notify`: inbox, then e-mail through
the outbox) and is rate-limited: one person hears about one subject at most once in
settings.PRAMOEN_NUDGE_HOURS hours, however often and by whomever the button is pressed. The
record of a nudge is its notification, keyed `nudge:<subject>:<bucket>`; the bucket (the
timestamp divided by the window) makes two simultaneous clicks one notification through the
inbox's unique key, and the check against the last nudge keeps the window a full N hours.

These are system functions: the calling service has checked who may nudge, and writes its own
audit event naming what was nudged (this module adds `notifications.sent` through `notify`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.thai import thai_date_short
from notifications.models import Notification
from notifications.services import notify

PREFIX = "nudge:"


def window() -> datetime.timedelta:
    return datetime.timedelta(hours=max(1, int(settings.PRAMOEN_NUDGE_HOURS)))


@dataclass(frozen=True)
class NudgeTarget:
    """One reminder to send: to whom, about what (`subject`, e.g. "reporting.submission:12"),
    and the notification's text."""

    recipient: AbstractBaseUser
    subject: str
    kind: str
    title: str
    url: str = ""
    body: str = ""
    due: datetime.date | None = None


@dataclass
class NudgeResult:
    sent: list[NudgeTarget] = field(default_factory=list)
    # Refused by the rate limit, with the time the next reminder is allowed.
    refused: list[tuple[NudgeTarget, datetime.datetime]] = field(default_factory=list)

    @property
    def next_allowed(self) -> datetime.datetime | None:
        return min((when for _target, when in self.refused), default=None)

    @property
    def people(self) -> int:
        return len({t.recipient.pk for t in self.sent})


class NudgeTooSoonError(ValidationError):
    """Every reminder asked for was sent too recently; the message says when the next is
    allowed."""

    def __init__(self, next_allowed: datetime.datetime) -> None:
        self.next_allowed = next_allowed
        local = timezone.localtime(next_allowed)
        super().__init__(
            _("ส่งการเตือนเรื่องนี้ไปแล้วเมื่อไม่นานมานี้ ส่งได้อีกครั้งหลัง %(date)s เวลา %(time)s น.")
            % {"date": thai_date_short(local.date()), "time": local.strftime("%H:%M")}
        )


def _subject_of(key: str) -> str:
    """`nudge:<subject>:<bucket>` → subject."""
    return key[len(PREFIX) :].rsplit(":", 1)[0]


def nudges_last(
    recipient_ids: Iterable[int], *, now: datetime.datetime | None = None
) -> dict[tuple[int, str], datetime.datetime]:
    """(recipient id, subject) → when they were last nudged about it, within the window."""
    now = now or timezone.now()
    ids = list({int(pk) for pk in recipient_ids})
    last: dict[tuple[int, str], datetime.datetime] = {}
    if not ids:
        return last
    rows = Notification.objects.filter(
        recipient_id__in=ids, dedupe_key__startswith=PREFIX, created_at__gt=now - window()
    ).values_list("recipient_id", "dedupe_key", "created_at")
    for recipient_id, key, created_at in rows:
        pair = (recipient_id, _subject_of(key))
        if pair not in last or created_at > last[pair]:
            last[pair] = created_at
    return last


def nudge_allowed_after(
    recipient_id: int, subject: str, *, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """When the next reminder to this person about this subject is allowed (None: now)."""
    last = nudges_last([recipient_id], now=now).get((recipient_id, subject))
    return last + window() if last is not None else None


def nudges_send(
    targets: Sequence[NudgeTarget],
    *,
    actor: AbstractBaseUser,
    now: datetime.datetime | None = None,
) -> NudgeResult:
    """Send each target that the rate limit allows, in one transaction.

    When none could be sent because of the rate limit, raise NudgeTooSoonError with the
    earliest time the next one is allowed (the whole call is then refused: nothing to roll
    back, and the caller's audit event is not written)."""
    now = now or timezone.now()
    span = window()
    bucket = int(now.timestamp() // span.total_seconds())
    result = NudgeResult()
    ids = {t.recipient.pk for t in targets}
    active = set(
        get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
    )
    with transaction.atomic():
        last = nudges_last(ids, now=now)
        for target in targets:
            if target.recipient.pk not in active:
                continue  # nobody to tell: neither sent nor held back
            previous = last.get((target.recipient.pk, target.subject))
            if previous is not None:
                result.refused.append((target, previous + span))
                continue
            created = notify(
                [target.recipient],
                kind=target.kind,
                title=target.title,
                url=target.url,
                body=target.body,
                due=target.due,
                dedupe_key=f"{PREFIX}{target.subject}:{bucket}",
                actor=actor,
            )
            if created:
                result.sent.append(target)
                last[(target.recipient.pk, target.subject)] = now
            else:
                # A simultaneous click took this bucket's key first.
                result.refused.append((target, now + span))
        if not result.sent and result.refused:
            raise NudgeTooSoonError(result.next_allowed or now + span)
    return result


def _when(moment: datetime.datetime) -> dict[str, str]:
    local = timezone.localtime(moment)
    return {"date": thai_date_short(local.date()), "time": local.strftime("%H:%M")}


def nudge_result_message(result: NudgeResult) -> str:
    """What the button answers: how many people were reminded, and when the skipped ones may
    be reminded again."""
    text = _("ส่งการเตือนแล้ว %(n)s คน") % {"n": result.people}
    if result.refused and result.next_allowed is not None:
        text += " " + (
            _("(ข้ามรายการที่เพิ่งเตือนไป ส่งได้อีกครั้งหลัง %(date)s เวลา %(time)s น.)")
            % _when(result.next_allowed)
        )
    return text
