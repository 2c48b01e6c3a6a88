"""`manage.py check --deploy` is clean with production settings (DEBUG off)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    # PRAMOEN_ENV_FILE empty: a developer's var/demo.env (from `make demo`) is not read here.
    environment.update(DJANGO_SETTINGS_MODULE="pramoen.settings", PRAMOEN_ENV_FILE="", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_reports_nothing_in_production():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-check-only-0123456789",
        ALLOWED_HOSTS="kpi.example.go.th",
        DEBUG="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="kpi.example.go.th")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


DIRECTORY_ENV = {
    "LDAP_SERVER_URI": "ldaps://ad.example.go.th",
    "LDAP_BIND_DN": "CN=pramoen,OU=Services,DC=example,DC=go,DC=th",
    "LDAP_BIND_PASSWORD": "bind-secret",
    "LDAP_USER_SEARCH_BASE": "OU=People,DC=example,DC=go,DC=th",
    "LDAP_USER_FILTER": "(sAMAccountName=%(user)s)",
    "LDAP_DEPARTMENT_CODE": "onep",
    "OIDC_RP_CLIENT_ID": "pramoen",
    "OIDC_RP_CLIENT_SECRET": "oidc-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://id.example.go.th/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://id.example.go.th/token",
    "OIDC_OP_USER_ENDPOINT": "https://id.example.go.th/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://id.example.go.th/jwks",
}


def test_check_deploy_reports_nothing_with_directory_login_configured():
    """Issue 19 item 1: LDAP and OIDC settings from the environment pass the deploy check, and
    the backends come in their order (axes, local accounts, LDAP, OIDC)."""
    production = {
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "kpi.example.go.th",
        "DEBUG": "0",
    }
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", **production, **DIRECTORY_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.AUTHENTICATION_BACKENDS)",
        **production,
        **DIRECTORY_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(
        [
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
            "accounts.directory.LDAPDirectoryBackend",
            "accounts.directory.OIDCDirectoryBackend",
        ]
    )


def test_ldap_without_department_refuses_to_start():
    env = {key: value for key, value in DIRECTORY_ENV.items() if key != "LDAP_DEPARTMENT_CODE"}
    result = run_manage("check", DEBUG="1", **env)
    assert result.returncode != 0
    assert "LDAP_DEPARTMENT_CODE" in result.stderr
