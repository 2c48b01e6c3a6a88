"""E-mail for notifications: Thai subject and body with an absolute link to the page."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.kinds import kind_label
from notifications.models import Notification

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[ประเมิน]"


def absolute_url(url: str) -> str:
    """A site path made absolute with settings.PRAMOEN_BASE_URL (e-mail needs full links)."""
    if url.startswith("/"):
        return str(settings.PRAMOEN_BASE_URL).rstrip("/") + url
    return url


def recipient_address(notification: Notification) -> str:
    user = notification.recipient
    address = str(getattr(user, "email", "") or "")
    if not address:
        person = getattr(user, "person", None)
        address = str(getattr(person, "email", "") or "")
    return address


def email_subject(notification: Notification) -> str:
    return f"{SUBJECT_PREFIX} {notification.title}"[:250]


def email_body(notification: Notification) -> str:
    with translation.override("th"):
        return render_to_string(
            "notifications/email.txt",
            {
                "notification": notification,
                "kind_label": kind_label(notification.kind),
                "link": absolute_url(notification.url) if notification.url else "",
                "inbox_link": absolute_url("/inbox/"),
            },
        )


def _claim_expired(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=int(settings.PRAMOEN_EMAIL_CLAIM_TIMEOUT))


def _claimable(now: datetime.datetime) -> Q:
    return Q(emailed_at__isnull=True) & (
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=_claim_expired(now))
    )


def message_id(notification: Notification) -> str:
    """The same Message-ID every time this notification is sent, so that in the one case a
    resend cannot be ruled out (the sender died after the server took the message and before
    it was marked sent) mail clients can still see it is the same message."""
    host = urlsplit(str(settings.PRAMOEN_BASE_URL)).hostname or "localhost"
    return f"<notification-{notification.pk}@{host}>"


def notification_emails_send(notification_ids: Iterable[int]) -> int:
    """Send each notification's e-mail once: the row is claimed (`email_claimed_at`,
    compare-and-swap) before sending and marked `emailed_at` after. A failed send releases the
    claim so a retry sends it; a claim left by a sender that was killed expires after
    PRAMOEN_EMAIL_CLAIM_TIMEOUT and is sent by the next run (notification_emails_send_pending).
    Notifications whose recipient has no address are skipped and owe nothing any more.
    Returns how many were sent; raises RuntimeError (after trying them all) if any failed."""
    now = timezone.now()
    notifications = list(
        Notification.objects.filter(_claimable(now), pk__in=list(notification_ids))
        .select_related("recipient", "recipient__person")
        .order_by("pk")
    )
    sent = 0
    failed: list[int] = []
    connection = get_connection()
    for notification in notifications:
        address = recipient_address(notification)
        if not address:
            Notification.objects.filter(pk=notification.pk).update(email_wanted=False)
            continue
        claimed = Notification.objects.filter(
            _claimable(timezone.now()), pk=notification.pk
        ).update(email_claimed_at=timezone.now())
        if not claimed:
            continue  # another sender has it
        message = EmailMessage(
            subject=email_subject(notification),
            body=email_body(notification),
            to=[address],
            connection=connection,
            headers={"Message-ID": message_id(notification)},
        )
        try:
            message.send()
        except Exception:
            logger.exception("E-mail for notification %s failed", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(email_claimed_at=None)
            failed.append(notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    if failed:
        raise RuntimeError(f"E-mail failed for notifications {failed}")
    return sent


def notification_emails_send_pending(limit: int = 500) -> int:
    """The outbox sweep (run by `send_reminders`): send every e-mail still owed — its task was
    lost (the process died between commit and enqueue), its send failed, or its sender was
    killed mid-send (claim expired). Never sends one twice: the same claim as above."""
    ids = list(
        Notification.objects.filter(_claimable(timezone.now()), email_wanted=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    try:
        return notification_emails_send(ids)
    except RuntimeError:
        logger.exception("Some owed e-mails could not be sent; retried on the next run")
        return 0
