"""Every write to the inbox and reminders. Called by other apps' services (domain §7: each step
of the cycle is a dated checklist with deadlines and reminders).

These are system functions: they act on behalf of the service that calls them, which has
already checked its own permission. `notification_mark_read` only touches the caller's rows.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from notifications import tasks
from notifications.messages import Message, parts_of
from notifications.models import Notification, Reminder

logger = logging.getLogger(__name__)

TITLE_MAX = 300
URL_MAX = 500

M = TypeVar("M", bound=models.Model)


def _active_recipient_ids(recipients: Iterable[AbstractBaseUser]) -> list[int]:
    """Distinct ids of the recipients whose accounts are active, in the order given."""
    # dict.fromkeys: distinct, first-seen order.
    wanted = list(dict.fromkeys(u.pk for u in recipients if u is not None and u.pk is not None))
    if not wanted:
        return []
    active = set(
        get_user_model().objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True)
    )
    return [pk for pk in wanted if pk in active]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _validate(*, kind: str, title: str, url: str, dedupe_key: str | None = None) -> None:
    errors: dict[str, str] = {}
    if not kind.strip():
        errors["kind"] = _("ต้องระบุประเภทของการแจ้งเตือน")
    if not title.strip():
        errors["title"] = _("ต้องระบุเรื่องของการแจ้งเตือน")
    # Stored links are rendered as href: only site paths and http(s) addresses are allowed.
    if url and not (
        (url.startswith("/") and not url.startswith("//"))
        or url.startswith(("https://", "http://"))
    ):
        errors["url"] = _("ลิงก์ต้องขึ้นต้นด้วย / หรือ http(s)://")
    elif len(url) > URL_MAX:
        errors["url"] = _("ลิงก์ยาวเกิน %(max)d ตัวอักษร") % {"max": URL_MAX}
    if dedupe_key is not None and not dedupe_key.strip():
        errors["dedupe_key"] = _("ต้องระบุรหัสกันซ้ำของการเตือน")
    if errors:
        raise ValidationError(errors)


def _create_skipping_duplicates(model: type[M], rows: Sequence[M]) -> list[M]:
    """Insert rows in one statement; if a concurrent writer inserted some of them first (unique
    constraint), fall back to one savepoint per row and skip the ones that lost the race."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            return model._default_manager.bulk_create(rows)
    except IntegrityError:
        created: list[M] = []
        for row in rows:
            row.pk = None
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(row)
        return created


def notify(
    recipients: Iterable[AbstractBaseUser],
    *,
    kind: str,
    title: str,
    url: str = "",
    body: str = "",
    due: datetime.date | None = None,
    dedupe_key: str = "",
    email: bool = True,
    actor: AbstractBaseUser | None = None,
) -> list[Notification]:
    """Put one notification in each active recipient's inbox and e-mail it after commit.

    With a `dedupe_key`, recipients who already have a notification with that key get none, so
    calling twice is harmless. Returns the notifications created.
    """
    _validate(kind=kind, title=title, url=url)
    title_msgid, title_params = parts_of(title)
    recipient_ids = _active_recipient_ids(recipients)
    with transaction.atomic():
        if dedupe_key and recipient_ids:
            taken = set(
                Notification.objects.filter(
                    dedupe_key=dedupe_key, recipient_id__in=recipient_ids
                ).values_list("recipient_id", flat=True)
            )
            recipient_ids = [pk for pk in recipient_ids if pk not in taken]
        now = timezone.now()
        created = _create_skipping_duplicates(
            Notification,
            [
                Notification(
                    recipient_id=pk,
                    kind=kind,
                    title=_clip(title, TITLE_MAX),
                    title_msgid=title_msgid,
                    title_params=title_params,
                    body=body.strip(),
                    url=url,
                    due=due,
                    dedupe_key=dedupe_key,
                    created_at=now,
                    email_wanted=email,
                )
                for pk in recipient_ids
            ],
        )
        if created:
            audit_log(
                actor,
                "notifications.sent",
                None,
                {
                    "count": len(created),
                    "kind": kind,
                    "title": _clip(title, TITLE_MAX),
                    "dedupe_key": dedupe_key,
                    "email": email,
                },
            )
            if email:
                ids = [n.pk for n in created]
                # Robust: a broken task queue must not fail the caller's committed work. A
                # lost enqueue loses no e-mail: `email_wanted` rows are swept by
                # notification_emails_send_pending.
                transaction.on_commit(
                    lambda: tasks.send_notification_emails.enqueue(ids), robust=True
                )
    return created


def notification_mark_read(
    user: AbstractBaseUser, notification_ids: Iterable[int] | None = None
) -> int:
    """Mark the user's own unread notifications read (all of them when `notification_ids` is
    None). Ids of other people's notifications are ignored. Returns how many changed."""
    if not user.is_authenticated:
        raise PermissionDenied(_("กรุณาเข้าสู่ระบบก่อน"))
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    with transaction.atomic():
        count = unread.update(read_at=timezone.now())
        if count:
            audit_log(user, "notifications.read", None, {"count": count})
    return count


