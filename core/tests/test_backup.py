"""Backup and restore: every row and every file comes back identical (issue "Quality gates" §5)."""

import hashlib
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Person, RoleAssignment
from core.backup import media_checksums, row_counts
from core.models import AuditEvent


@pytest.fixture
def media(tmp_path, settings):
    root = tmp_path / "media"
    (root / "evidence" / "2569").mkdir(parents=True)
    (root / "evidence" / "2569" / "รายงานผล.pdf").write_bytes(b"%PDF-1.4 demo " * 100)
    (root / "top.txt").write_text("สำนักงาน", encoding="utf-8")
    settings.MEDIA_ROOT = root
    return root


def _snapshot():
    return {
        "rows": row_counts(),
        "people": sorted(Person.objects.values_list("pk", "first_name_th", "user__username")),
        "roles": sorted(RoleAssignment.objects.values_list("pk", "role", "fiscal_year", "unit_id")),
        "audit": sorted(AuditEvent.objects.values_list("pk", "action", "object_id", "data")),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_empty_database_is_identical(tmp_path, media):
    call_command("load_demo", "--quiet-logins")
    from core.audit import audit_log

    audit_log(None, "core.test.backup", Person.objects.first(), {"ค่า": "1.5000"})
    before = _snapshot()
    files_before = media_checksums(media)
    archive = tmp_path / "backup.zip"

    call_command("backup", str(archive))
    assert zipfile.ZipFile(archive).testzip() is None

    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Person.objects.exists()

    call_command("restore", str(archive), "--no-migrate")
    assert _snapshot() == before
    assert media_checksums(media) == files_before
    restored = (media / "evidence" / "2569" / "รายงานผล.pdf").read_bytes()
    assert hashlib.sha256(restored).hexdigest() == files_before["evidence/2569/รายงานผล.pdf"]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data(tmp_path, media):
    call_command("load_demo", "--quiet-logins")
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="ต้องว่าง"):
        call_command("restore", str(archive), "--no-migrate")


@pytest.mark.django_db
def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    with pytest.raises(CommandError, match="zip"):
        call_command("restore", str(bogus), "--no-migrate")
    with pytest.raises(CommandError, match="ไม่พบ"):
        call_command("restore", str(tmp_path / "missing.zip"), "--no-migrate")
