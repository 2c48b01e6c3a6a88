"""Every change to a personal access token: create (the secret is returned once), revoke, and
the authentication of a request by its token (with the throttled last-used time).

Creating and revoking check permission, validate (Thai messages per field), run atomically and
write an audit event. Authentication writes no audit event per request (that would flood the
log); it keeps `last_used_at`, at most once a minute.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from api.selectors import active_tokens_of
from core.audit import audit_log

TOKEN_PREFIX = "prm_"
PREFIX_BYTES = 6  # 12 hex characters
SECRET_BYTES = 32  # 256 bits
MAX_ACTIVE_TOKENS = 20
MAX_LIFETIME_DAYS = 3 * 366
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # the whole token string; shown once, never stored


class TokenRefused(Exception):
    """The token in a request cannot be used; `code` says why (for the API's error body)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_secret() -> tuple[str, str]:
    """(prefix, whole token) — "prm_<12 hex>_<43 url-safe characters>"."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def _validate(name: str, scope: str, expires_on: datetime.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("กรุณาตั้งชื่อโทเค็น เช่น ชื่อระบบที่จะใช้")]
    elif len(name.strip()) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = [_("ชื่อโทเค็นยาวได้ไม่เกิน 100 ตัวอักษร")]
    if scope not in ApiToken.Scope.values:
        errors["scope"] = [_("สิทธิ์ต้องเป็น “อ่านอย่างเดียว” หรือ “อ่านและแก้ไข”")]
    if expires_on is not None:
        today = timezone.localdate()
        if expires_on < today:
            errors["expires_on"] = [_("วันหมดอายุต้องไม่เป็นวันที่ผ่านมาแล้ว")]
        elif expires_on > today + datetime.timedelta(days=MAX_LIFETIME_DAYS):
            errors["expires_on"] = [_("วันหมดอายุต้องไม่เกิน 3 ปีนับจากวันนี้")]
    return errors


def token_create(
    actor: AbstractBaseUser,
    *,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_on: datetime.date | None = None,
) -> CreatedToken:
    """A new token for the actor themself. The secret is in the result and nowhere else."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("ต้องเข้าสู่ระบบก่อนจึงจะสร้างโทเค็นได้"))
    errors = _validate(name, scope, expires_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if active_tokens_of(actor).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("มีโทเค็นที่ใช้งานได้ครบ %(n)s รายการแล้ว กรุณายกเลิกโทเค็นที่ไม่ใช้ก่อน")
                % {"n": MAX_ACTIVE_TOKENS}
            )
        prefix, secret = _new_secret()
        token = ApiToken.objects.create(
            user_id=actor.pk,
            name=name.strip(),
            scope=scope,
            prefix=prefix,
            secret_hash=hash_secret(secret),
            expires_on=expires_on,
        )
        audit_log(
            actor,
            "api.token.created",
            token,
            {"name": token.name, "scope": scope, "prefix": prefix, "expires_on": expires_on},
        )
    return CreatedToken(token=token, secret=secret)


def token_revoke(actor: AbstractBaseUser, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens; a revoked token answers 401 from then on."""
    if token.user_id != actor.pk:
        raise PermissionDenied(_("ยกเลิกได้เฉพาะโทเค็นของท่านเอง"))
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated != 1:
            raise ValidationError(_("โทเค็นนี้ถูกยกเลิกไปแล้ว"))
        token.refresh_from_db(fields=["revoked_at"])
        audit_log(actor, "api.token.revoked", token, {"name": token.name, "prefix": token.prefix})
    return token


def _parse(raw: str) -> tuple[str, str] | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, sep, rest = raw[len(TOKEN_PREFIX) :].partition("_")
    if not sep or len(prefix) != 2 * PREFIX_BYTES or not rest:
        return None
    return prefix, raw


def token_authenticate(raw: str) -> ApiToken:
    """The token a request presents, or TokenRefused("token_invalid" | "token_revoked" |
    "token_expired" | "user_inactive"). Updates `last_used_at` at most once a minute."""
    parsed = _parse(raw.strip())
    if parsed is None:
        raise TokenRefused("token_invalid")
    prefix, whole = parsed
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(whole)):
        raise TokenRefused("token_invalid")
    if token.is_revoked:
        raise TokenRefused("token_revoked")
    if token.is_expired():
        raise TokenRefused("token_expired")
    if not token.user.is_active:
        raise TokenRefused("user_inactive")
    token_touch(token)
    return token


def token_touch(token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record the use, unless it was recorded less than a minute ago (one cheap UPDATE that
    matches no row most of the time)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL)
    ).update(last_used_at=now)
    token.last_used_at = now
