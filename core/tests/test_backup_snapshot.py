"""A backup taken while people work is one snapshot (issue 15 §2): it restores into an empty
database, its manifest counts are the restored counts, and its files are the snapshot's files.
Runs on SQLite (a real file database) and on PostgreSQL when DATABASE_URL points there."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import zipfile
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from core import backup as backup_module
from core.backup import backup, restore, row_counts
from core.backup_db import POSTGRESQL_METHOD, SQLITE_METHOD, scratch_database, temporary_alias
from evidence.models import EvidenceFile
from notifications.models import Notification
from reporting.services import evidence_files as evidence_services
from reporting.tests.conftest import _media, setup, submission  # noqa: F401
from reporting.tests.factories import pdf_bytes, upload

User = get_user_model()


@pytest.fixture
def live_settings(tmp_path):
    """Where the "live system" runs: on SQLite a real file database (a copy of the migrated
    test database), on PostgreSQL the test database itself (None)."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path / "live.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return {**connection.settings_dict, "NAME": str(path)}


@contextmanager
def live(settings_dict):
    if settings_dict is None:
        yield DEFAULT_DB_ALIAS
        return
    with temporary_alias(settings_dict, "live") as alias:
        yield alias


def _user_with_notification(alias: str, name: str) -> None:
    # A row and a row pointing at it, in one transaction: a dump that is not one snapshot can
    # hold the notification without its user, and then it does not load.
    with transaction.atomic(using=alias):
        user = User(username=name, email=f"{name}@example.go.th")
        user.save(using=alias)
        Notification(recipient=user, kind="test", title=f"แจ้ง {name}").save(using=alias)


def _keep_inserting(settings_dict, stop, written, errors):
    try:
        with live(settings_dict) as alias:
            while not stop.is_set():
                _user_with_notification(alias, f"writer{len(written)}")
                written.append(1)
    except Exception as error:  # reported by the test
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_backup_taken_while_rows_are_inserted_restores_with_the_manifest_counts(
    tmp_path, settings, live_settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "backup.zip"
    with live(live_settings) as alias:
        for n in range(150):
            _user_with_notification(alias, f"seed{n}")
        stop = threading.Event()
        written: list[int] = []
        errors: list[Exception] = []
        writer = threading.Thread(
            target=_keep_inserting, args=(live_settings, stop, written, errors)
        )
        writer.start()
        try:
            deadline = time.monotonic() + 30
            while len(written) < 5 and not errors and time.monotonic() < deadline:
                time.sleep(0.01)
            before = len(written)
            backup(archive, using=alias)
            during = len(written) - before
        finally:
            stop.set()
            writer.join()
        assert not errors
        assert during > 0, "the writer must have inserted rows while the backup ran"
        live_counts = row_counts(alias)

    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    method = SQLITE_METHOD if connection.vendor == "sqlite" else POSTGRESQL_METHOD
    assert manifest["snapshot"] == method
    assert 150 < manifest["rows"]["auth.user"] < live_counts["auth.user"]
    assert manifest["rows"]["auth.user"] == manifest["rows"]["notifications.notification"]

    with scratch_database() as scratch:
        restore(archive, using=scratch)
        restored = row_counts(scratch)
    assert restored == manifest["rows"]


@pytest.mark.django_db(transaction=True)
def test_archive_holds_the_snapshots_files_not_later_ones(
    tmp_path, settings, owner, monkeypatch, request
):
    report = request.getfixturevalue("submission")
    kept = evidence_services.evidence_add(owner, report, upload("ผล.pdf", pdf_bytes()))
    removed = evidence_services.evidence_add(owner, report, upload("ลบ.pdf", pdf_bytes()))
    media = settings.MEDIA_ROOT
    (media / "old.txt").write_text("ก่อนสำรอง", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    for path in media.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    real_dump, dumps = backup_module._dump, []

    def dump_while_people_work(alias, target):
        real_dump(alias, target)
        dumps.append(alias)
        if len(dumps) == 1:
            # After the first snapshot a referenced file is removed with its row (as
            # evidence_remove does, the file after commit) ...
            EvidenceFile.objects.filter(pk=removed.pk).delete()
            (media / removed.file.name).unlink()
        else:
            # ... and after the second one an upload lands: its row is not in this snapshot.
            (media / "late.txt").write_text("หลังสำรอง", encoding="utf-8")

    monkeypatch.setattr(backup_module, "_dump", dump_while_people_work)
    archive = tmp_path / "backup.zip"
    summary = backup(archive)

    assert len(dumps) == 2, "a referenced file that vanished makes the backup start again"
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert set(manifest["files"]) == {kept.file.name, "old.txt"}
    assert manifest["missing_files"] == []
    assert manifest["rows"]["evidence.evidencefile"] == 1
    assert summary.files == 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_backup_leaves_the_previous_archive_and_no_partial_file(
    tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "backup.zip"
    archive.write_bytes(b"last night's archive")

    def disk_full(alias, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module, "_dump", disk_full)
    with pytest.raises(OSError, match="No space"):
        backup(archive)
    assert archive.read_bytes() == b"last night's archive"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.zip"]
