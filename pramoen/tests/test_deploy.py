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
