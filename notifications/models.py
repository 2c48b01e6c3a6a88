"""Inbox notifications and scheduled reminders (domain §7: every step is a dated checklist
with deadlines and reminders)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in one person's inbox, and its e-mail's outbox row.

    E-mail delivery (notifications.emails): `email_wanted` says an e-mail is owed; a sender
    claims the row (`email_claimed_at`, compare-and-swap) before sending and sets `emailed_at`
    after. A claim older than PRAMOEN_EMAIL_CLAIM_TIMEOUT whose e-mail was never marked sent
    belongs to a sender that died, and is sent again by the next run.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้รับ"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("ประเภท"), max_length=64)
    title = models.CharField(_("เรื่อง"), max_length=300)
    # The title's catalog entry and parameters (notifications.messages): shown in the reader's
    # language. Empty for free-text titles, which are shown as stored.
    title_msgid = models.TextField(_("ข้อความต้นแบบของเรื่อง"), blank=True)
    title_params = models.JSONField(_("ค่าในเรื่อง"), default=dict, blank=True)
    body = models.TextField(_("รายละเอียด"), blank=True)
    url = models.CharField(_("ลิงก์"), max_length=500, blank=True)
    due = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    dedupe_key = models.CharField(_("รหัสกันซ้ำ"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), default=timezone.now)
    read_at = models.DateTimeField(_("อ่านเมื่อ"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("ส่งอีเมลเมื่อ"), null=True, blank=True)
    email_wanted = models.BooleanField(_("ต้องส่งอีเมล"), default=False)
    email_claimed_at = models.DateTimeField(_("เริ่มส่งอีเมลเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created"),
            models.Index(fields=["email_wanted", "emailed_at"], name="notif_email_outbox"),
        ]
        constraints = [
            # Idempotent notify(): one notification per recipient and non-empty key, even when
            # two requests race.
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notif_unique_dedupe_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the active language (the reader's), else as stored."""
        if not self.title_msgid:
            return self.title
        from notifications.messages import render

        return render(self.title_msgid, {str(k): str(v) for k, v in self.title_params.items()})

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()

    @property
    def kind_label(self) -> str:
        from notifications.kinds import kind_label

        return str(kind_label(self.kind))


class Reminder(models.Model):
    """A notification to send later. Sent once: `sent_at` is claimed with compare-and-swap."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้รับ"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("ประเภท"), max_length=64)
    title = models.CharField(_("เรื่อง"), max_length=300)
    title_msgid = models.TextField(_("ข้อความต้นแบบของเรื่อง"), blank=True)
    title_params = models.JSONField(_("ค่าในเรื่อง"), default=dict, blank=True)
    body = models.TextField(_("รายละเอียด"), blank=True)
    url = models.CharField(_("ลิงก์"), max_length=500, blank=True)
    due = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    send_at = models.DateTimeField(_("ส่งเมื่อ"))
    dedupe_key = models.CharField(_("รหัสกันซ้ำ"), max_length=200)
    sent_at = models.DateTimeField(_("ส่งแล้วเมื่อ"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), default=timezone.now)

    class Meta:
        verbose_name = _("การเตือนล่วงหน้า")
        verbose_name_plural = _("การเตือนล่วงหน้า")
        ordering = ["send_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "cancelled_at", "send_at"], name="reminder_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="reminder_unique_recipient_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None and self.cancelled_at is None
