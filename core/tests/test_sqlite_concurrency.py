"""Concurrent writes on SQLite never error (issue 15 item 1): eight writers at once (pages,
uploads, the API, the task worker) against a real SQLite file, each on its own connection.
With Django's default (DEFERRED) transactions the same run gives "database is locked"
(`python -m core.tests.concurrent_writers DIR --transaction-mode DEFERRED`)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the embedded SQLite default only",
)


def test_sqlite_runs_in_wal_with_immediate_transactions_and_a_busy_timeout():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_eight_concurrent_writers_on_a_sqlite_file_never_error(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "core.tests.concurrent_writers", str(tmp_path), "--writers", "8"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "pramoen.settings_test"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["requests"] >= 8 * 6
    assert result["evidence_rows"] == result["expected_uploads"] == result["files"]
    assert result["orphans"] == []
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