def reminder_schedule(
    recipients: Iterable[AbstractBaseUser],
    *,
    kind: str,
    title: str,
    url: str,
    send_at: datetime.datetime,
    dedupe_key: str,
    body: str = "",
    due: datetime.date | None = None,
) -> list[Reminder]:
    """Schedule a reminder per active recipient at `send_at`.

    Idempotent on (recipient, dedupe_key): scheduling again updates an unsent reminder (its time,
    text and link) and revives it if it was cancelled; a reminder already sent stays as it was —
    use a new key for a new reminder. Returns the recipients' reminders with that key.
    """
    _validate(kind=kind, title=title, url=url, dedupe_key=dedupe_key)
    if timezone.is_naive(send_at):
        send_at = timezone.make_aware(send_at)
    recipient_ids = _active_recipient_ids(recipients)
    title_msgid, title_params = parts_of(title)
    fields = {
        "kind": kind,
        "title": _clip(title, TITLE_MAX),
        "title_msgid": title_msgid,
        "title_params": title_params,
        "body": body.strip(),
        "url": url,
        "due": due,
        "send_at": send_at,
    }
    with transaction.atomic():
        existing = {
            r.recipient_id: r
            for r in Reminder.objects.select_for_update().filter(
                dedupe_key=dedupe_key, recipient_id__in=recipient_ids
            )
        }
        pending = [r for r in existing.values() if r.sent_at is None]
        for reminder in pending:
            for name, value in fields.items():
                setattr(reminder, name, value)
            reminder.cancelled_at = None
        Reminder.objects.bulk_update(pending, [*fields, "cancelled_at"])
        created = _create_skipping_duplicates(
            Reminder,
            [
                Reminder(recipient_id=pk, dedupe_key=dedupe_key, **fields)
                for pk in recipient_ids
                if pk not in existing
            ],
        )
        if pending or created:
            audit_log(
                None,
                "notifications.reminder.scheduled",
                None,
                {
                    "dedupe_key": dedupe_key,
                    "kind": kind,
                    "send_at": send_at.isoformat(),
                    "created": len(created),
                    "updated": len(pending),
                },
            )
    return list(
        Reminder.objects.filter(dedupe_key=dedupe_key, recipient_id__in=recipient_ids).order_by(
            "recipient_id"
        )
    )


def reminder_cancel(dedupe_key: str, recipients: Iterable[AbstractBaseUser] | None = None) -> int:
    """Cancel the unsent reminders with this key (for everyone, or for `recipients`), e.g. when
    the checklist item they remind about is done. Returns how many were cancelled."""
    pending = Reminder.objects.filter(
        dedupe_key=dedupe_key, sent_at__isnull=True, cancelled_at__isnull=True
    )
    if recipients is not None:
        pending = pending.filter(recipient_id__in=[u.pk for u in recipients if u.pk is not None])
    with transaction.atomic():
        count = pending.update(cancelled_at=timezone.now())
        if count:
            audit_log(
                None,
                "notifications.reminder.cancelled",
                None,
                {"dedupe_key": dedupe_key, "count": count},
            )
    return count


def _due_reminder_ids(now: datetime.datetime) -> list[int]:
    return list(
        Reminder.objects.filter(
            send_at__lte=now, sent_at__isnull=True, cancelled_at__isnull=True
        ).values_list("pk", flat=True)
    )


def _reminder_claim(pk: int, now: datetime.datetime) -> bool:
    """Compare-and-swap: only one run can move a reminder from unsent to sent."""
    return bool(
        Reminder.objects.filter(pk=pk, sent_at__isnull=True, cancelled_at__isnull=True).update(
            sent_at=now
        )
    )


def reminders_send_due(now: datetime.datetime | None = None) -> int:
    """Send every due, unsent, uncancelled reminder exactly once, as an inbox notification and
    an e-mail. Safe to run from several workers at once. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for pk in _due_reminder_ids(now):
        try:
            if _reminder_send(pk, now):
                sent += 1
        except Exception:
            # The claim rolled back with the failure: retried on the next run. One bad
            # reminder must not hold back everyone else's.
            logger.exception("Reminder %s could not be sent", pk)
    return sent


def _reminder_send(pk: int, now: datetime.datetime) -> bool:
    # One transaction per reminder: the claim and its notification commit together.
    with transaction.atomic():
        if not _reminder_claim(pk, now):
            return False  # another run got there first, or it was cancelled meanwhile
        reminder = Reminder.objects.select_related("recipient").get(pk=pk)
        return bool(
            notify(
                [reminder.recipient],
                kind=reminder.kind,
                title=(
                    Message(reminder.title_msgid, reminder.title_params)
                    if reminder.title_msgid
                    else reminder.title
                ),
                url=reminder.url,
                body=reminder.body,
                due=reminder.due,
                dedupe_key=f"reminder:{pk}",
            )
        )
