"""Backup and restore of the database and the uploaded files, together (one .zip).

The archive holds `data.json` (Django's serialised data with natural keys, so it loads into any
freshly migrated database: SQLite or PostgreSQL), the stored files in `media/` (from MEDIA_ROOT
or, with an S3 store, every object of the bucket: core.media), and a `manifest.json` with row
counts per model and a SHA-256 per file. Restore writes the files back into whichever store is
configured then, so an archive also moves a system from disk to S3 or back.

Rules (issue 15 §2, a backup taken while people work must restore):
- The rows are dumped from one snapshot (core.backup_db.snapshot) and the manifest's counts are
  counted in that same snapshot.
- Files: every file a row of the snapshot refers to is in the archive. A referenced file that
  vanished before it was copied (its row was deleted after the snapshot) makes the backup start
  again from a new snapshot. Files written after the snapshot that no row of it refers to are
  left out: their rows are not in the dump either (on S3 "written" is the object's
  LastModified by the store's clock). Checksums are of the bytes written.
- The archive is written beside its target and renamed into place: a failed backup leaves no
  half-written file under the requested name.

Restore refuses a non-empty database, checks every file against its checksum first, loads the
rows in one transaction and compares the counts. Verifying (core.backup_verify) restores into a
scratch database and compares without touching the real one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.core.files.storage import FileSystemStorage, Storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from core.backup_db import SnapshotError, snapshot
from core.media import (
    StoredObject,
    is_missing,
    media_storage,
    open_stored,
    put_exactly,
    stored_objects,
)

FORMAT_VERSION = 1
# Rebuilt by `migrate` (contenttypes, permissions) or worthless after a restore (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
# How many snapshots to try when referenced files keep disappearing under the backup.
ATTEMPTS = 3
CHUNK = 1 << 16


class BackupError(Exception):
    """A problem the operator must fix; the message says what."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    files: int
    missing_files: list[str] = field(default_factory=list)


def _sha256(name: str, storage: Storage) -> str:
    digest = hashlib.sha256()
    with open_stored(name, storage) as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _backed_up_models() -> list[type[models.Model]]:
    chosen = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED or label in EXCLUDED or not model._meta.managed:
            continue
        chosen.append(model)
    return sorted(chosen, key=lambda model: model._meta.label_lower)


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.using(using).count()
        for model in _backed_up_models()
    }


