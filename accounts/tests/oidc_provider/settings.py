"""A minimal OpenID Connect provider (django-oauth-toolkit) for the OIDC login tests.

Not part of pramoen: accounts/tests/test_oidc_login.py runs it in a subprocess (serve.py) on a
loopback port with its own SQLite database, RSA signing key and seed (OIDC_PROVIDER_* env).
"""

from __future__ import annotations

import json
import os

SECRET_KEY = "oidc-provider-for-tests-only-0123456789abcdef0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "accounts.tests.oidc_provider.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("OIDC_PROVIDER_DB", ":memory:"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
SEED = json.loads(os.environ.get("OIDC_PROVIDER_SEED", "{}"))
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ.get("OIDC_PROVIDER_RSA_KEY", ""),
    "OAUTH2_VALIDATOR_CLASS": "accounts.tests.oidc_provider.urls.Validator",
    "PKCE_REQUIRED": True,
    "SCOPES": {"openid": "OpenID Connect", "email": "E-mail", "profile": "Profile"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
