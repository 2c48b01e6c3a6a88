"""Uploaded files that are kept only if the row that names them is (issue 15 item 1).

A file is written to storage before its row is saved, inside the service's transaction. If that
transaction rolls back (a refusal after the upload, a lost lock, a dropped connection), the file
would stay behind with no row pointing at it. So every upload goes through `save_upload`, which
records the file in the active `orphans_removed()` scope; when the scope ends (the request, see
`core.middleware.UploadedFilesMiddleware`) each recorded file whose row is not in the database
is deleted. Asking the database, rather than hooking the commit, gives the right answer in
nested transactions and inside a test's transaction alike.

A process killed between the write and the commit can still leave a file: the
`media_orphans` command finds stored files that no FileField names (`--delete`).

A full disk (ENOSPC), an object store that refuses or cannot be reached, or any other storage
error becomes a Thai ValidationError on the field, never a 500, and the partly written file is
removed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from core.media import STORAGE_ERRORS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredFile:
    model: type[models.Model]
    field: str
    name: str


_scope: ContextVar[list[StoredFile] | None] = ContextVar("pramoen_stored_files", default=None)


def save_upload(fieldfile: FieldFile, name: str, content: File[bytes], *, field: str) -> None:
    """Write `content` as `fieldfile`'s file (the row itself is saved by the caller).

    `field` names the form field a storage failure is reported on."""
    storage = fieldfile.storage
    target = fieldfile.field.generate_filename(fieldfile.instance, name)
    target = storage.get_available_name(target, max_length=fieldfile.field.max_length)
    try:
        stored = storage.save(target, content, max_length=fieldfile.field.max_length)
    except STORAGE_ERRORS as error:
        logger.error("Could not store the upload %s: %s", target, error)
        _remove_partial(fieldfile, target)
        raise ValidationError(
            {field: _("บันทึกไฟล์ไม่สำเร็จ: พื้นที่เก็บไฟล์ของระบบเต็มหรือใช้งานไม่ได้ กรุณาแจ้งผู้ดูแลระบบ")}
        ) from error
    fieldfile.name = stored
    setattr(fieldfile.instance, fieldfile.field.attname, stored)
    fieldfile._committed = True  # type: ignore[attr-defined]  # as FieldFile.save does
    scope = _scope.get()
    if scope is not None:
        scope.append(StoredFile(type(fieldfile.instance), fieldfile.field.name, stored))


def _remove_partial(fieldfile: FieldFile, name: str) -> None:
    # `name` was free just before the write (get_available_name), so what is there now is ours.
    try:
        if fieldfile.storage.exists(name):
            fieldfile.storage.delete(name)
    except STORAGE_ERRORS:
        logger.warning("Could not remove the partly written file %s", name)


@contextmanager
def orphans_removed() -> Iterator[None]:
    """Delete, when the block ends, every file stored in it whose row is not in the database.

    Nested scopes hand their files to the outermost one, which decides once every transaction
    opened inside it has ended."""
    outer = _scope.get()
    mine: list[StoredFile] = []
    token = _scope.set(mine)
    try:
        yield
    finally:
        _scope.reset(token)
        if outer is not None:
            outer.extend(mine)
        else:
            remove_unreferenced(mine)


def remove_unreferenced(files: list[StoredFile]) -> None:
    for stored in files:
        try:
            referenced = stored.model._default_manager.filter(
                **{stored.field: stored.name}
            ).exists()
        except DatabaseError:
            # The database is gone (that is usually why the request failed): keep the file
            # rather than guess; `media_orphans` removes it later if it is one.
            logger.warning("Could not check whether %s is referenced; kept", stored.name)
            continue
        if referenced:
            continue
        field = stored.model._meta.get_field(stored.field)
        assert isinstance(field, models.FileField)
        try:
            field.storage.delete(stored.name)
        except STORAGE_ERRORS:
            logger.warning("Could not remove the unreferenced file %s", stored.name)
        else:
            logger.info("Removed %s: its transaction did not commit", stored.name)


def referenced_names() -> set[str]:
    """Every file name any FileField of any installed model holds."""
    from django.apps import apps

    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                column = field.attname
                rows = model._default_manager.exclude(**{column: ""}).values_list(column, flat=True)
                names.update(str(name) for name in rows if name)
    return names
