"""Fault injection (issue 15 §6): the process sending reminders is killed with SIGKILL in the
middle of sending; after a restart every reminder has reached its recipient by e-mail exactly
once — none lost, none twice. A real subprocess (`manage.py send_reminders`) on a real database
(a SQLite file, or the PostgreSQL test database), its e-mail written to files we count."""

from __future__ import annotations

import datetime
import email
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from conftest import UserFactory
from notifications.services import reminder_schedule

RECIPIENTS = 5


def _database_for_subprocess(tmp_path: Path) -> dict[str, object]:
    if connection.vendor == "sqlite":
        # The test database lives in memory: hand the subprocess a file copy of it.
        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    keys = ["ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"]
    return {key: connection.settings_dict[key] for key in keys}


def _send_reminders(database, outbox: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "notifications.tests.crash_settings",
            "PRAMOEN_CRASH_DB": json.dumps(database),
            "PRAMOEN_MAIL_DIR": str(outbox),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def _delivered(outbox: Path) -> Counter[str]:
    return Counter(
        email.message_from_bytes(path.read_bytes())["To"] for path in outbox.glob("*.eml")
    )


@pytest.mark.django_db(transaction=True)
def test_killing_the_sender_mid_send_loses_no_email_and_sends_none_twice(tmp_path):
    users = [UserFactory(username=f"crash{n}") for n in range(RECIPIENTS)]
    for n, user in enumerate(users):
        reminder_schedule(
            [user],
            kind="agreements.step_due",
            title=f"ขั้นตอนที่ {n + 1} ใกล้ครบกำหนด",
            url="/agreements/",
            send_at=timezone.now() - datetime.timedelta(minutes=RECIPIENTS - n),
            dedupe_key=f"crash:{n}",
        )
    database = _database_for_subprocess(tmp_path)
    outbox = tmp_path / "outbox"
    outbox.mkdir()

    killed = _send_reminders(database, outbox, PRAMOEN_KILL_AT_SEND="3")
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert sum(_delivered(outbox).values()) == 2

    # Restarted after the claim of the killed send has expired (EMAIL_CLAIM_TIMEOUT=0 here
    # instead of waiting ten minutes).
    restarted = _send_reminders(database, outbox, EMAIL_CLAIM_TIMEOUT="0")
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    again = _send_reminders(database, outbox, EMAIL_CLAIM_TIMEOUT="0")
    assert again.returncode == 0, again.stderr[-2000:]

    assert _delivered(outbox) == Counter({user.email: 1 for user in users})
