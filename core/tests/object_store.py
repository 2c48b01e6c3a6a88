"""An S3-compatible server on loopback for the storage tests (issue 19 item 3).

moto's ThreadedMotoServer is a real HTTP S3 endpoint: the app talks to it through
django-storages and boto3 exactly as it would to MinIO, Ceph or AWS. One server per test session
(and per xdist worker) on 127.0.0.1 with a free port; one new bucket per test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3

from core.media import stored_objects

ACCESS_KEY = "pramoen-test"
SECRET_KEY = "pramoen-test-secret"
REGION = "ap-southeast-1"


def start_s3_server() -> tuple[Any, str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def new_bucket(endpoint: str) -> str:
    name = f"pramoen-{uuid.uuid4().hex[:20]}"
    s3_client(endpoint).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return name


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The environment a deployment sets for the store (read by pramoen.settings)."""
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_ADDRESSING_STYLE": "path",
    }


@dataclass
class MediaStore:
    """The store a parametrised test runs on: "local" (MEDIA_ROOT) or "s3" (a bucket)."""

    kind: str
    endpoint: str = ""
    bucket: str = ""

    def names(self) -> set[str]:
        return {item.name for item in stored_objects()}

    def keys(self) -> set[str]:
        """The bucket's keys as the server lists them (s3 only)."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {entry["Key"] for page in pages for entry in page.get("Contents", [])}

    def client(self) -> Any:
        return s3_client(self.endpoint)

    def empty(self) -> None:
        """Remove every stored file (what a lost disk or bucket leaves)."""
        from core.media import media_storage

        storage = media_storage()
        for name in self.names():
            storage.delete(name)
        assert self.names() == set()


def iter_server() -> Iterator[str]:
    server, endpoint = start_s3_server()
    try:
        yield endpoint
    finally:
        server.stop()
