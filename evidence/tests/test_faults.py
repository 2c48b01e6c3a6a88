"""Nothing lost, nothing left behind (issue 15 items 1 and 6): an upload whose transaction fails
leaves no file, a full disk is a clear Thai error, a dropped database connection is a clear
error page with no partial write; `media_orphans` finds what a killed process left."""

from __future__ import annotations

import errno
import io
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse

from core.files import orphans_removed
from core.models import AuditEvent
from evidence.models import EvidenceFile
from reporting.models import Submission
from reporting.services import evidence_files as services
from reporting.tests.factories import pdf_bytes, upload


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(submission: Submission) -> dict[str, Any]:
    row = Submission.objects.get(pk=submission.pk)
    return {f.attname: getattr(row, f.attname) for f in Submission._meta.concrete_fields}


def failing_after_store(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("database is locked")


# A transaction that fails after the file was written ---------------------------------------


def test_failed_upload_transaction_leaves_no_file(submission, owner, settings):
    with (
        orphans_removed(),
        mock.patch("reporting.services.evidence_files.audit_log", failing_after_store),
        pytest.raises(OperationalError),
    ):
        services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    assert not EvidenceFile.objects.exists()
    assert stored_files(settings) == []


def test_failed_upload_through_the_page_leaves_no_file_and_a_thai_error_page(
    client, submission, owner, settings
):
    client.force_login(owner)
    client.raise_request_exception = False
    with mock.patch("reporting.services.evidence_files.audit_log", failing_after_store):
        response = client.post(
            reverse("evidence:add", args=[submission.pk]), {"file": upload("a.pdf", pdf_bytes())}
        )
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert stored_files(settings) == []


def test_committed_upload_keeps_its_file(client, submission, owner, settings):
    client.force_login(owner)
    url = reverse("evidence:add", args=[submission.pk])
    assert client.post(url, {"file": upload("a.pdf", pdf_bytes())}).status_code == 302
    evidence = EvidenceFile.objects.get()
    assert stored_files(settings) == [Path(settings.MEDIA_ROOT) / evidence.file.name]


# The media disk fills up during an upload ---------------------------------------------------


def disk_full(partial: bool) -> Callable[..., str]:
    def save(self: FileSystemStorage, name: str, content: Any) -> str:
        if partial:  # the first bytes reached the disk before it filled up
            path = Path(self.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return save


@pytest.mark.parametrize("partial", [False, True], ids=["nothing-written", "half-written"])
def test_full_disk_is_a_thai_error_and_changes_nothing(
    client, submission, owner, settings, partial
):
    before = snapshot(submission)
    audits = AuditEvent.objects.count()
    client.force_login(owner)
    with mock.patch.object(FileSystemStorage, "_save", disk_full(partial)):
        response = client.post(
            reverse("evidence:add", args=[submission.pk]),
            {"title": "มติ คชก.", "file": upload("a.pdf", pdf_bytes())},
            follow=True,
        )
    assert response.status_code == 200
    assert "พื้นที่เก็บไฟล์ของระบบเต็ม" in response.content.decode()
    assert snapshot(submission) == before
    assert not EvidenceFile.objects.exists()
    assert AuditEvent.objects.count() == audits
    assert stored_files(settings) == []


# The database connection drops in the middle of a request -----------------------------------


@contextmanager
def connection_drops_after_first_write() -> Iterator[list[str]]:
    """Every statement after the request's first INSERT/UPDATE fails as a dropped connection
    does; the rollback itself still reaches the database (as the server's own abort would)."""
    seen: list[str] = []

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if seen and verb not in {"ROLLBACK", "SAVEPOINT", "RELEASE"}:
            raise OperationalError("server closed the connection unexpectedly")
        result = execute(sql, *args)
        if verb in {"INSERT", "UPDATE"}:
            seen.append(sql)
        return result

    with connection.execute_wrapper(wrapper):
        yield seen


def test_dropped_connection_during_a_report_save_is_a_clear_page_and_no_partial_write(
    client, submission, owner
):
    before = snapshot(submission)
    audits = AuditEvent.objects.count()
    client.force_login(owner)
    client.raise_request_exception = False
    form = {
        "version": str(submission.version),
        "activity_count": "3",
        "value_a": "45",
        "value_b": "50",
        "obstacles": "ฝนตกหนัก",
        "action": "save",
    }
    with connection_drops_after_first_write() as writes:
        response = client.post(reverse("reporting:submission", args=[submission.pk]), form)
    assert writes, "the request never reached a write: the fault was not injected"
    assert response.status_code == 500
    page = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in page and "อาจยังไม่ถูกบันทึก" in page
    assert snapshot(submission) == before
    assert AuditEvent.objects.count() == audits


def test_dropped_connection_during_an_upload_leaves_no_row(client, submission, owner, settings):
    client.force_login(owner)
    client.raise_request_exception = False
    with connection_drops_after_first_write():
        response = client.post(
            reverse("evidence:add", args=[submission.pk]), {"file": upload("a.pdf", pdf_bytes())}
        )
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    # Whether the file is referenced cannot be asked of a dead database, so it is kept for
    # `media_orphans`, which finds it once the database is back.
    out = io.StringIO()
    call_command("media_orphans", "--delete", "--min-age", "0", stdout=out)
    assert "evidence/" in out.getvalue()
    assert stored_files(settings) == []


# The cleanup command ------------------------------------------------------------------------


def plant(settings: Any, name: str, age_seconds: float) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"orphan")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_media_orphans_finds_and_deletes_only_unreferenced_old_files(
    submission, owner, settings, capsys
):
    kept = services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    kept_path = Path(settings.MEDIA_ROOT) / kept.file.name
    os.utime(kept_path, (time.time() - 7200, time.time() - 7200))
    orphan = plant(settings, "evidence/2026/01/deadbeef.pdf", age_seconds=7200)
    recent = plant(settings, "evidence/2026/01/inflight.pdf", age_seconds=10)

    call_command("media_orphans")
    listed = capsys.readouterr().out
    assert "evidence/2026/01/deadbeef.pdf" in listed
    assert kept.file.name not in listed and "inflight" not in listed
    assert orphan.exists()  # listing deletes nothing

    call_command("media_orphans", "--delete")
    assert not orphan.exists()
    assert kept_path.exists() and recent.exists()
