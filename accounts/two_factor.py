"""Two-factor sign-in (TOTP with django-otp; issue 19 item 2): enrolment, the code check and the
administrator's reset. Who must use it is one rule, `accounts.selectors.requires_two_factor`.

- Enrolment: the secret is made on the enrolment page and kept in the session until the user
  confirms it with a code from the app; only then are the devices written (an authenticator,
  `TOTPDevice`, and ten recovery codes, `StaticDevice`), so an abandoned enrolment leaves no
  row. The recovery codes are shown once, on the page that answers the confirmation.
- The check: six digits are an authenticator code, anything else a recovery code (each works
  once). A wrong code counts as a failed login (django-axes, accounts.throttle), and the
  device's own throttle slows the next try whatever a new password login resets.
- Reset: an administrator removes a person's devices (audited); that person enrols again at
  their next page, and a session verified by a removed device is verified no more.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from accounts.models import Person
from accounts.selectors import requires_two_factor, two_factor_people_for
from core.audit import audit_log

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
TOTP_TOLERANCE = 1  # one 30-second step either side: a phone clock a little off still works
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SPACES = re.compile(r"[\s-]+")


def normalise_code(text: object) -> str:
    """What the user typed, as the code to check: Thai digits read as digits (a Thai keyboard
    types them), spaces and dashes dropped, lower case (recovery codes)."""
    return _SPACES.sub("", str(text or "")).translate(_THAI_DIGITS).lower()[:32]


def is_totp_code(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()


# Who is held at the code page ---------------------------------------------------------------


def _is_verified(user: Any) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified is not None and verified())


def two_factor_pending(request: HttpRequest) -> bool:
    """Signed in, required to pass a second factor, and not yet passed in this session."""
    cached: bool | None = getattr(request, "_pramoen_two_factor_pending", None)
    if cached is None:
        user = request.user
        cached = bool(
            user.is_authenticated
            and settings.PRAMOEN_REQUIRE_2FA
            and not _is_verified(user)
            and requires_two_factor(user)
        )
        request._pramoen_two_factor_pending = cached  # type: ignore[attr-defined]
    return cached


# Enrolment ----------------------------------------------------------------------------------


def new_secret() -> str:
    """A new authenticator secret (hex, 20 bytes, as TOTPDevice keeps it)."""
    key: str = default_key()
    return key


def secret_base32(key: str) -> str:
    """The secret as an authenticator app takes it by hand: base32 in groups of four."""
    text = base64.b32encode(binascii.unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user: AbstractBaseUser, key: str) -> str:
    """The otpauth:// address the QR code carries (issuer and account shown by the app)."""
    uri: str = TOTPDevice(user=user, key=key).config_url
    return uri


def _totp_step(key: str, code: str) -> int | None:
    """The time step the code belongs to (within TOTP_TOLERANCE), or None."""
    if not is_totp_code(code):
        return None
    totp = TOTP(binascii.unhexlify(key), step=30, t0=0, digits=TOTP_DIGITS)
    current = int(totp.t())
    for offset in range(-TOTP_TOLERANCE, TOTP_TOLERANCE + 1):
        totp.drift = offset
        if int(totp.token()) == int(code):
            return current + offset
    return None


def has_authenticator(user: AbstractBaseUser) -> bool:
    return bool(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


def two_factor_enrol(user: AbstractBaseUser, key: str, code: object) -> Enrolment:
    """Confirm the authenticator the user added with `key` by a code from it: writes the
    authenticator and ten recovery codes (returned once, never stored readable elsewhere)."""
    step = _totp_step(key, normalise_code(code))
    if step is None:
        raise ValidationError({"code": _("รหัสไม่ถูกต้อง กรุณาใส่รหัส 6 หลักที่แสดงในแอปยืนยันตัวตนขณะนี้")})
    with transaction.atomic():
        if has_authenticator(user):
            raise ValidationError(_("บัญชีนี้ลงทะเบียนแอปยืนยันตัวตนไว้แล้ว"))
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        StaticDevice.objects.filter(user_id=user.pk).delete()
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True, last_t=step
        )
        static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
        audit_log(
            user,
            "accounts.two_factor.enrolled",
            user,
            {"user": user.get_username(), "recovery_codes": len(codes)},
        )
    return Enrolment(device=device, recovery_codes=codes)


# The code check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    device: Device | None  # the device that accepted the code, or None
    wait: bool = False  # every device that could take the code is still throttled


def two_factor_check(user: AbstractBaseUser, code: object) -> Check:
    """Try the code on the user's devices of its kind (authenticator for six digits, recovery
    codes otherwise). A recovery code is used up by a success (audited)."""
    text = normalise_code(code)
    if not text:
        return Check(device=None)
    kind: type[Device] = TOTPDevice if is_totp_code(text) else StaticDevice
    with transaction.atomic():  # for_verify locks the device rows (two tabs, one code)
        devices = [d for d in devices_for_user(user, for_verify=True) if isinstance(d, kind)]
        allowed = [d for d in devices if d.verify_is_allowed()[0]]
        if devices and not allowed:
            return Check(device=None, wait=True)
        for device in allowed:
            if device.verify_token(text):
                if isinstance(device, StaticDevice):
                    audit_log(
                        user,
                        "accounts.two_factor.recovery_code_used",
                        user,
                        {"user": user.get_username(), "left": device.token_set.count()},
                    )
                return Check(device=device)
    return Check(device=None)


# The administrator's reset ------------------------------------------------------------------


def two_factor_reset(actor: AbstractBaseUser, person: Person, fiscal_year: int) -> int:
    """Remove every two-factor device of the person's account (a lost phone, a new phone);
    they enrol again at their next page. Only an administrator of the person's department
    (or a superuser) may (accounts.selectors.two_factor_people_for). Returns how many devices
    were removed."""
    allowed = two_factor_people_for(actor, fiscal_year).filter(pk=person.pk).exists()
    if not allowed or person.user is None:
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบของส่วนราชการนี้เท่านั้นที่รีเซ็ตการยืนยันตัวตนสองขั้นตอนได้"))
    user = person.user
    with transaction.atomic():
        devices: list[Any] = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        audit_log(
            actor,
            "accounts.two_factor.reset",
            person,
            {"user": user.get_username(), "devices": len(devices), "fiscal_year": fiscal_year},
        )
    return len(devices)
