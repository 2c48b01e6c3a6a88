"""Backup and restore of the database and the uploaded files, together (one .zip).

The archive holds `data.json` (Django's serialised data with natural keys, so it loads into any
freshly migrated database: SQLite or PostgreSQL), the files under MEDIA_ROOT in `media/`, and a
`manifest.json` with row counts per model and a SHA-256 per file. Restore refuses a non-empty
database, loads everything in one transaction and verifies every file checksum.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

FORMAT_VERSION = 1
# Rebuilt by `migrate` (contenttypes, permissions) or worthless after a restore (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    """A problem the operator must fix; the message says what."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _backed_up_models() -> list[str]:
    labels = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED or label in EXCLUDED or not model._meta.managed:
            continue
        labels.append(label)
    return sorted(labels)


def row_counts() -> dict[str, int]:
    return {label: apps.get_model(label)._default_manager.count() for label in _backed_up_models()}


def media_checksums(root: Path | None = None) -> dict[str, str]:
    media = Path(root or settings.MEDIA_ROOT)
    if not media.exists():
        return {}
    return {
        path.relative_to(media).as_posix(): _sha256(path)
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


def backup(path: Path) -> BackupSummary:
    media = Path(settings.MEDIA_ROOT)
    counts = row_counts()
    checksums = media_checksums(media)
    with tempfile.TemporaryDirectory() as tmp:
        data_file = Path(tmp) / "data.json"
        call_command(
            "dumpdata",
            *[f"--exclude={label}" for label in EXCLUDED],
            natural_foreign=True,
            natural_primary=True,
            output=str(data_file),
            verbosity=0,
        )
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": settings.DATABASES["default"]["ENGINE"],
            "rows": counts,
            "files": checksums,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(data_file, "data.json")
            archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
            for name in checksums:
                archive.write(media / name, f"media/{name}")
    return BackupSummary(path=path, rows=sum(counts.values()), files=len(checksums))


def _safe_member(name: str) -> PurePosixPath:
    member = PurePosixPath(name)
    if member.is_absolute() or ".." in member.parts:
        raise BackupError(f"ชื่อไฟล์ในชุดสำรองไม่ปลอดภัย: {name}")
    return member


def restore(path: Path) -> BackupSummary:
    if not path.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรองข้อมูล: {path}")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BackupError(f"ไฟล์สำรองข้อมูลเสียหายหรือไม่ใช่ไฟล์ zip: {path}") from error
    with archive, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except KeyError as error:
            raise BackupError("ไฟล์สำรองข้อมูลไม่มี manifest.json") from error
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"รูปแบบไฟล์สำรองข้อมูลไม่รองรับ: {manifest.get('format')}")
        non_empty = [label for label, count in row_counts().items() if count]
        if non_empty:
            raise BackupError(
                "ฐานข้อมูลปลายทางต้องว่าง (มีข้อมูลอยู่แล้วใน: " + ", ".join(non_empty[:5]) + ")"
            )
        data_file = Path(tmp) / "data.json"
        data_file.write_bytes(archive.read("data.json"))
        media = Path(settings.MEDIA_ROOT)
        files: dict[str, str] = manifest["files"]
        with transaction.atomic():
            call_command("loaddata", str(data_file), verbosity=0)
            restored = row_counts()
            expected = {label: count for label, count in manifest["rows"].items()}
            missing = {
                label: (count, restored.get(label, 0))
                for label, count in expected.items()
                if restored.get(label, 0) != count
            }
            if missing:
                raise BackupError(f"จำนวนแถวไม่ตรงกับที่สำรองไว้: {missing}")
        for name, checksum in files.items():
            target = media / _safe_member(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(f"media/{name}"))
            if _sha256(target) != checksum:
                raise BackupError(f"ไฟล์ {name} เสียหาย (checksum ไม่ตรง)")
    return BackupSummary(path=path, rows=sum(expected.values()), files=len(files))