def referenced_files(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Names (relative to MEDIA_ROOT) of the files that rows refer to through a FileField."""
    names: set[str] = set()
    for model in _backed_up_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                rows = model._default_manager.using(using).exclude(
                    **{f"{model_field.name}__isnull": True}
                )
                names.update(
                    str(name)
                    for name in rows.exclude(**{model_field.name: ""}).values_list(
                        model_field.name, flat=True
                    )
                )
    return names


def media_checksums(root: Path | None = None) -> dict[str, str]:
    """SHA-256 of every stored file: of the configured store, or of the folder `root`."""
    storage = FileSystemStorage(location=root) if root else media_storage()
    return {item.name: _sha256(item.name, storage) for item in stored_objects(storage)}


def _media_to_archive(
    storage: Storage, referenced: set[str], snapshot_started: float
) -> dict[str, StoredObject]:
    """The files that belong with a snapshot taken at `snapshot_started` (see module doc)."""
    return {
        item.name: item
        for item in stored_objects(storage)
        if item.name in referenced or item.modified < snapshot_started
    }


def _dump(alias: str, target: Path) -> None:
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        database=alias,
        natural_foreign=True,
        natural_primary=True,
        output=str(target),
        verbosity=0,
    )


def _write_member(archive: zipfile.ZipFile, storage: Storage, item: StoredObject) -> str:
    """Copy one stored file into the archive and return the SHA-256 of the bytes copied."""
    digest = hashlib.sha256()
    with (
        open_stored(item.name, storage) as handle,
        archive.open(f"media/{item.name}", "w", force_zip64=item.size > (1 << 30)) as out,
    ):
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _write_archive(
    target: Path,
    data_file: Path,
    manifest: dict[str, Any],
    storage: Storage,
    items: list[StoredObject],
) -> tuple[dict[str, str], list[str]]:
    """Write the archive; returns the checksums of the files written and the names that
    vanished while copying."""
    checksums: dict[str, str] = {}
    vanished: list[str] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(data_file, "data.json")
        for item in items:
            try:
                checksums[item.name] = _write_member(archive, storage, item)
            except Exception as error:
                if not is_missing(error):
                    raise
                vanished.append(item.name)
        manifest = {**manifest, "files": checksums}
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    return checksums, vanished


def backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    partial = path.with_name(f".{path.name}.partial")
    try:
        return _backup(path, partial, using)
    finally:
        partial.unlink(missing_ok=True)  # only left behind when the backup failed


def _backup(path: Path, partial: Path, using: str) -> BackupSummary:
    storage = media_storage()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pramoen-backup-") as tmp:
        data_file = Path(tmp) / "data.json"
        for attempt in range(1, ATTEMPTS + 1):
            snapshot_started = time.time()
            try:
                with snapshot(using) as snap:
                    counts = row_counts(snap.alias)
                    referenced = referenced_files(snap.alias)
                    _dump(snap.alias, data_file)
            except SnapshotError as error:
                raise BackupError(str(error)) from error
            present = _media_to_archive(storage, referenced, snapshot_started)
            missing = sorted(referenced - set(present))
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "database_vendor": connections[using].settings_dict["ENGINE"],
                "snapshot": snap.method,
                "rows": counts,
                "missing_files": missing,
            }
            items = [present[name] for name in sorted(present)]
            checksums, vanished = _write_archive(partial, data_file, manifest, storage, items)
            missing = sorted({*missing, *(set(vanished) & referenced)})
            if not missing or attempt == ATTEMPTS:
                break
            # A referenced file disappeared: its row was probably deleted after the snapshot.
            # A new snapshot no longer refers to it.
        if missing != manifest["missing_files"]:
            # Referenced files are missing from every snapshot tried: the live system lost
            # them. The archive says so (manifest "missing_files") instead of failing the backup.
            manifest["missing_files"] = missing
            written = [present[name] for name in sorted(checksums)]
            checksums, _ = _write_archive(partial, data_file, manifest, storage, written)
        os.replace(partial, path)
    return BackupSummary(
        path=path, rows=sum(counts.values()), files=len(checksums), missing_files=missing
    )


def safe_member(name: str) -> PurePosixPath:
    member = PurePosixPath(name)
    if member.is_absolute() or ".." in member.parts or not member.parts:
        raise BackupError(f"ชื่อไฟล์ในชุดสำรองไม่ปลอดภัย: {name}")
    return member


@contextmanager
def open_archive(path: Path) -> Iterator[tuple[zipfile.ZipFile, dict[str, Any]]]:
    """The archive and its manifest, or a BackupError saying why it is not a usable backup."""
    if not path.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรองข้อมูล: {path}")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BackupError(f"ไฟล์สำรองข้อมูลเสียหายหรือไม่ใช่ไฟล์ zip: {path}") from error
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except KeyError as error:
            raise BackupError("ไฟล์สำรองข้อมูลไม่มี manifest.json") from error
        except ValueError as error:
            raise BackupError("manifest.json ในไฟล์สำรองข้อมูลอ่านไม่ได้") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
            raise BackupError("รูปแบบไฟล์สำรองข้อมูลไม่รองรับ")
        yield archive, manifest


def member_checksum(archive: zipfile.ZipFile, name: str) -> str | None:
    """SHA-256 of `media/<name>` in the archive; None when it is not there."""
    digest = hashlib.sha256()
    try:
        with archive.open(f"media/{name}") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except KeyError:
        return None
    return digest.hexdigest()


def file_problems(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> list[str]:
    """Every file the manifest lists is in the archive with its checksum, and nothing else."""
    files: dict[str, str] = manifest.get("files") or {}
    problems = []
    for name, checksum in sorted(files.items()):
        safe_member(name)
        actual = member_checksum(archive, name)
        if actual is None:
            problems.append(f"ไม่มีไฟล์ {name} ในชุดสำรอง")
        elif actual != checksum:
            problems.append(f"ไฟล์ {name} เสียหาย (checksum ไม่ตรง)")
    extra = sorted(
        member[len("media/") :]
        for member in archive.namelist()
        if member.startswith("media/") and not member.endswith("/")
        if member[len("media/") :] not in files
    )
    problems.extend(f"ไฟล์ {name} ไม่อยู่ใน manifest" for name in extra)
    return problems


def row_problems(expected: dict[str, int], restored: dict[str, int]) -> list[str]:
    return [
        f"จำนวนแถวของ {label} ไม่ตรง: บันทึกไว้ {expected.get(label, 0)} กู้คืนได้ {restored.get(label, 0)}"
        for label in sorted({*expected, *restored})
        if expected.get(label, 0) != restored.get(label, 0)
    ]


def load_rows(archive: zipfile.ZipFile, using: str) -> None:
    """Load data.json into `using` (call inside a transaction on `using`)."""
    with tempfile.TemporaryDirectory(prefix="pramoen-restore-") as tmp:
        data_file = Path(tmp) / "data.json"
        try:
            data_file.write_bytes(archive.read("data.json"))
        except KeyError as error:
            raise BackupError("ไฟล์สำรองข้อมูลไม่มี data.json") from error
        call_command("loaddata", str(data_file), database=using, verbosity=0)


def restore(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    with open_archive(path) as (archive, manifest):
        non_empty = [label for label, count in row_counts(using).items() if count]
        if non_empty:
            raise BackupError(
                "ฐานข้อมูลปลายทางต้องว่าง (มีข้อมูลอยู่แล้วใน: " + ", ".join(non_empty[:5]) + ")"
            )
        problems = file_problems(archive, manifest)
        if problems:
            raise BackupError("; ".join(problems))
        expected: dict[str, int] = manifest["rows"]
        with transaction.atomic(using=using):
            load_rows(archive, using)
            problems = row_problems(expected, row_counts(using))
            if problems:
                raise BackupError("; ".join(problems))
        storage = media_storage()
        files: dict[str, str] = manifest["files"]
        for name in files:
            with archive.open(f"media/{safe_member(name).as_posix()}") as source:
                put_exactly(name, source, storage)
    return BackupSummary(path=path, rows=sum(expected.values()), files=len(files))
