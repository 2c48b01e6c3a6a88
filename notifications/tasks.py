"""Background tasks (django_tasks, database-backed worker). They take ids, not objects."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the given notifications to their recipients (each at most once)."""
    from notifications.emails import notification_emails_send

    return notification_emails_send(notification_ids)


@task()
def send_due_reminders() -> int:
    """Send the reminders that are due. Run periodically (see `manage.py send_reminders`)."""
    from notifications.emails import notification_emails_send_pending
    from notifications.services import reminders_send_due

    sent = reminders_send_due()
    notification_emails_send_pending()
    return sent
