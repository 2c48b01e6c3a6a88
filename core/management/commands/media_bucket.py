"""`python manage.py media_bucket [--create]`

Says where the media store is (local MEDIA_ROOT or the S3 bucket, from the environment) and
whether it can be used. With --create, a missing bucket is created, private: public access
blocked where the store supports it (MinIO, Ceph and moto may not; said as a warning). Run once
when a deployment (or the scale test) starts on an empty S3-compatible server.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.media import STORAGE_ERRORS, media_storage, s3_storage, store_problem

PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


class Command(BaseCommand):
    help = "ตรวจที่เก็บไฟล์ (MEDIA_ROOT หรือ bucket S3); --create สร้าง bucket ส่วนตัวถ้ายังไม่มี"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--create", action="store_true", help="สร้าง bucket ถ้ายังไม่มี")

    def handle(self, *args: Any, **options: Any) -> None:
        storage = media_storage()
        s3 = s3_storage(storage)
        if s3 is None:
            problem = store_problem(storage)
            if problem:
                raise CommandError(problem)
            self.stdout.write(self.style.SUCCESS(f"ที่เก็บไฟล์: ดิสก์ในเครื่อง {storage.location}"))  # type: ignore[attr-defined]
            return
        client = s3.connection.meta.client
        if options["create"] and store_problem(storage):
            self._create(client, s3.bucket_name, s3.region_name)
        problem = store_problem(storage)
        if problem:
            raise CommandError(f"ใช้ที่เก็บไฟล์ไม่ได้ / store unusable: {problem}")
        try:
            grants = client.get_bucket_acl(Bucket=s3.bucket_name)["Grants"]
        except STORAGE_ERRORS as error:
            self.stderr.write(f"คำเตือน: อ่านสิทธิ์ของ bucket ไม่ได้ / cannot read the ACL: {error}")
        else:
            if any(grant["Grantee"].get("URI") in PUBLIC_GRANTEES for grant in grants):
                raise CommandError(
                    f"bucket {s3.bucket_name} เปิดให้สาธารณะอ่านได้: ต้องเป็นส่วนตัว"
                    " / the bucket grants public access: it must be private"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"ที่เก็บไฟล์: S3 bucket {s3.bucket_name} ที่ {s3.endpoint_url or 'AWS'} พร้อมใช้"
                " / store ready"
            )
        )

    def _create(self, client: Any, bucket: str, region: str | None) -> None:
        arguments: dict[str, Any] = {"Bucket": bucket}
        if region and region != "us-east-1":
            arguments["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            client.create_bucket(**arguments)
        except STORAGE_ERRORS as error:
            raise CommandError(f"สร้าง bucket {bucket} ไม่สำเร็จ / cannot create: {error}") from error
        self.stdout.write(f"สร้าง bucket {bucket} แล้ว / created")
        try:
            client.put_public_access_block(
                Bucket=bucket,
                PublicAccessBlockConfiguration={
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": True,
                    "RestrictPublicBuckets": True,
                },
            )
        except STORAGE_ERRORS as error:
            self.stderr.write(f"คำเตือน: ปิดการเข้าถึงสาธารณะไม่ได้ / public access block: {error}")
