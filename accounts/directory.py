"""Directory login: an LDAP / Active Directory or OIDC account becomes (or finds) a Person.

Both backends read the directory's answer into a `DirectoryProfile` (Thai first and last name,
e-mail, unit) and hand it to two functions written once here:

* `existing_user(profile)` — the local account the directory account is: the user with the same
  username, else the one user whose account or Person has the directory's e-mail. So a person
  the coordinator entered before the directory was connected keeps their roles and history.
  Superuser and staff (Django admin) accounts are never linked: they stay local, so a directory
  entry named like an administrator, or given their e-mail, cannot sign in as them. An OIDC
  e-mail the provider marks unverified (email_verified: false) links nothing.
* `person_sync(user, profile)` — creates the user's Person in PRAMOEN_DIRECTORY_DEPARTMENT on the
  first login (or links a Person without an account that has the directory's e-mail), and on
  every login brings the Thai name, e-mail and unit up to date from the directory: the directory
  is the authority for them. The unit is the department's OrgUnit whose code, Thai name or
  English name is the directory's unit value; a value that matches no unit leaves the Person's
  unit as it was (a coordinator may have placed them by hand). An existing Person is never moved
  to another department. Each change is one audit event, in one transaction.

Throttling needs nothing here: a wrong directory password ends, like a wrong local one, in
Django's `user_login_failed`, which django-axes counts (accounts.throttle); a locked-out pair is
refused by axes' backend before the directory is asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models import Q
from django_auth_ldap.backend import LDAPBackend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import Department, OrgUnit, Person
from core.audit import audit_log

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DirectoryProfile:
    source: str  # "ldap" or "oidc"
    username: str
    first_name_th: str = ""
    last_name_th: str = ""
    email: str = ""
    unit: str = ""
    # OIDC's email_verified claim (absent = the agency's provider vouches for it); an e-mail
    # the provider has not verified never links an existing account.
    email_verified: bool = True


class DirectoryLinkRefused(Exception):
    """The directory account matches a Django admin account, which stays local."""


def first_value(values: Any, names: list[str]) -> str:
    """The first non-empty value among the named attributes/claims (case-insensitive keys)."""
    lowered = {str(key).lower(): value for key, value in dict(values or {}).items()}
    for name in names:
        value = lowered.get(name.lower())
        if isinstance(value, (list, tuple)):
            value = next((item for item in value if item), "")
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if value:
            return str(value).strip()
    return ""


def existing_user(profile: DirectoryProfile) -> User | None:
    """The local account this directory account is, or None for a new one.

    Raises DirectoryLinkRefused for a superuser or staff (Django admin) account: those stay
    local accounts, so a directory entry named "admin", or one given an administrator's
    e-mail, never signs in as the administrator."""
    user = _matching_user(profile)
    if user is not None and (user.is_superuser or user.is_staff):
        logger.warning(
            "directory login %s matches the admin account %s: refused (admin accounts stay local)",
            profile.username,
            user.username,
        )
        raise DirectoryLinkRefused(user.username)
    return user


def _matching_user(profile: DirectoryProfile) -> User | None:
    model = get_user_model()
    user = model.objects.filter(username__iexact=profile.username).first()
    if user is not None or not profile.email or not profile.email_verified:
        return user
    matches = list(
        model.objects.filter(
            Q(email__iexact=profile.email) | Q(person__email__iexact=profile.email)
        ).distinct()[:2]
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        logger.warning(
            "directory login %s: several local accounts have its e-mail; none is linked",
            profile.username,
        )
    return None


def _unit(department: Department, value: str) -> OrgUnit | None:
    if not value:
        return None
    units = department.units.all()
    return (
        units.filter(code__iexact=value).first()
        or units.filter(name_th=value).first()
        or units.filter(name_en__iexact=value).exclude(name_en="").first()
    )


def _directory_department() -> Department | None:
    code = getattr(settings, "PRAMOEN_DIRECTORY_DEPARTMENT", "")
    department = Department.objects.filter(code=code).first() if code else None
    if department is None:
        logger.error("directory login: no department with code %r (LDAP_DEPARTMENT_CODE)", code)
    return department


def person_sync(user: User, profile: DirectoryProfile) -> Person | None:
    """The user's Person, created, linked or brought up to date from the directory."""
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(user=user).first()
        action = "accounts.person.directory_updated"
        if person is None and profile.email:
            unlinked = Person.objects.select_for_update().filter(
                user__isnull=True, email__iexact=profile.email
            )
            if unlinked.count() == 1:
                person = unlinked.get()
                person.user = user
                action = "accounts.person.directory_linked"
        if person is None:
            department = _directory_department()
            if department is None:
                return None
            person = Person(user=user, department=department)
            action = "accounts.person.directory_created"
        before = {
            "first_name_th": person.first_name_th,
            "last_name_th": person.last_name_th,
            "email": person.email,
            "unit": person.unit_id,
        }
        person.first_name_th = (profile.first_name_th or person.first_name_th or user.username)[
            :100
        ]
        person.last_name_th = (profile.last_name_th or person.last_name_th)[:100]
        person.email = profile.email or person.email
        unit = _unit(person.department, profile.unit)
        if unit is not None:
            person.unit = unit
        elif profile.unit:
            logger.warning(
                "directory login %s: unit %r matches no unit of %s",
                profile.username,
                profile.unit,
                person.department.code,
            )
        after = {
            "first_name_th": person.first_name_th,
            "last_name_th": person.last_name_th,
            "email": person.email,
            "unit": person.unit_id,
        }
        if action != "accounts.person.directory_updated" or before != after:
            person.save()
            changed = sorted(key for key in after if before[key] != after[key])
            audit_log(
                user,
                action,
                person,
                {
                    "source": profile.source,
                    "changed": changed,
                    "unit": person.unit.code if person.unit else None,
                },
            )
        user_fields = {
            "first_name": person.first_name_th[:150],
            "last_name": person.last_name_th[:150],
            "email": person.email,
        }
        if any(getattr(user, key) != value for key, value in user_fields.items()):
            for key, value in user_fields.items():
                setattr(user, key, value)
            user.save(update_fields=list(user_fields))
    return person


