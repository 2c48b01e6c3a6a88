"""`python manage.py backup PATH` — database and uploaded files into one .zip, from one
consistent snapshot. `python manage.py backup --verify PATH` restores an archive into a scratch
database and compares it with its manifest (exit status 1 when anything differs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, backup
from core.backup_verify import verify


class Command(BaseCommand):
    help = (
        "สำรองฐานข้อมูลและไฟล์แนบทั้งหมดเป็นไฟล์ .zip เดียว; --verify ตรวจว่าไฟล์สำรองกู้คืนได้ครบ"
        " / Back up the database and files into one .zip; --verify checks an archive restores"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--verify",
            action="store_true",
            help="กู้คืนลงฐานข้อมูลชั่วคราวแล้วเทียบกับ manifest / restore into a scratch "
            "database and compare with the manifest",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            if options["verify"]:
                self._verify(path)
                return
            summary = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in summary.missing_files:
            self.stderr.write(
                f"คำเตือน: ไฟล์ {name} ที่ข้อมูลอ้างถึงหายไปจากระบบ / warning: {name} is missing"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"สำรองข้อมูลแล้ว: {summary.path} ({summary.rows} แถว, {summary.files} ไฟล์)"
                f" / Backed up: {summary.rows} rows, {summary.files} files"
            )
        )

    def _verify(self, path: Path) -> None:
        report = verify(path)
        for warning in report.warnings:
            self.stderr.write(f"คำเตือน / warning: {warning}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(
                f"ไฟล์สำรองไม่ผ่านการตรวจสอบ พบปัญหา {len(report.problems)} รายการ: {path}"
                f" / Backup verification FAILED, {len(report.problems)} problem(s)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"ไฟล์สำรองผ่านการตรวจสอบ: กู้คืนได้ {report.rows} แถว {report.files} ไฟล์"
                f" ตรงกับที่บันทึกไว้ทุกรายการ: {path}"
                f" / Backup verified OK: {report.rows} rows and {report.files} files restored,"
                " all match the manifest"
            )
        )
