"""After `make demo`, `manage.py …` works as the README writes it (issue 16 item 7).

The demo writes var/demo.env (scripts/demo_env.py); settings read it when present. Without it
and with DEBUG off, the settings still refuse to start without SECRET_KEY.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from scripts.demo_env import write_demo_env

ROOT = Path(__file__).resolve().parents[2]
CLEARED = {"DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "PRAMOEN_ENV_FILE"}


def run_manage(env_file: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(
        DJANGO_SETTINGS_MODULE="pramoen.settings",
        PRAMOEN_ENV_FILE=str(env_file),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_manage_py_works_with_the_demo_env_file(tmp_path):
    env_file = tmp_path / "demo.env"
    assert write_demo_env(env_file)
    check = run_manage(env_file, tmp_path, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout
    shown = run_manage(
        env_file,
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECRET_KEY)",
    )
    assert shown.returncode == 0, shown.stderr
    debug, redirect, key = shown.stdout.strip().splitlines()[-1].split()
    # The demo runs with DEBUG off (its own 404/500 pages) over plain HTTP, with its own key.
    assert (debug, redirect) == ("False", "False")
    assert key in env_file.read_text() and "demo-only" not in key and len(key) >= 50


def test_without_the_file_and_debug_off_settings_refuse_clearly(tmp_path):
    result = run_manage(tmp_path / "missing.env", tmp_path, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_demo_env_is_owner_only_and_kept_across_runs(tmp_path):
    env_file = tmp_path / "var" / "demo.env"
    assert write_demo_env(env_file)
    first = env_file.read_text()
    assert not write_demo_env(env_file)
    assert env_file.read_text() == first
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    other = tmp_path / "other.env"
    write_demo_env(other)
    assert other.read_text() != first  # a fresh key per machine, never one in the repository


def test_the_environment_wins_over_the_file(tmp_path):
    env_file = tmp_path / "demo.env"
    write_demo_env(env_file)
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(PRAMOEN_ENV_FILE=str(env_file), DEBUG="1", SECRET_KEY="from-the-env")
    result = subprocess.run(
        [sys.executable, "-c", "from pramoen import settings; print(settings.SECRET_KEY)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "from-the-env", result.stderr
