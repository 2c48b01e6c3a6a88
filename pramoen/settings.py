"""Settings for pramoen, read from the environment.

Safe demo defaults apply only when DEBUG is on; in production (DEBUG off) SECRET_KEY and
ALLOWED_HOSTS must be given, and the secure-cookie/HSTS settings are on.

`make demo` writes the untracked file var/demo.env (a generated SECRET_KEY, plain-HTTP local
settings, DEBUG off so the project's own error pages show); when that file exists its
KEY=VALUE lines fill in what the environment does not set, so every `manage.py` command works
after the demo exactly as the README writes it. PRAMOEN_ENV_FILE names another file, or none
(empty). Production has no such file and still refuses to start without SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

from accounts.directory_settings import authentication_backends, ldap_settings, oidc_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path: Path) -> None:
    """Put the file's KEY=VALUE lines (# starts a comment) into os.environ; the environment wins."""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip())


ENV_FILE = os.environ.get("PRAMOEN_ENV_FILE", str(BASE_DIR / "var" / "demo.env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    load_env_file(Path(ENV_FILE))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (the demo writes one to var/demo.env)."
        )
    SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "ninja",  # serves Swagger UI from its bundled static files (no CDN; see api/api.py)
    "core",
    "accounts",
    "frameworks",
    "indicators",
    "agreements",
    "reporting",
    "dashboards",
    "evidence",
    "documents",
    "notifications",
    "search",
    "api",
    "ops",
]

MIDDLEWARE = [
    # First: the request id is on every log line of the request (ops.logs).
    "ops.logs.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.UploadedFilesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # user.is_verified(): whether this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: ends a session past its idle timeout or absolute lifetime.
    "accounts.sessions.SessionLifetimeMiddleware",
    # After the session lifetime: a signed-in user who must use two-factor and has not passed
    # it this session is sent to the code (or enrolment) page (accounts.two_factor_views).
    "accounts.two_factor_views.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # django-axes must be last: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pramoen.urls"
WSGI_APPLICATION = "pramoen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# SQLite (the embedded default) under concurrent writers (issue 15 item 1). WAL lets readers
# run beside the one writer; IMMEDIATE makes every atomic block take the write lock when it
# begins, so a transaction that read first never fails to upgrade (which SQLite answers with
# an immediate "database is locked", busy timeout or not); writers queue for up to `timeout`
# seconds instead. The task worker (db_worker) reads these same settings.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
    "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Directory login (issue 19 item 1): LDAP / Active Directory and OIDC, each only when its
# server is named in the environment (accounts.directory_settings); local accounts always work.
DIRECTORY_LDAP = ldap_settings(os.environ)
DIRECTORY_OIDC = oidc_settings(os.environ)
globals().update(DIRECTORY_LDAP)
globals().update(DIRECTORY_OIDC)
AUTHENTICATION_BACKENDS = authentication_backends(DIRECTORY_LDAP, DIRECTORY_OIDC)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after repeated failures, and an IP
# address after many failures across usernames (its own, higher limit: accounts.throttle).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.throttle.LoginThrottle"
PRAMOEN_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "30"))
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"  # says when to try again
AXES_RESET_ON_SUCCESS = True

# Two-factor sign-in (TOTP, django-otp; issue 19 item 2). With REQUIRE_2FA on (recommended in
# production; off by default and in the demo), administrators, coordinators, executives and
# evaluators enter a code from an authenticator app after their password
# (accounts.selectors.requires_two_factor). A wrong code counts as a failed login (axes).
PRAMOEN_REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "pramoen")
# Each device also slows guessing by itself: after n wrong codes the next try waits 2^(n-1)
# seconds, a delay a new password login does not reset (axes resets on success).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Thai first, English second (domain: UI text is Thai first).
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Sarabun (OFL) is served by the project itself from the fontpkg-sarabun wheel: no CDN.
SARABUN_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
STATICFILES_DIRS = [BASE_DIR / "static", ("fonts/sarabun", SARABUN_DIR)]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploaded and generated files (core.media): local disk under MEDIA_ROOT by default, or an
# S3-compatible object store (django-storages) with STORAGE_BACKEND=s3 or when
# AWS_STORAGE_BUCKET_NAME is set. The bucket's objects stay private: no ACL is ever set on them
# and no public URL is ever handed out; downloads pass the permission check first and are then
# streamed through the app (MEDIA_DOWNLOAD_MODE=stream, the default) or redirected to a signed
# URL valid for MEDIA_SIGNED_URL_SECONDS (MEDIA_DOWNLOAD_MODE=redirect; the store's endpoint must
# then be reachable by the browsers).
PRAMOEN_MEDIA_DOWNLOAD = os.environ.get("MEDIA_DOWNLOAD_MODE", "stream").strip().lower()
if PRAMOEN_MEDIA_DOWNLOAD not in {"stream", "redirect"}:
    raise ImproperlyConfigured("MEDIA_DOWNLOAD_MODE must be 'stream' or 'redirect'.")
