"""`manage.py backup --verify PATH` restores into a scratch database and compares: it passes
on a good archive and fails (exit status 1, every problem named) on a tampered one."""

from __future__ import annotations

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import UserFactory
from core.backup import row_counts
from notifications.models import Notification


@pytest.fixture
def archive(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "รายงาน.pdf").write_bytes(b"%PDF-1.4 " * 50)
    for user in UserFactory.create_batch(3):
        Notification.objects.create(recipient=user, kind="test", title="ทดสอบ")
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=StringIO())
    return path


def _tampered(source, target):
    """A copy with one notification dropped from the data and one file's bytes changed."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "data.json":
                rows = json.loads(content)
                first = next(
                    i for i, r in enumerate(rows) if r["model"] == "notifications.notification"
                )
                del rows[first]
                content = json.dumps(rows).encode()
            elif item.filename == "media/evidence/รายงาน.pdf":
                content = content + b"changed"
            copy.writestr(item, content)
    return target


@pytest.mark.django_db(transaction=True)
def test_verify_passes_on_a_good_archive_and_fails_on_a_tampered_one(archive, tmp_path):
    live_before = row_counts()
    out = StringIO()
    call_command("backup", "--verify", str(archive), stdout=out)
    assert "ผ่านการตรวจสอบ" in out.getvalue()
    assert "verified OK" in out.getvalue()
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert f"{sum(manifest['rows'].values())} แถว 1 ไฟล์" in out.getvalue()

    bad = _tampered(archive, tmp_path / "tampered.zip")
    err = StringIO()
    with pytest.raises(CommandError, match=r"ไม่ผ่านการตรวจสอบ.*FAILED") as failed:
        call_command("backup", "--verify", str(bad), stdout=StringIO(), stderr=err)
    assert failed.value.returncode == 1
    problems = err.getvalue()
    assert "notifications.notification ไม่ตรง: บันทึกไว้ 3 กู้คืนได้ 2" in problems
    assert "evidence/รายงาน.pdf เสียหาย" in problems
    assert row_counts() == live_before, "verifying never touches the live database"


@pytest.mark.django_db
def test_verify_names_an_archive_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    with pytest.raises(CommandError, match="zip"):
        call_command("backup", "--verify", str(bogus))
    with pytest.raises(CommandError, match="ไม่พบ"):
        call_command("backup", "--verify", str(tmp_path / "missing.zip"))
