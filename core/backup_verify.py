"""`manage.py backup --verify PATH`: restore an archive into a scratch database and compare.

Nothing of the running system is touched: the rows go into a new empty, migrated database
(core.backup_db.scratch_database) and the files are checked inside the archive. The archive
passes when every row count equals the manifest's, every file equals its checksum, and every
file a restored row refers to is in the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, transaction

from core.backup import (
    BackupError,
    file_problems,
    load_rows,
    open_archive,
    referenced_files,
    row_counts,
    row_problems,
)
from core.backup_db import SnapshotError, scratch_database


@dataclass(frozen=True)
class VerifyReport:
    rows: int
    files: int
    problems: list[str]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: Path, using: str = DEFAULT_DB_ALIAS) -> VerifyReport:
    with open_archive(path) as (archive, manifest):
        problems = file_problems(archive, manifest)
        files: dict[str, str] = manifest.get("files") or {}
        expected: dict[str, int] = manifest.get("rows") or {}
        known_missing = set(manifest.get("missing_files") or [])
        warnings = [f"ไฟล์ {name} หายไปจากระบบก่อนสำรอง" for name in sorted(known_missing)]
        restored: dict[str, int] = {}
        try:
            with scratch_database(using) as scratch:
                try:
                    with transaction.atomic(using=scratch):
                        load_rows(archive, scratch)
                except BackupError as error:
                    problems.append(str(error))
                except Exception as error:  # loaddata's errors: the archive does not load
                    problems.append(f"โหลดข้อมูลลงฐานข้อมูลว่างไม่สำเร็จ: {error}")
                else:
                    restored = row_counts(scratch)
                    problems.extend(row_problems(expected, restored))
                    absent = referenced_files(scratch) - set(files) - known_missing
                    problems.extend(
                        f"ไฟล์ {name} ที่ข้อมูลอ้างถึงไม่อยู่ในชุดสำรอง" for name in sorted(absent)
                    )
        except SnapshotError as error:
            raise BackupError(str(error)) from error
    return VerifyReport(
        rows=sum(restored.values()), files=len(files), problems=problems, warnings=warnings
    )
