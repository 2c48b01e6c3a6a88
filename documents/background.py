"""Documents built by the task worker (issue 19 item 4): the SAR, the executive summary and the
KPI sheets of a framework.

A click on the download button (documents.views.*_build) runs the kind's builder — queries
only, no rendering — and hashes its content (`content_hash`: a canonical serialisation of the
builder's dataclasses plus the kind, format, options, the PDF template's source and
RENDER_VERSION). The hash names a `BuiltDocument` row:

- none yet: the row is inserted (queued) and its job enqueued after commit; a concurrent click
  loses the insert on the unique constraint and reads the winner's row, so two clicks never
  start two jobs;
- queued or building: nothing starts, the page polls the row's status;
- ready: the stored file is served at once;
- failed, or stuck longer than PRAMOEN_DOCUMENT_JOB_STALE_SECONDS (a worker that died), or
  ready but the file is gone from storage: queued again by a compare-and-swap UPDATE, which only
  one of two concurrent clicks wins.

The worker (`build_document` → `document_job_build`) takes the row queued → building with the
same compare-and-swap, builds the content again from the database, renders it and stores the
file through the default storage (local disk or the object store). If the data changed while
the row waited, the content's hash no longer matches and the row fails with a message asking
for another click (which then keys the new data).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import json
import logging
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_noop

from core.audit import audit_log
from documents.chromium import PdfRenderError
from documents.models import BuiltDocument
from documents.registry import (
    DocumentOptions,
    build_content,
    check_format,
    document_kind,
    render_content,
)
from frameworks.models import Framework, ReportingRound

logger = logging.getLogger(__name__)

# Bump when a layout or renderer changes what a file looks like for the same content: every
# stored file is then built anew on the next click.
RENDER_VERSION = "1"
# Kinds built in the background, and their formats.
BACKGROUND_KINDS = ("sar", "executive-summary", "kpi-sheets")
BACKGROUND_FORMATS = ("pdf", "docx")

State = BuiltDocument.State

# Stored in Thai as they are; the status fragment shows them through gettext.
DATA_CHANGED = gettext_noop("ข้อมูลเปลี่ยนไประหว่างรอสร้างเอกสาร กรุณากดสร้างใหม่อีกครั้ง")
BUILD_FAILED = gettext_noop("เกิดข้อผิดพลาดระหว่างสร้างเอกสาร กรุณาลองใหม่อีกครั้ง")
SUBJECT_GONE = gettext_noop("ไม่พบข้อมูลที่ใช้สร้างเอกสารนี้แล้ว")


# The hash ---------------------------------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A JSON-ready form of a builder's content: dataclasses by field name, Decimals as their
    exact text (1.50 and 1.5 print differently), dates as ISO, bytes by their digest."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: canonical(getattr(value, f.name))
            for f in sorted(dataclasses.fields(value), key=lambda f: f.name)
        }
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Decimal):
        return f"D:{value}"
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "B:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in sorted(value.items(), key=str)}
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(item) for item in value), key=repr)
    raise TypeError(f"cannot hash a {type(value).__name__} in a document's content")


def _template_source(name: str) -> str:
    if not name:
        return ""
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return ""
    return str(getattr(getattr(template, "template", None), "source", ""))


def content_hash(slug: str, fmt: str, options: DocumentOptions, content: Any) -> str:
    kind = document_kind(slug)
    payload = {
        "version": RENDER_VERSION,
        "kind": slug,
        "format": fmt,
        "options": canonical(options),
        "template": hashlib.sha256(_template_source(kind.template).encode()).hexdigest()
        if fmt == "pdf"
        else "",
        "content": canonical(content),
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# Requesting -------------------------------------------------------------------------------------


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.PRAMOEN_DOCUMENT_JOB_STALE_SECONDS)


def _needs_requeue(job: BuiltDocument) -> bool:
    if job.state == State.FAILED:
        return True
    if job.in_progress:
        return job.updated_at < _stale_before()
    # Ready: the file must still be in storage (e.g. after moving media to another store).
    return not job.file or not job.file.storage.exists(job.file.name)


def document_job_request(
    user: AbstractBaseUser,
    slug: str,
    subject: ReportingRound | Framework,
    fmt: str,
    options: DocumentOptions,
) -> BuiltDocument:
    """The job for the document as its data stands now: an existing one (ready, or queued or
    building — nothing new starts) or a new one, queued. The caller found `subject` through the
    reader rule (documents.selectors), as the synchronous download does."""
    if slug not in BACKGROUND_KINDS or fmt not in BACKGROUND_FORMATS:
        raise ValueError(f"{slug}.{fmt} is not built in the background")
    kind = check_format(slug, fmt)
    digest = content_hash(slug, fmt, options, build_content(slug, subject, options))
    with transaction.atomic():
        job, created = BuiltDocument.objects.get_or_create(
            kind=slug,
            format=fmt,
            subject_id=subject.pk,
            content_hash=digest,
            defaults={
                "scope": kind.scope,
                "thai_digits": options.thai_digits,
                "drafts": options.drafts,
                "requested_by": user,
            },
        )
        if created:
            enqueue = True
        elif _needs_requeue(job):
            # Compare-and-swap on the state and time read: of two concurrent clicks one wins.
            now = timezone.now()
            enqueue = (
                BuiltDocument.objects.filter(
                    pk=job.pk, state=job.state, updated_at=job.updated_at
                ).update(
                    state=State.QUEUED,
                    error="",
                    requested_by=user,
                    updated_at=now,
                    attempts=F("attempts") + 1,
                )
                == 1
            )
            job.refresh_from_db()
        else:
            enqueue = False
        if enqueue:
            audit_log(
                user,
                "documents.build.requested",
                job,
                {"kind": slug, "format": fmt, "subject": subject.pk, "hash": digest[:16]},
            )
            job_id = job.pk
            transaction.on_commit(lambda: _enqueue(job_id), robust=True)
    return job


def _enqueue(job_id: int) -> None:
    from documents.tasks import build_document

    result = build_document.enqueue(job_id)
    BuiltDocument.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


# Building (the worker) --------------------------------------------------------------------------


def job_subject(job: BuiltDocument) -> ReportingRound | Framework | None:
    if job.scope == "round":
        return (
            ReportingRound.objects.select_related("framework__department__ministry")
            .filter(pk=job.subject_id)
            .first()
        )
    return (
        Framework.objects.select_related("department__ministry").filter(pk=job.subject_id).first()
    )


def job_options(job: BuiltDocument) -> DocumentOptions:
    return DocumentOptions(thai_digits=job.thai_digits, drafts=job.drafts)


def document_job_build(job_id: int) -> str:
    """Build one queued job; returns the state it ends in. A job that is not queued (another
    worker took it, or it is done) is left alone."""
    claimed = BuiltDocument.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.BUILDING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if claimed != 1:
        job = BuiltDocument.objects.filter(pk=job_id).first()
        return job.state if job else "missing"
    job = BuiltDocument.objects.get(pk=job_id)
    attempt = job.attempts
    try:
        subject = job_subject(job)
        if subject is None:
            return _fail(job, attempt, SUBJECT_GONE)
        options = job_options(job)
        content = build_content(job.kind, subject, options)
        if content_hash(job.kind, job.format, options, content) != job.content_hash:
            return _fail(job, attempt, DATA_CHANGED)
        document = render_content(job.kind, subject, job.format, content)
    except PdfRenderError as error:
        logger.exception("PDF rendering failed for built document %s", job_id)
        return _fail(job, attempt, str(error)[:500] or BUILD_FAILED)
    except Exception:
        logger.exception("building document %s failed", job_id)
        return _fail(job, attempt, BUILD_FAILED)
    # The storage (local disk or the object store) picks the final name.
    name = job.file.storage.save(
        job.file.field.generate_filename(job, document.ascii_name), ContentFile(document.content)
    )
    done = BuiltDocument.objects.filter(pk=job_id, state=State.BUILDING, attempts=attempt).update(
        state=State.READY,
        file=name,
        file_size=len(document.content),
        built_at=timezone.now(),
        updated_at=timezone.now(),
        error="",
    )
    if done != 1:  # queued again meanwhile (taken for stale): the newer attempt stores its own
        job.file.storage.delete(name)
        return BuiltDocument.objects.get(pk=job_id).state
    prune_superseded(job)
    return State.READY


SUPERSEDED_AFTER = datetime.timedelta(hours=1)


def prune_superseded(job: BuiltDocument) -> int:
    """Delete the files of the same document built from older data (other hashes), once they
    have been left alone for SUPERSEDED_AFTER — a download under way keeps its file."""
    old = BuiltDocument.objects.filter(
        kind=job.kind,
        format=job.format,
        subject_id=job.subject_id,
        thai_digits=job.thai_digits,
        drafts=job.drafts,
        state__in=(State.READY, State.FAILED),
        updated_at__lt=timezone.now() - SUPERSEDED_AFTER,
    ).exclude(pk=job.pk)
    pruned = 0
    for row in old:
        if row.file:
            row.file.storage.delete(row.file.name)
        row.delete()
        pruned += 1
    return pruned


def _fail(job: BuiltDocument, attempt: int, message: str) -> str:
    BuiltDocument.objects.filter(pk=job.pk, state=State.BUILDING, attempts=attempt).update(
        state=State.FAILED, error=message, updated_at=timezone.now()
    )
    return State.FAILED
