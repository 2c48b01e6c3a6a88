"""Where uploaded files live: local disk (the default) or an S3-compatible object store.

Settings choose `STORAGES["default"]` from the environment (STORAGE_BACKEND, AWS_*: see
pramoen/settings.py). Code reads and writes files only through the storage API (`open`, `save`,
`delete`, `stored_objects` here), never through a file's `.path`, which exists on disk only, so
every feature works on both.

- `serve_stored_file` is the one way a stored file reaches a browser. Its callers have fetched
  the row through their permission selector first (what a user may not see is a 404 before a
  byte or a URL is handed out). By default the bytes are streamed through the app
  (MEDIA_DOWNLOAD_MODE=stream); with MEDIA_DOWNLOAD_MODE=redirect and an S3 store the answer is a
  redirect to a signed URL valid for MEDIA_SIGNED_URL_SECONDS that names the file as an
  attachment. Never a public URL: objects are stored without an ACL (the bucket's private
  default), and local disk has no URL at all.
- `stored_objects` lists every stored file with its modification time (backup, media_orphans).
- `STORAGE_ERRORS` is what a failing store raises: OSError on disk, botocore's errors on S3.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseBase, HttpResponseRedirect
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)


def _storage_errors() -> tuple[type[Exception], ...]:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - django-storages[s3] is a dependency
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


STORAGE_ERRORS = _storage_errors()
CHUNK = 1 << 16


@dataclass(frozen=True)
class StoredObject:
    name: str  # as a FileField holds it (relative to MEDIA_ROOT or to the bucket's location)
    modified: float  # seconds since the epoch
    size: int


def media_storage() -> Storage:
    return default_storage


def s3_storage(storage: Storage) -> Any:
    """The storage as django-storages' S3Storage, or None when it is another kind."""
    if isinstance(storage, FileSystemStorage):
        return None
    from storages.backends.s3 import S3Storage

    return storage if isinstance(storage, S3Storage) else None


def stored_objects(storage: Storage | None = None) -> Iterator[StoredObject]:
    """Every file in the store, by name; one listing, not a request per file, on S3."""
    storage = storage or media_storage()
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        if not root.is_dir():
            return
        for path in sorted(root.rglob("*")):
            try:
                if not path.is_file():
                    continue
                stat = path.stat()
            except FileNotFoundError:  # removed while listing
                continue
            yield StoredObject(path.relative_to(root).as_posix(), stat.st_mtime, stat.st_size)
        return
    s3 = s3_storage(storage)
    if s3 is not None:
        prefix = f"{s3.location.strip('/')}/" if s3.location.strip("/") else ""
        for summary in s3.bucket.objects.filter(Prefix=prefix):
            if summary.key.endswith("/"):
                continue
            yield StoredObject(
                summary.key[len(prefix) :], summary.last_modified.timestamp(), summary.size
            )
        return
    yield from _listed(storage, "")  # pragma: no cover - any other Django storage


def _listed(storage: Storage, folder: str) -> Iterator[StoredObject]:  # pragma: no cover
    directories, files = storage.listdir(folder)
    for name in sorted(files):
        full = f"{folder}/{name}" if folder else name
        yield StoredObject(full, storage.get_modified_time(full).timestamp(), storage.size(full))
    for directory in sorted(directories):
        yield from _listed(storage, f"{folder}/{directory}" if folder else directory)


def is_missing(error: BaseException) -> bool:
    """Whether a storage error says the file is not there (removed meanwhile)."""
    if isinstance(error, FileNotFoundError):
        return True
    response = getattr(error, "response", None)  # botocore's ClientError
    if isinstance(response, dict):
        code = str(response.get("Error", {}).get("Code", ""))
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return code in {"404", "NoSuchKey", "NotFound"} or status == 404
    return False


def store_problem(storage: Storage | None = None) -> str | None:
    """Why the store cannot be used now (for a readiness check), or None when it can."""
    storage = storage or media_storage()
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        if root.exists() and not root.is_dir():
            return f"MEDIA_ROOT is not a folder: {root}"
        return None
    s3 = s3_storage(storage)
    if s3 is None:  # pragma: no cover - any other Django storage
        return None
    try:
        s3.connection.meta.client.head_bucket(Bucket=s3.bucket_name)
    except STORAGE_ERRORS as error:
        return f"bucket {s3.bucket_name} unreachable: {error}"
    return None


def open_stored(name: str, storage: Storage | None = None) -> IO[bytes]:
    handle: IO[bytes] = (storage or media_storage()).open(name, "rb")
    return handle


def put_exactly(name: str, source: IO[bytes], storage: Storage | None = None) -> None:
    """Store `source` under exactly `name`, replacing what is there (restore)."""
    storage = storage or media_storage()
    if storage.exists(name):
        storage.delete(name)
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as buffer:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            buffer.write(chunk)
        buffer.seek(0)
        stored = storage.save(name, File(buffer, name=name))
    if stored != name:
        raise OSError(f"the store kept {name} as {stored}")


def delete_after_commit(storage: Storage, name: str) -> None:
    """Remove a stored file once the transaction that dropped its row commits (best effort: a
    store that fails then leaves an orphan for `media_orphans`, never an error page)."""
    if not name:
        return

    def remove() -> None:
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.warning("Could not remove the stored file %s", name)

    transaction.on_commit(remove)


def signs_urls(storage: Storage) -> bool:
    """Whether `storage.url()` answers a signed, expiring URL (S3 without a custom domain)."""
    s3 = s3_storage(storage)
    return bool(s3 is not None and s3.querystring_auth and not s3.custom_domain)


def signed_url(storage: Storage, name: str, *, filename: str, content_type: str) -> str:
    """A URL that downloads `name` as the attachment `filename` for a short while only."""
    s3 = s3_storage(storage)
    assert s3 is not None, "signed URLs need an S3 store (signs_urls)"
    url: str = s3.url(
        name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, no-store",
        },
        expire=settings.PRAMOEN_MEDIA_SIGNED_URL_SECONDS,
    )
    return url


def serve_stored_file(stored: FieldFile, *, filename: str, content_type: str) -> HttpResponseBase:
    """The download of a stored file whose row the caller fetched through its permission
    selector (so a user who may not read it got a 404 before this).

    Always an attachment with the row's content type (never the type a browser guessed), so
    nothing uploaded is rendered inline or run (issue 6 item 3)."""
    storage, name = stored.storage, stored.name
    if not name:
        raise Http404
    response: HttpResponseBase
    if settings.PRAMOEN_MEDIA_DOWNLOAD == "redirect" and signs_urls(storage):
        response = HttpResponseRedirect(
            signed_url(storage, name, filename=filename, content_type=content_type)
        )
        response["Referrer-Policy"] = "no-referrer"
    else:
        try:
            handle = open_stored(name, storage)
        except FileNotFoundError as error:
            logger.error("Stored file %s is missing", name)
            raise Http404 from error
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
