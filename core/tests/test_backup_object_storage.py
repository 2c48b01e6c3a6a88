"""Backup and restore include the store's files on local disk and on an S3 store (issue 19
item 3): every object goes into the archive, and a restore into an empty system puts each one
back under its name, readable through the permission-checked download. `media_orphans` works on
the bucket as on disk."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Department
from conftest import PERSONA_FY
from core.media import media_storage, open_stored, stored_objects
from evidence.models import EvidenceFile
from reporting.services import evidence_files as evidence_services
from reporting.tests.conftest import _media, setup, submission  # noqa: F401
from reporting.tests.factories import pdf_bytes, png_bytes, upload


def _contents() -> dict[str, bytes]:
    contents = {}
    for item in stored_objects():
        with open_stored(item.name) as handle:
            contents[item.name] = handle.read()
    return contents


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_stored_file(
    media_store, tmp_path, client, owner, coordinator, outsider, org, request
):
    report = request.getfixturevalue("submission")
    evidence = evidence_services.evidence_add(owner, report, upload("ผล.pdf", pdf_bytes()))
    second = evidence_services.evidence_add(owner, report, upload("ภาพ.png", png_bytes()))
    account_services.department_emblem_upload(
        coordinator, org.department, PERSONA_FY, upload("ครุฑ.png", png_bytes())
    )
    emblem = Department.objects.get(pk=org.department.pk).emblem.name
    # A file no row names yet (written well before the backup) is kept too, as on disk.
    media_storage().save("imports/เก่า.txt", ContentFile("ก่อนสำรอง".encode()))
    before = _contents()
    assert set(before) == {evidence.file.name, second.file.name, emblem, "imports/เก่า.txt"}
    archive = tmp_path / "backup.zip"

    call_command("backup", str(archive))
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        assert opened.read(f"media/{evidence.file.name}") == pdf_bytes()
    assert manifest["files"] == {
        name: hashlib.sha256(body).hexdigest() for name, body in before.items()
    }

    call_command("flush", interactive=False, verbosity=0)
    media_store.empty()
    call_command("restore", str(archive), "--no-migrate")

    assert _contents() == before
    if media_store.kind == "s3":
        assert media_store.keys() == set(before)
    restored = EvidenceFile.objects.get(file=evidence.file.name)
    client.force_login(coordinator.__class__.objects.get(username=coordinator.username))
    response = client.get(reverse("evidence:download", args=[restored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    client.force_login(outsider.__class__.objects.get(username=outsider.username))
    assert client.get(reverse("evidence:download", args=[restored.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_backup_verify_passes_for_an_archive_of_the_bucket(
    media_store, tmp_path, owner, capsys, request
):
    report = request.getfixturevalue("submission")
    evidence_services.evidence_add(owner, report, upload("ผล.pdf", pdf_bytes()))
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    call_command("backup", "--verify", str(archive))
    assert "Backup verified OK" in capsys.readouterr().out


def test_media_orphans_finds_and_deletes_unreferenced_objects(media_store, owner, capsys, request):
    report = request.getfixturevalue("submission")
    kept = evidence_services.evidence_add(owner, report, upload("ผล.pdf", pdf_bytes()))
    orphan = media_storage().save("evidence/2026/01/deadbeef.pdf", io.BytesIO(b"%PDF orphan"))

    call_command("media_orphans")  # written just now: too young to judge
    assert "deadbeef" not in capsys.readouterr().out
    call_command("media_orphans", "--min-age", "0")
    listed = capsys.readouterr().out
    assert orphan in listed and kept.file.name not in listed
    assert media_store.names() == {kept.file.name, orphan}  # listing deletes nothing

    call_command("media_orphans", "--min-age", "0", "--delete")
    assert media_store.names() == {kept.file.name}


@pytest.mark.parametrize("media_store", ["s3"], indirect=True)
def test_media_bucket_creates_a_missing_private_bucket(media_store, settings, capsys):
    from core.media import store_problem

    fresh = f"{media_store.bucket}-new"
    options = {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": fresh}
    store = {**settings.STORAGES["default"], "OPTIONS": options}
    settings.STORAGES = {**settings.STORAGES, "default": store}
    assert store_problem() is not None
    with pytest.raises(CommandError, match="ใช้ที่เก็บไฟล์ไม่ได้"):
        call_command("media_bucket")
    call_command("media_bucket", "--create")
    assert store_problem() is None
    assert "พร้อมใช้" in capsys.readouterr().out
    block = media_store.client().get_public_access_block(Bucket=fresh)
    assert all(block["PublicAccessBlockConfiguration"].values())


def test_media_bucket_reports_local_disk(media_store, capsys):
    if media_store.kind == "local":
        call_command("media_bucket")
        assert "ดิสก์ในเครื่อง" in capsys.readouterr().out
    else:
        call_command("media_bucket")
        assert media_store.bucket in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_disk_backup_restores_into_an_s3_store(
    tmp_path, settings, monkeypatch, owner, request, s3_server
):
    """Moving a deployment from disk to object storage: back up on disk, restore with S3 set."""
    from core.tests.object_store import MediaStore, new_bucket, s3_environment
    from pramoen.settings import media_storage_from_env

    report = request.getfixturevalue("submission")
    evidence = evidence_services.evidence_add(owner, report, upload("ผล.pdf", pdf_bytes()))
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    call_command("flush", interactive=False, verbosity=0)

    bucket = new_bucket(s3_server)
    for key, value in s3_environment(s3_server, bucket).items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env()}
    call_command("restore", str(archive), "--no-migrate")

    assert MediaStore("s3", endpoint=s3_server, bucket=bucket).keys() == {evidence.file.name}
    with open_stored(EvidenceFile.objects.get().file.name) as handle:
        assert handle.read() == pdf_bytes()
