"""Directory login settings (LDAP / Active Directory and OIDC) read from the environment.

pramoen.settings calls `ldap_settings(os.environ)` and `oidc_settings(os.environ)` and puts what
they return into the settings module. Each returns nothing when its server is not named
(LDAP_SERVER_URI, OIDC_RP_CLIENT_ID), so an installation without a directory keeps local
accounts only, exactly as before. This module is imported by the settings, before Django is set
up: it imports no models.

An attribute or claim variable may list several names separated by commas, the first one the
entry has wins: `LDAP_ATTR_FIRST_NAME=givenName;lang-th,givenName` takes the Thai-tagged
givenName and falls back to the plain one (Active Directory has no language tags; there the
Thai name is often in givenName itself or in an extensionAttribute).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

LDAP_BACKEND = "accounts.directory.LDAPDirectoryBackend"
OIDC_BACKEND = "accounts.directory.OIDCDirectoryBackend"

# Person field → default directory attribute names (first present wins).
LDAP_ATTR_DEFAULTS = {
    "first_name": "givenName;lang-th,givenName",
    "last_name": "sn;lang-th,sn",
    "email": "mail",
    "unit": "ou",
}
OIDC_CLAIM_DEFAULTS = {
    "first_name": "given_name",
    "last_name": "family_name",
    "email": "email",
    "unit": "unit",
    "username": "preferred_username",
}


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _department(env: Mapping[str, str], what: str) -> str:
    code = env.get("LDAP_DEPARTMENT_CODE", "").strip() or env.get("OIDC_DEPARTMENT_CODE", "")
    if not code.strip():
        raise ImproperlyConfigured(
            f"{what} is set: LDAP_DEPARTMENT_CODE (or OIDC_DEPARTMENT_CODE) must name the "
            "department (Department.code) whose people sign in through the directory."
        )
    return code.strip()


def ldap_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """AUTH_LDAP_* for django-auth-ldap and PRAMOEN_LDAP_* for the Person link, or {}."""
    uri = env.get("LDAP_SERVER_URI", "").strip()
    if not uri:
        return {}
    import ldap
    from django_auth_ldap.config import LDAPSearch

    base = env.get("LDAP_USER_SEARCH_BASE", "").strip()
    if not base:
        raise ImproperlyConfigured("LDAP_SERVER_URI is set: LDAP_USER_SEARCH_BASE must be too.")
    user_filter = env.get("LDAP_USER_FILTER", "").strip() or "(uid=%(user)s)"
    attrs = {
        field: _names(env.get(f"LDAP_ATTR_{field.upper()}", "") or default)
        for field, default in LDAP_ATTR_DEFAULTS.items()
    }
    timeout = int(env.get("LDAP_TIMEOUT", "10"))
    return {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": env.get("LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": env.get("LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": _flag(env, "LDAP_START_TLS"),
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(base, ldap.SCOPE_SUBTREE, user_filter),
        # The Person (and the user's names and e-mail) are filled by accounts.directory from
        # PRAMOEN_LDAP_ATTRS, with fallbacks; django-auth-ldap's own map stays empty.
        "AUTH_LDAP_USER_ATTR_MAP": {},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CONNECTION_OPTIONS": {
            ldap.OPT_REFERRALS: 0,  # Active Directory: do not chase referrals anonymously
            ldap.OPT_NETWORK_TIMEOUT: timeout,
            ldap.OPT_TIMEOUT: timeout,
        },
        "PRAMOEN_LDAP_ATTRS": attrs,
        "PRAMOEN_DIRECTORY_DEPARTMENT": _department(env, "LDAP_SERVER_URI"),
    }


OIDC_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "OIDC_OP_JWKS_ENDPOINT",
}


def oidc_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """OIDC_* for mozilla-django-oidc and PRAMOEN_OIDC_* for the Person link, or {}."""
    client_id = env.get("OIDC_RP_CLIENT_ID", "").strip()
    if not client_id:
        return {}
    missing = [name for name in OIDC_ENDPOINTS.values() if not env.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set: {', '.join(missing)} must be too.")
    claims = {
        field: _names(env.get(f"OIDC_CLAIM_{field.upper()}", "") or default)
        for field, default in OIDC_CLAIM_DEFAULTS.items()
    }
    return {
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": env.get("OIDC_RP_CLIENT_SECRET", ""),
        "OIDC_RP_SIGN_ALGO": env.get("OIDC_RP_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": env.get("OIDC_RP_SCOPES", "openid email profile"),
        **{setting: env[name].strip() for setting, name in OIDC_ENDPOINTS.items()},
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": int(env.get("OIDC_TIMEOUT", "10")),  # seconds, each call to the provider
        "OIDC_VERIFY_SSL": not _flag(env, "OIDC_INSECURE_SKIP_VERIFY"),
        "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/",
        # The name on the login page's button: "เข้าสู่ระบบด้วย <name>".
        "PRAMOEN_OIDC_PROVIDER_NAME": env.get("OIDC_PROVIDER_NAME", "").strip() or "OpenID Connect",
        "PRAMOEN_OIDC_CLAIMS": claims,
        "PRAMOEN_DIRECTORY_DEPARTMENT": _department(env, "OIDC_RP_CLIENT_ID"),
    }


def authentication_backends(ldap: Mapping[str, Any], oidc: Mapping[str, Any]) -> list[str]:
    """Axes first (refuses a locked-out pair before any password is checked), then local
    accounts, then the directories that are configured.

    ModelBackend comes before LDAP: a local account (the break-glass administrator, the demo)
    is answered without a round trip to the directory and still signs in when the directory is
    down; an account the directory created has an unusable password, so ModelBackend refuses it
    at once and the LDAP backend is asked. A wrong password anywhere ends in one
    `user_login_failed` (Django sends it after every backend refused), which is what axes counts.
    """
    backends = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
    if ldap:
        backends.append(LDAP_BACKEND)
    if oidc:
        backends.append(OIDC_BACKEND)
    return backends
