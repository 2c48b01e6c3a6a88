"""Database side of backups: a consistent read-only snapshot to dump from, and a scratch database
to restore into when an archive is verified.

A snapshot is what makes a backup restorable while people keep working: every table is read at
one instant, so a row is never dumped without the rows it points at, and the row counts written
into the manifest are the counts of exactly the rows in the dump.

- SQLite: the database is copied with SQLite's online-backup API (`sqlite3.Connection.backup`,
  all pages in one step under one read lock) and the dump is read from the copy.
- PostgreSQL: the dump runs on its own connection inside one REPEATABLE READ, READ ONLY
  transaction (what `pg_dump` does), so every query sees the same snapshot.

Both are exposed as a temporary extra `DATABASES` alias, removed again afterwards.
"""

from __future__ import annotations

import copy
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import load_backend

SQLITE_METHOD = "sqlite-online-backup"
POSTGRESQL_METHOD = "postgresql-repeatable-read"


class SnapshotError(Exception):
    """The database cannot be snapshotted or a scratch database cannot be made."""


@dataclass(frozen=True)
class Snapshot:
    alias: str
    method: str


@contextmanager
def temporary_alias(settings_dict: dict[str, Any], prefix: str) -> Iterator[str]:
    """A database alias usable (`using=alias`) in this thread inside the block only.

    The connection is registered in this thread's `connections` but not in `DATABASES`, so
    nothing else iterates over it (and Django's test isolation treats it as the dynamically
    created connection it is). `settings_dict` is a configured one, e.g. a connection's."""
    alias = f"{prefix}_{secrets.token_hex(4)}"
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        copy.deepcopy(settings_dict), alias
    )
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


def _sqlite_copy(using: str, target: Path) -> None:
    source = connections[using]
    source.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # pages=-1 (the default): the whole database in one step, i.e. one consistent read.
        source.connection.backup(destination)
    finally:
        destination.close()


@contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[Snapshot]:
    """Yield an alias on which every read sees the database of `using` at one instant."""
    source = connections[using]
    if source.vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix="pramoen-snapshot-") as tmp:
            copy_path = Path(tmp) / "snapshot.sqlite3"
            _sqlite_copy(using, copy_path)
            settings_dict = {**source.settings_dict, "NAME": str(copy_path)}
            with (
                temporary_alias(settings_dict, "backup_snapshot") as alias,
                transaction.atomic(using=alias),
            ):
                yield Snapshot(alias, SQLITE_METHOD)
        return
    if source.vendor == "postgresql":
        with (
            temporary_alias(source.settings_dict, "backup_snapshot") as alias,
            transaction.atomic(using=alias),
        ):
            with connections[alias].cursor() as cursor:
                # Must be the first statement of the transaction.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SHOW transaction_isolation")
                level = cursor.fetchone()[0]
            if level != "repeatable read":
                raise SnapshotError(f"ไม่สามารถเปิด transaction แบบ REPEATABLE READ ได้ ({level})")
            yield Snapshot(alias, POSTGRESQL_METHOD)
        return
    raise SnapshotError(f"ยังไม่รองรับการสำรองฐานข้อมูลชนิด {source.vendor}")


@contextmanager
def scratch_database(using: str = DEFAULT_DB_ALIAS) -> Iterator[str]:
    """Yield the alias of a new, empty, migrated database of the same kind as `using`: a
    temporary SQLite file, or a scratch PostgreSQL database (dropped afterwards)."""
    source = connections[using]
    if source.vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix="pramoen-verify-") as tmp:
            settings_dict = {**source.settings_dict, "NAME": str(Path(tmp) / "verify.sqlite3")}
            with temporary_alias(settings_dict, "backup_verify") as alias:
                call_command("migrate", database=alias, interactive=False, verbosity=0)
                yield alias
        return
    if source.vendor == "postgresql":
        name = f"{source.settings_dict['NAME']}"[:40] + f"_verify_{secrets.token_hex(4)}"
        quoted = source.ops.quote_name(name)
        with source._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {quoted}")
        try:
            settings_dict = {**source.settings_dict, "NAME": name}
            with temporary_alias(settings_dict, "backup_verify") as alias:
                call_command("migrate", database=alias, interactive=False, verbosity=0)
                yield alias
        finally:
            with source._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        return
    raise SnapshotError(f"ยังไม่รองรับการตรวจสอบกับฐานข้อมูลชนิด {source.vendor}")
