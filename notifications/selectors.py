"""Reads of the inbox. A user only ever sees their own notifications."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.urls import reverse

from core.work import WorkItem
from notifications.kinds import kind_label
from notifications.models import Notification

# "My work" shows at most this many notifications; the rest are in the inbox.
WORK_ITEMS_LIMIT = 20


def notifications_for(user: AbstractBaseUser) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def unread_count(user: AbstractBaseUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_work_items(user: AbstractBaseUser) -> list[WorkItem]:
    """Unread notifications that point at something to do (a due date or a link), one query."""
    if not user.is_authenticated:
        return []
    rows = (
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .filter(Q(due__isnull=False) | ~Q(url=""))
        .order_by("-created_at", "-pk")
        .only("title", "url", "kind", "due")[:WORK_ITEMS_LIMIT]
    )
    inbox = reverse("inbox")
    return [
        WorkItem(title=n.title, url=n.url or inbox, kind=str(kind_label(n.kind)), due=n.due)
        for n in rows
    ]
