"""E-mail for notifications: Thai subject and body with an absolute link to the page."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
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


def notification_emails_send(notification_ids: Iterable[int]) -> int:
    """Send each notification's e-mail at most once: `emailed_at` is claimed with
    compare-and-swap before sending, and released again if sending fails (so a retry can send
    it). Notifications whose recipient has no address are skipped. Returns how many were sent."""
    notifications = list(
        Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        .select_related("recipient", "recipient__person")
        .order_by("pk")
    )
    sent = 0
    failed: list[int] = []
    connection = get_connection()
    for notification in notifications:
        address = recipient_address(notification)
        if not address:
            continue
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        message = EmailMessage(
            subject=email_subject(notification),
            body=email_body(notification),
            to=[address],
            connection=connection,
        )
        try:
            message.send()
        except Exception:
            logger.exception("E-mail for notification %s failed", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            failed.append(notification.pk)
            continue
        sent += 1
    if failed:
        raise RuntimeError(f"E-mail failed for notifications {failed}")
    return sent
