"""Personal access tokens for the API (issue: REST API, "Auth").

A token is shown once, when it is made; only its SHA-256 is stored. Tokens are 256-bit random
strings (secrets.token_urlsafe), so a fast hash is enough: there is nothing to brute-force that
a slow password hash would protect. The short `prefix` (also random, shown in the list) finds
the row; the hash is then compared in constant time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("อ่านอย่างเดียว")
        READ_WRITE = "read_write", _("อ่านและแก้ไข")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ใช้"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("ชื่อโทเค็น"), max_length=100)
    scope = models.CharField(_("สิทธิ์"), max_length=16, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("รหัสนำหน้า"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    expires_on = models.DateField(
        _("ใช้ได้ถึงวันที่"), null=True, blank=True, help_text=_("เว้นว่างเมื่อไม่กำหนดวันหมดอายุ")
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), default=timezone.now)
    last_used_at = models.DateTimeField(_("ใช้ล่าสุดเมื่อ"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("โทเค็น API")
        verbose_name_plural = _("โทเค็น API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, today: datetime.date | None = None) -> bool:
        """A token is good through the whole of its expiry day (local time)."""
        if self.expires_on is None:
            return False
        return (today or timezone.localdate()) > self.expires_on

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired()

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