# LDAP / Active Directory ------------------------------------------------------------------------


def ldap_profile(username: str, attrs: Any) -> DirectoryProfile:
    names: dict[str, list[str]] = getattr(settings, "PRAMOEN_LDAP_ATTRS", {})
    return DirectoryProfile(
        source="ldap",
        username=username,
        first_name_th=first_value(attrs, names["first_name"]),
        last_name_th=first_value(attrs, names["last_name"]),
        email=first_value(attrs, names["email"]),
        unit=first_value(attrs, names["unit"]),
    )


class LDAPDirectoryBackend(LDAPBackend):  # type: ignore[misc]
    """django-auth-ldap, finding the local account by username or e-mail, then the Person."""

    def get_or_build_user(self, username: str, ldap_user: Any) -> tuple[User, bool]:
        try:
            user = existing_user(ldap_profile(username, ldap_user.attrs))
        except DirectoryLinkRefused as refused:
            raise ldap_user.AuthenticationFailed(f"admin account {refused} stays local") from None
        if user is not None:
            return user, False
        built: tuple[User, bool] = super().get_or_build_user(username, ldap_user)
        return built

    def authenticate_ldap_user(self, ldap_user: Any, password: str) -> User | None:
        user: User | None = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            person_sync(user, ldap_profile(user.username, ldap_user.attrs))
        return user


# OpenID Connect -------------------------------------------------------------------------------


def oidc_profile(claims: dict[str, Any]) -> DirectoryProfile:
    names: dict[str, list[str]] = getattr(settings, "PRAMOEN_OIDC_CLAIMS", {})
    email = first_value(claims, names["email"])
    username = first_value(claims, names["username"]) or email or str(claims.get("sub", ""))
    return DirectoryProfile(
        source="oidc",
        username=username[:150],
        first_name_th=first_value(claims, names["first_name"]),
        last_name_th=first_value(claims, names["last_name"]),
        email=email,
        unit=first_value(claims, names["unit"]),
        email_verified=claims.get("email_verified", True) not in (False, "false"),
    )


class OIDCDirectoryBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """mozilla-django-oidc, linking by username (preferred_username) or e-mail like LDAP."""

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """mozilla-django-oidc checks the signature and the nonce, not the audience: an ID token
        the provider issued to another of its clients is refused here."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was not issued to this client (aud).")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(oidc_profile(claims).username)

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        try:
            user = existing_user(oidc_profile(claims))
        except DirectoryLinkRefused as refused:
            # mozilla-django-oidc answers SuspiciousOperation with a refused login.
            raise SuspiciousOperation(f"admin account {refused} stays local") from None
        model = get_user_model()
        return model.objects.filter(pk=user.pk) if user else model.objects.none()

    def create_user(self, claims: dict[str, Any]) -> User:
        profile = oidc_profile(claims)
        user: User = get_user_model().objects.create_user(profile.username, email=profile.email)
        person_sync(user, profile)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        person_sync(user, oidc_profile(claims))
        return user