PRAMOEN_MEDIA_SIGNED_URL_SECONDS = int(os.environ.get("MEDIA_SIGNED_URL_SECONDS", "60"))


def s3_verify(value: str) -> bool | str | None:
    """AWS_S3_VERIFY: empty for the default (verify), 0/false to skip, or a CA bundle's path."""
    if not value.strip():
        return None
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    return value.strip()


def s3_storage_options() -> dict[str, object]:
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        # Unset: boto3's own chain (its environment variables, an instance role, ...).
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("AWS_LOCATION", "").strip("/"),  # a key prefix
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,  # path for MinIO
        "signature_version": os.environ.get("AWS_S3_SIGNATURE_VERSION") or "s3v4",
        "verify": s3_verify(os.environ.get("AWS_S3_VERIFY", "")),
        "default_acl": None,  # private: the bucket's default, never public-read
        "querystring_auth": True,  # url() is always signed ...
        "querystring_expire": PRAMOEN_MEDIA_SIGNED_URL_SECONDS,  # ... and short-lived
        # Never overwrite: a name taken gets a new one, as on disk (core.files relies on it).
        "file_overwrite": False,
        # A file read from the store spills to a temporary file past this size (bytes).
        "max_memory_size": int(os.environ.get("AWS_S3_MAX_MEMORY_SIZE", str(2 * 1024 * 1024))),
    }


def storage_backend() -> str:
    """STORAGE_BACKEND, or s3 when only the bucket is named, or local."""
    chosen = os.environ.get("STORAGE_BACKEND", "").strip().lower()
    if not chosen:
        chosen = "s3" if os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip() else "local"
    if chosen not in {"local", "s3"}:
        raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'.")
    return chosen


def media_storage_from_env() -> dict[str, object]:
    """STORAGES["default"] as the environment asks."""
    if storage_backend() == "s3":
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_storage_options()}
    return {"BACKEND": "django.core.files.storage.FileSystemStorage"}


STORAGE_BACKEND = storage_backend()
STORAGES = {
    "default": media_storage_from_env(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console in the demo; SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pramoen@localhost")
# A send never hangs for long (seconds) ...
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "60"))
# ... so a notification claimed for sending longer ago than this (seconds) belongs to a sender
# that died: the next `send_reminders` run sends it (notifications.emails). Keep it well above
# EMAIL_TIMEOUT.
PRAMOEN_EMAIL_CLAIM_TIMEOUT = int(os.environ.get("EMAIL_CLAIM_TIMEOUT", "600"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A coordinator's "send reminder" (nudge) reaches one person about one report, circulation or
# data request at most once in this many hours (notifications.nudges).
PRAMOEN_NUDGE_HOURS = int(os.environ.get("NUDGE_HOURS", "24"))
# Absolute links in e-mails (notifications) are built from this address.
PRAMOEN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")

# Background tasks: Django's tasks API (backport) with a database-backed worker, run by
# `manage.py run_worker` (db_worker with a heartbeat: ops.heartbeat). /readyz reports the worker
# stopped when no worker has beaten for WORKER_HEARTBEAT_TIMEOUT seconds.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PRAMOEN_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "15"))
PRAMOEN_WORKER_HEARTBEAT_TIMEOUT = int(os.environ.get("WORKER_HEARTBEAT_TIMEOUT", "60"))

# Cache: per process by default; a shared Redis (CACHE_URL=redis://host:6379/0) when there is
# more than one node. With a shared cache, sessions are read through it (cached_db: the
# database stays the record).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Prometheus metrics at /metrics (ops.views): 404 unless METRICS_TOKEN is set, then only with
# "Authorization: Bearer <METRICS_TOKEN>".
PRAMOEN_METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# A document job (documents.background) queued or building for longer than this (seconds) is
# taken for lost (its worker died): the next click queues it again.
PRAMOEN_DOCUMENT_JOB_STALE_SECONDS = int(os.environ.get("DOCUMENT_JOB_STALE_SECONDS", "900"))

# Security. Production turns everything on; the demo (DEBUG) runs over plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Session lifetime (accounts.sessions): signed out after SESSION_IDLE_HOURS without a request
# (a government office day by default) and SESSION_MAX_HOURS after signing in, whatever happens.
PRAMOEN_SESSION_IDLE_SECONDS = round(float(os.environ.get("SESSION_IDLE_HOURS", "8")) * 3600)
PRAMOEN_SESSION_MAX_SECONDS = round(float(os.environ.get("SESSION_MAX_HOURS", "12")) * 3600)
SESSION_COOKIE_AGE = PRAMOEN_SESSION_IDLE_SECONDS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Probes and Prometheus reach the app server directly over plain HTTP (not through nginx).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)

# Content Security Policy: no external origin anywhere; scripts only from us or with a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}

# Logs on stderr; LOG_FORMAT=json: one JSON object a line with the request id and the user's
# numeric id, no personal data (ops.logs).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "ops.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "ops.logs.JsonFormatter"},
        "text": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Upload limit for evidence files and imports, in bytes.
PRAMOEN_UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# A file over the limit is not kept while it is received; core.uploads refuses it by its size.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
